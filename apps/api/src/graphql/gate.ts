import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  GraphQLError,
  Kind,
  NoFragmentCyclesRule,
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
  maxCost: 30_000,
  /**
   * A longer document is refused before it is parsed or hashed: the web app's largest is 1.5 K, and
   * this still takes three 10 000-character texts written inline (they belong in variables).
   */
  maxDocumentChars: 64 * 1024,
} as const;

export const GATE_PARSE_OPTIONS: ParseOptions = { maxTokens: DOCUMENT_LIMITS.maxTokens };
/** Each pass of validation stops at the sixth error: twelve fragments that all spread one another make dozens. */
const VALIDATION_OPTIONS = { maxErrors: 5 };
/** The same field (response name) asked for more often than this in one selection set is refused. */
const MAX_REPEATS = 10;

const refusal = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });

const reportArmor = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(refusal(error.message.replace(/^Syntax Error: /, '')));

/**
 * graphql's OverlappingFieldsCanBeMerged compares every pair of fields with one response name: a field
 * repeated a thousand times is half a million comparisons. No client needs one field ten times.
 */
const RepeatedFieldsRule: ValidationRule = (context) => ({
  SelectionSet(node) {
    const seen = new Map<string, number>();
    for (const s of node.selections) {
      if (s.kind !== Kind.FIELD) continue;
      const name = (s.alias ?? s.name).value;
      const times = (seen.get(name) ?? 0) + 1;
      seen.set(name, times);
      if (times === MAX_REPEATS + 1) context.reportError(refusal(`"${name}" is asked for more than ${MAX_REPEATS} times in one selection`));
    }
  },
});

/**
 * The first pass: limits that cost time linear in the document, so a document built to be slow is
 * refused before graphql's own rules (some of which are quadratic in what they compare) see it.
 * graphql-armor's depth, alias and directive rules measure each fragment once and remember it, so a
 * chain or cycle of spreads is not walked path by path; fragments add no depth, as inline ones do not.
 */
function limitRules(production: boolean): ValidationRule[] {
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
  return [RepeatedFieldsRule, ...validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
}

/** The cost refusal, or a variables refusal when they cannot be coerced; undefined when the operation may run. */
function costRefusal(
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
 * The gate every parsed operation passes, over HTTP (an Apollo plugin, Apollo's own validation being
 * off) and WebSocket alike: the linear limits, then graphql's rules, then the cost with the variables.
 * Answers the refusals; none when the operation may run.
 */
export function refusalsOf(
  schema: GraphQLSchema,
  production: boolean,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError[] {
  let invalid: readonly GraphQLError[] = [];
  // Cycles first: what the other limits measure of a fragment that spreads itself is not its depth.
  for (const rules of [[NoFragmentCyclesRule], limitRules(production), specifiedRules]) {
    invalid = validate(schema, document, rules, VALIDATION_OPTIONS);
    if (invalid.length) break;
  }
  if (invalid.length) {
    return invalid.map(
      (e) =>
        new GraphQLError(production ? withoutSuggestions(e.message) : e.message, {
          nodes: e.nodes,
          extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
        }),
    );
  }
  const refused = costRefusal(schema, document, operationName, variables);
  return refused ? [refused] : [];
}

/** A document too long to be worth parsing (over HTTP and WebSocket alike); undefined when it may be parsed. */
export function documentTooLong(query: string): GraphQLError | undefined {
  if (query.length <= DOCUMENT_LIMITS.maxDocumentChars) return undefined;
  return new GraphQLError(
    `the document is ${query.length} characters; at most ${DOCUMENT_LIMITS.maxDocumentChars} are parsed: send long texts as variables`,
    { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } },
  );
}

/** Parses a document with the gate's token limit and passes it through the gate: for GraphQL over WebSocket. */
export function admitDocument(
  schema: GraphQLSchema,
  production: boolean,
  request: { query: unknown; operationName?: unknown; variables?: unknown },
): { document: DocumentNode } | { errors: GraphQLError[] } {
  if (typeof request.query !== 'string') {
    return { errors: [new GraphQLError('the message has no query', { extensions: { code: 'BAD_USER_INPUT' } })] };
  }
  const tooLong = documentTooLong(request.query);
  if (tooLong) return { errors: [tooLong] };
  let document: DocumentNode;
  try {
    document = parse(request.query, GATE_PARSE_OPTIONS);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : String(error);
    return { errors: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
  }
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const variables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
  const errors = refusalsOf(schema, production, document, operationName, variables);
  return errors.length ? { errors } : { document };
}
