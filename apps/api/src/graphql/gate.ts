import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  ParseOptions,
  ValidationContext,
  ValidationRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { operationCost } from './complexity';

/**
 * The limits every GraphQL document meets before anything runs, over HTTP and WebSocket alike. The
 * web app's largest document is about 300 tokens, 7 levels deep, with no aliases.
 */
export const DOCUMENT_LIMITS = {
  /** Counted by the parser itself, which stops at the limit: a huge document costs no more than this. */
  maxTokens: 1_000,
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 30,
  maxCost: 20_000,
  /** Largest WebSocket message (a document with its variables); HTTP bodies have BODY_LIMIT. */
  maxMessageBytes: 64 * 1024,
} as const;

export const GATE_PARSE_OPTIONS: ParseOptions = { maxTokens: DOCUMENT_LIMITS.maxTokens };
/**
 * Validation stops at the sixth error: a document built to fail many ways (twelve fragments that all
 * spread one another make dozens of cycle errors, each with its locations) costs no more than five.
 */
export const GATE_VALIDATION_OPTIONS = { maxErrors: 5 };

const reportArmor = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
  );

/**
 * graphql-armor's depth, alias and directive rules: each fragment is measured once and remembered,
 * so a chain or cycle of spreads costs time linear in the document (a cycle is then refused by
 * graphql's own NoFragmentCycles rule). Fragments do not add depth, as inline fragments do not.
 */
export function gateValidationRules(production: boolean): ValidationRule[] {
  const refuse = { propagateOnRejection: false, onReject: [reportArmor], exposeLimits: true };
  // Only armor's validation rules: its token limit and suggestion masking are Apollo plugins that
  // WebSocket operations would not pass through (the parser's own maxTokens and formatError do instead),
  // and its cost estimate ignores variables and default page sizes (see complexity.ts).
  const { validationRules } = new ApolloArmor({
    maxDepth: { ...refuse, n: DOCUMENT_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { ...refuse, n: DOCUMENT_LIMITS.maxAliases },
    maxDirectives: { ...refuse, n: DOCUMENT_LIMITS.maxDirectives },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return [...validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
}

/** The cost refusal, or a variables refusal when they cannot be coerced; undefined when the operation may run. */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  const cost = operationCost(schema, document, operationName, variables ?? {});
  if ('errors' in cost) return cost.errors[0];
  if (cost.cost > DOCUMENT_LIMITS.maxCost) {
    return new GraphQLError(`the query would cost ${cost.cost}; the limit is ${DOCUMENT_LIMITS.maxCost}: ask for fewer items or fields`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
    });
  }
  return undefined;
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** graphql-js 16 always suggests names ("Did you mean …?"): in production they would map the schema for anyone. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Parses and validates a document the way Apollo does over HTTP, with the same limits: for transports
 * Apollo does not serve (GraphQL over WebSocket). Answers the parsed document, or the refusals.
 */
export function admitDocument(
  schema: GraphQLSchema,
  production: boolean,
  request: { query: unknown; operationName?: unknown; variables?: unknown },
): { document: DocumentNode } | { errors: GraphQLError[] } {
  if (typeof request.query !== 'string') {
    return { errors: [new GraphQLError('the message has no query', { extensions: { code: 'BAD_USER_INPUT' } })] };
  }
  let document: DocumentNode;
  try {
    document = parse(request.query, GATE_PARSE_OPTIONS);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : String(error);
    return { errors: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...gateValidationRules(production)], GATE_VALIDATION_OPTIONS);
  if (invalid.length) {
    return {
      errors: invalid.map(
        (e) =>
          new GraphQLError(production ? withoutSuggestions(e.message) : e.message, {
            nodes: e.nodes,
            extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      ),
    };
  }
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const variables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
  const refused = costRefusal(schema, document, operationName, variables);
  if (refused) return { errors: [production ? new GraphQLError(withoutSuggestions(refused.message), refused) : refused] };
  return { document };
}
