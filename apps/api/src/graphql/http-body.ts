import { json } from 'body-parser';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppConfig } from '../config';
import { RateBudget } from '../auth/rate-budget';
import { documentTooLong } from './gate';

type Refusal = { status: number; code: string; message: string };

/**
 * A refusal before Apollo sees the request: it spends the caller's budget as every operation does
 * (over the budget it is RATE_LIMITED instead), and answers as GraphQL errors do.
 */
async function refuse(budget: RateBudget, req: Request, res: Response, refusal: Refusal, close = false): Promise<void> {
  const { key } = await budget.caller(req.headers.authorization, req.socket.remoteAddress, req.headers['x-forwarded-for']);
  const { status, code, message } = (await budget.take(key, 'graphql'))
    ? refusal
    : { status: 429, code: 'RATE_LIMITED', message: RateBudget.refusal().message };
  // The rest of an oversized body is not worth reading: the connection ends with the answer.
  if (close) res.setHeader('Connection', 'close');
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

const tooLarge = (limit: number, length?: number): Refusal => ({
  status: 413,
  code: 'PAYLOAD_TOO_LARGE',
  message: `the request body is ${length === undefined ? `over ${limit}` : length} bytes; GraphQL takes at most ${limit} (GRAPHQL_BODY_LIMIT)`,
});

/**
 * How GraphQL over HTTP reads its body, ahead of the general body parser: at most GRAPHQL_BODY_LIMIT
 * bytes, refused by its Content-Length before a byte is read (and counted as it comes when chunked),
 * then a document too long to parse is refused before Apollo hashes and parses it. A huge document
 * so costs about what a trivial query does.
 */
export function graphqlBody(config: AppConfig, budget: RateBudget): Array<RequestHandler | ErrorRequestHandler> {
  const limit = config.graphql.bodyLimit;
  const answer = (req: Request, res: Response, next: (error?: unknown) => void, refusal: Refusal, close?: boolean) =>
    void refuse(budget, req, res, refusal, close).catch(next);
  const declared: RequestHandler = (req, res, next) => {
    const length = Number(req.headers['content-length']);
    if (length > limit) return answer(req, res, next, tooLarge(limit, length), true);
    next();
  };
  const unreadable: ErrorRequestHandler = (error: { type?: string; message?: string }, req, res, next) => {
    if (error.type === 'entity.too.large') return answer(req, res, next, tooLarge(limit), true);
    if (error.type === 'entity.parse.failed')
      return answer(req, res, next, { status: 400, code: 'BAD_REQUEST', message: `the body is not JSON: ${error.message}` });
    next(error);
  };
  const document: RequestHandler = (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    const refused = typeof query === 'string' ? documentTooLong(query) : undefined;
    if (refused) return answer(req, res, next, { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: refused.message });
    next();
  };
  return [declared, json({ limit }), unreadable, document];
}
