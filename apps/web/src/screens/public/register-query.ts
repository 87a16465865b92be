// The public register's query and its variables: the screen asks it, and so does the entry while the
// screen's module downloads (../first-queries.ts), with the same variables from the same function.
import { VariablesOf, graphql } from '../../graphql/graphql';
import { RecommendationPage, RecommendationRow } from '../../graphql/fragments';
import { filterFromParams } from '../../components/register-filter';
import { PAGE_SIZE } from '../../components/pager';

export const PublicRegisterQuery = graphql(
  `
    query PublicRegister($filter: RecommendationFilterInput, $first: Int, $after: String) {
      recommendations(filter: $filter, orderBy: ADOPTED_AT_DESC, first: $first, after: $after) {
        ...RecommendationPage
        edges {
          node {
            ...RecommendationRow
          }
        }
      }
    }
  `,
  [RecommendationPage, RecommendationRow],
);

/** The page the address names. */
export const publicRegisterVariables = (params: URLSearchParams) =>
  ({
    filter: filterFromParams(params),
    first: PAGE_SIZE,
    after: params.get('after') ?? undefined,
  }) satisfies VariablesOf<typeof PublicRegisterQuery>;
