import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  Kind,
  SelectionSetNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isListType,
  isObjectType,
  typeFromAST,
} from 'graphql';
import { MAX_PAGE } from '@gov/read-model';

/**
 * A list with no `first` (a meeting's recommendations, a recommendation's timeline, all units) is
 * costed as this many items: a page of it. Lists of a page's own type (a connection's edges) are that
 * page, counted by its `first`. Measured on the web app's documents: its largest (the work queue, five
 * sections of 50) costs 22 316 so.
 */
export const UNPAGED_LIST = 10;

type Cost = { cost: number } | { errors: readonly GraphQLError[] };

/**
 * What an operation would cost: each field 1, plus its selection's cost; a list field with `first` costs
 * its page (as served: `first`, default 50, at most MAX_PAGE) times each item's selection, one without
 * `first` UNPAGED_LIST times. A list asked for within itself (a meeting's recommendations, each one's
 * meeting, its recommendations again: 60 items became 60^3 in 145 characters) is refused, whatever the
 * cost: no screen needs it, and its real size grows as a power of the data's.
 *
 * Linear in the document, as execution is: a selection set takes each fragment once however often it is
 * spread (as graphql's collectFields does), and each field node is costed once and remembered, so a
 * chain of fragments that spread the next one twice is not walked 2^n times (graphql-query-complexity
 * re-walks a fragment at every spread; graphql-armor's cost ignores variables and default page sizes).
 */
/** The types a field with `first` answers (a connection): their lists are that page, already counted by `first`. */
const pages = new WeakMap<GraphQLSchema, Set<string>>();
function pagesOf(schema: GraphQLSchema): Set<string> {
  let found = pages.get(schema);
  if (!found) {
    found = new Set();
    for (const type of Object.values(schema.getTypeMap()))
      if (isObjectType(type))
        for (const field of Object.values(type.getFields()))
          // A list with `first` (upcomingMeetings) is the page itself, not a connection holding it.
          if (field.args.some((a) => a.name === 'first') && !isListType(getNullableType(field.type)))
            found.add(getNamedType(field.type).name);
    pages.set(schema, found);
  }
  return found;
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown>,
): Cost {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { errors: [new GraphQLError('Unable to identify operation', { extensions: { code: 'BAD_USER_INPUT' } })] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 5 });
  if (coerced.errors) {
    return {
      errors: coerced.errors.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }),
      ),
    };
  }
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const costs = new Map<FieldNode, number>();
  /** The unpaged lists (`Type.field`) a field's selection asks for, itself included. */
  const listsOf = new Map<FieldNode, Set<string>>();
  /** The first list found asked for within itself (set inside the walk's closures). */
  const cycle: { list?: string } = {};
  const pageTypes = pagesOf(schema);

  const fieldsOf = (set: SelectionSetNode, type: GraphQLNamedType, into: Array<[FieldNode, GraphQLNamedType]>, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) into.push([s, type]);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        fieldsOf(s.selectionSet, (s.typeCondition && typeFromAST(schema, s.typeCondition)) || type, into, seen);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) fieldsOf(fragment.selectionSet, typeFromAST(schema, fragment.typeCondition) ?? type, into, seen);
      }
    }
    return into;
  };
  const setCost = (set: SelectionSetNode, type: GraphQLNamedType, lists: Set<string>): number =>
    fieldsOf(set, type, [], new Set()).reduce((sum, [field, parent]) => {
      const cost = fieldCost(field, parent);
      for (const list of listsOf.get(field) ?? []) lists.add(list);
      return sum + cost;
    }, 0);
  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    const known = costs.get(node);
    if (known !== undefined) return known;
    // A field met again while being costed can only come from a fragment cycle (refused by validation).
    costs.set(node, Infinity);
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    let cost = 1;
    const lists = new Set<string>();
    if (def && node.selectionSet) {
      const child = setCost(node.selectionSet, getNamedType(def.type), lists);
      const unpaged = isListType(getNullableType(def.type)) && !pageTypes.has(parent.name);
      const coordinate = `${parent.name}.${def.name}`;
      if (unpaged && lists.has(coordinate)) cycle.list ??= coordinate;
      if (unpaged) lists.add(coordinate);
      if (def.args.some((a) => a.name === 'first')) {
        const first = getArgumentValues(def, node, variables).first;
        cost += (typeof first === 'number' ? Math.min(Math.max(first, 1), MAX_PAGE) : 50) * child;
      } else cost += (unpaged ? UNPAGED_LIST : 1) * child;
    }
    listsOf.set(node, lists);
    costs.set(node, cost);
    return cost;
  };
  const root = schema.getRootType(operation.operation);
  const cost = root ? setCost(operation.selectionSet, root, new Set()) : 0;
  if (cycle.list) {
    const message = `${cycle.list} is asked for within itself: ask for it once, and for what else you need by its id`;
    return { errors: [new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } })] };
  }
  return { cost };
}
