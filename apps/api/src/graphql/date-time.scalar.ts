import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** RFC 3339, as gRPC's `occurredAt` takes it; the date must also be one (2020-13-45 is not). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parse(value: unknown): Date {
  const date = typeof value === 'string' && RFC3339.test(value) ? new Date(value) : null;
  if (date && !Number.isNaN(date.getTime())) return date;
  throw new GraphQLError('a DateTime is an RFC 3339 time, such as 2026-02-05T10:00:00Z', { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * The DateTime every argument and input field takes, in place of Nest's (which let `2020-13-45…`
 * through as an invalid Date, and the first `toISOString()` made it an INTERNAL_SERVER_ERROR): one that
 * is not a time is refused as bad input, in a literal (validation) or a variable (coercion) alike.
 * Same name and description, so the schema reads as before.
 */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : null),
});
