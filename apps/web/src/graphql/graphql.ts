// Typed GraphQL documents: the introspection in graphql-env.d.ts comes from apps/api/schema.graphql
// (`npm run web:schema`), so a schema change that breaks a document fails `tsc`.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
