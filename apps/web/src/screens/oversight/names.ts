// Names of units and bodies by id, for charts and filters.
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { TextFields } from '../../graphql/fragments';
import { pickText } from '../../components/format';
import { canReadAll, useSession } from '../../auth/session';

export const OrganisationQuery = graphql(
  `
    query Organisation {
      units {
        id
        parentUnitId
        kind
        status
        name {
          ...TextFields
        }
      }
      bodies {
        id
        region
        kind
        status
        hostUnitId
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields],
);

export function useOrganisation() {
  const { i18n } = useTranslation();
  // Only readers of everything may list units and bodies (DESIGN section 4).
  const [{ data }] = useQuery({ query: OrganisationQuery, requestPolicy: 'cache-first', pause: !canReadAll(useSession()) });
  const name = (list: Array<{ id: string; name: Parameters<typeof pickText>[0] }> | undefined, id: string) =>
    pickText(list?.find((x) => x.id === id)?.name, i18n.language).text || id.slice(0, 8);
  return {
    units: data?.units ?? [],
    bodies: data?.bodies ?? [],
    unitName: (id: string) => name(data?.units, id),
    bodyName: (id: string) => name(data?.bodies, id),
  };
}
