import { BadRequestException, HttpException, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ValidationError } from 'class-validator';
import { DomainError } from '@gov/domain';
import {
  IdempotencyMismatchError,
  InvalidInputError,
  StoreFileError,
  UnavailableError,
  WrongExpectedRevisionError,
} from '@gov/event-store';
import { GovernanceError } from '@gov/governance';
import { ProjectionTimeoutError } from '@gov/read-model';

export interface PublicError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Flattens class-validator errors into "field: problem" lines a person can act on. */
export function validationDetails(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`), ...validationDetails(e.children ?? [], path)];
  });
}

const logger = new Logger('Errors');

/** One mapping from anything thrown to what clients see: a stable code, a useful message, no internals. */
export function toPublicError(error: unknown): PublicError {
  if (error instanceof DomainError) {
    return {
      code: error.code === 'VALIDATION_FAILED' ? 'BAD_USER_INPUT' : error.code,
      message: error.message,
      details: { ...error.details, domainCode: error.code },
    };
  }
  if (error instanceof GovernanceError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyMismatchError)
    return { code: 'CONFLICT', message: error.message };
  if (error instanceof ProjectionTimeoutError) return { code: 'TIMEOUT', message: error.message };
  if (error instanceof InvalidInputError) return { code: 'BAD_USER_INPUT', message: error.message };
  if (error instanceof UnavailableError) {
    logger.warn(`${error.message} (${error.detail})`);
    return { code: 'UNAVAILABLE', message: error.message, details: { resource: error.resource, reason: error.reason, retryable: true } };
  }
  if (error instanceof BadRequestException) {
    const body = error.getResponse() as { message?: string | string[] };
    const messages = Array.isArray(body.message) ? body.message : [body.message ?? error.message];
    return { code: 'BAD_USER_INPUT', message: messages.join('; '), details: { problems: messages } };
  }
  if (error instanceof HttpException && error.getStatus() === 429) return { code: 'RATE_LIMITED', message: 'too many requests; slow down' };
  if (error instanceof StoreFileError) logger.error(error.message);
  else logger.error(error instanceof Error ? error.stack : String(error));
  return { code: 'INTERNAL_SERVER_ERROR', message: 'something went wrong on our side; it has been logged' };
}

/** The HTTP status of each public code (files, reports, open data, feeds); anything else is a 500. */
const HTTP_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  EVIDENCE_FILE_CHANGED: 500,
  TIMEOUT: 503,
  UNAVAILABLE: 503,
};

export const httpStatusOf = (code: string): number => HTTP_STATUS[code] ?? 500;

export function sendJson(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** A refusal over HTTP: its stable code, message and details as JSON, with the code's status. */
export function sendRefusal(res: ServerResponse, error: unknown): void {
  const { code, message, details } = toPublicError(error);
  sendJson(res, httpStatusOf(code), { code, message, ...(details ? { details } : {}) });
}
