// The register's query and its variables: the screen asks it, and so does the entry while the
// screen's module downloads (../first-queries.ts), with the same variables from the same function.
import { VariablesOf, graphql } from '../../graphql/graphql';
import { RecommendationPage, RecommendationRow } from '../../graphql/fragments';
import { filterFromParams, only } from '../../components/register-filter';
import { asOfFrom } from '../../components/as-of';

export const RegisterQuery = graphql(
  `
    query Register($filter: RecommendationFilterInput, $orderBy: RecommendationOrder, $after: String, $asOf: DateTime) {
      recommendations(filter: $filter, orderBy: $orderBy, first: 25, after: $after, asOf: $asOf) {
        ...RecommendationPage
        edges {
          node {
            ...RecommendationRow
            originalDueDate
            extensions
            meeting {
              id
              number
            }
          }
        }
      }
    }
  `,
  [RecommendationPage, RecommendationRow],
);

export const ORDERS = ['ADOPTED_AT_DESC', 'ADOPTED_AT_ASC', 'DUE_DATE_ASC', 'UPDATED_AT_DESC'] as const;

/** The page of the register the address names: its filter, order, cursor and as-of date. */
export function registerVariables(params: URLSearchParams) {
  return {
    filter: filterFromParams(params),
    orderBy: only(ORDERS, [params.get('order') ?? ''])[0] ?? 'ADOPTED_AT_DESC',
    after: params.get('after') ?? undefined,
    asOf: asOfFrom(params).asOf,
  } satisfies VariablesOf<typeof RegisterQuery>;
}
