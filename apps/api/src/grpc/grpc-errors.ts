import { Metadata, status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { toPublicError } from '../public-error';

const STATUS_BY_CODE: Record<string, status> = {
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_RESPONSIBLE_UNIT: status.PERMISSION_DENIED,
  SELF_VERIFICATION: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  CONFLICT: status.ABORTED,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  BAD_USER_INPUT: status.INVALID_ARGUMENT,
  TIMEOUT: status.DEADLINE_EXCEEDED,
  UNAVAILABLE: status.UNAVAILABLE,
  RATE_LIMITED: status.RESOURCE_EXHAUSTED,
  INTERNAL_SERVER_ERROR: status.INTERNAL,
};

/**
 * The longest message a status carries. It travels in the trailers, and a message that names a huge
 * input (a 120 KB id, "not found") made them larger than HTTP/2 lets through: the call was never
 * answered and its buffers stayed.
 */
const MESSAGE_CHARS = 1000;

/** The same errors as GraphQL, as gRPC statuses; other domain rules are FAILED_PRECONDITION. */
export function toRpcException(error: unknown): RpcException {
  const { code, message } = toPublicError(error);
  const metadata = new Metadata();
  metadata.set('error-code', code);
  const said = message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message;
  return new RpcException({ code: STATUS_BY_CODE[code] ?? status.FAILED_PRECONDITION, message: `[${code}] ${said}`, metadata });
}
