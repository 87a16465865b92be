import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { toPublicError } from '../public-error';
import { withoutSuggestions } from './gate';

export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const { code, message, details } = toPublicError(error);
  return new GraphQLError(message, { extensions: { code, ...(details ? { details } : {}) } });
}

/**
 * What a client sees of any error, over HTTP and WebSocket alike: an error thrown by a field's resolver
 * keeps its real code (UNAUTHENTICATED, not INTERNAL_SERVER_ERROR), no stack trace, and in production
 * no "Did you mean …?" suggestions that would map the schema for anyone.
 */
export function formatPublicError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  let extensions: Record<string, unknown> = { ...formatted.extensions };
  let message = formatted.message;
  if (original && !(original instanceof GraphQLError)) {
    const known = toPublicError(original);
    message = known.message;
    extensions = { code: known.code, ...(known.details ? { details: known.details } : {}) };
  }
  delete extensions.stacktrace;
  return { ...formatted, message: production ? withoutSuggestions(message) : message, extensions };
}
