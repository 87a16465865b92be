import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Names of the fields a query selects on this resolver's result, through inline fragments and
 * named fragments, so a resolver can skip work for fields nobody asked for. (Ten lines of walking
 * the AST; graphql-parse-resolve-info does more than this needs.)
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else walk(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return names;
}
