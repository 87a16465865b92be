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
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  typeFromAST,
} from 'graphql';
import { MAX_PAGE } from '@gov/read-model';

type Cost = { cost: number } | { errors: readonly GraphQLError[] };

/**
 * What an operation would cost: each field 1, plus its selection's cost; a list field with `first` costs
 * its page (as served: `first`, default 50, at most MAX_PAGE) times each item's selection.
 *
 * Linear in the document, as execution is: a selection set takes each fragment once however often it is
 * spread (as graphql's collectFields does), and each field node is costed once and remembered, so a
 * chain of fragments that spread the next one twice is not walked 2^n times (graphql-query-complexity
 * re-walks a fragment at every spread; graphql-armor's cost ignores variables and default page sizes).
 */
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
  const setCost = (set: SelectionSetNode, type: GraphQLNamedType): number =>
    fieldsOf(set, type, [], new Set()).reduce((sum, [field, parent]) => sum + fieldCost(field, parent), 0);
  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    const known = costs.get(node);
    if (known !== undefined) return known;
    // A field met again while being costed can only come from a fragment cycle (refused by validation).
    costs.set(node, Infinity);
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    let cost = 1;
    if (def && node.selectionSet) {
      const child = setCost(node.selectionSet, getNamedType(def.type));
      if (def.args.some((a) => a.name === 'first')) {
        const first = getArgumentValues(def, node, variables).first;
        cost += (typeof first === 'number' ? Math.min(Math.max(first, 1), MAX_PAGE) : 50) * child;
      } else cost += child;
    }
    costs.set(node, cost);
    return cost;
  };
  const root = schema.getRootType(operation.operation);
  return { cost: root ? setCost(operation.selectionSet, root) : 0 };
}
