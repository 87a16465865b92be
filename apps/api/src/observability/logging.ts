import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { AppConfig } from '../config';

/** The same shape GraphQL and gRPC accept from callers; anything else is replaced, never echoed. */
export const CORRELATION_ID = /^[\w-]{1,100}$/;
export const CORRELATION_HEADER = 'x-correlation-id';
const REQUEST_HEADER = 'x-request-id';

const validHeader = (value: string | string[] | undefined) => {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && CORRELATION_ID.test(v) ? v : undefined;
};

type Request = IncomingMessage & { actorSub?: string };

/**
 * Gives every HTTP request an id and a correlation id (the caller's, or a new one), both echoed in
 * the response headers; the correlation id is the one the GraphQL context puts on the events.
 */
function identify(req: Request, res: ServerResponse): string {
  const id = validHeader(req.headers[REQUEST_HEADER]) ?? randomUUID();
  const correlationId = validHeader(req.headers[CORRELATION_HEADER]) ?? id;
  req.headers[CORRELATION_HEADER] = correlationId;
  res.setHeader(REQUEST_HEADER, id);
  res.setHeader(CORRELATION_HEADER, correlationId);
  return id;
}

/**
 * JSON logs (pino): level, ISO time, request id, correlation id and actor sub on every line of a
 * request; pretty in a terminal outside production. Headers are never logged, so neither are tokens.
 */
export function loggerModule(config: AppConfig) {
  const pretty = !config.production && process.stdout.isTTY;
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      timestamp: stdTimeFunctions.isoTime,
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      formatters: pretty ? undefined : { level: (label: string) => ({ level: label }) },
      genReqId: (req, res) => identify(req, res),
      quietReqLogger: true,
      customProps: (req: Request) => ({ correlationId: req.headers[CORRELATION_HEADER], actor: req.actorSub }),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    },
  });
}
