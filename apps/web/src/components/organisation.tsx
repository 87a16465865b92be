// Units and bodies with their names by id, for charts, filters and the admin screen: asked once
// for the whole app (several screens asking the same query would update each other mid-render).
import { ReactNode, createContext, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql, ResultOf } from '../graphql/graphql';
import { TextFields } from '../graphql/fragments';
import { pickText } from './format';
import { canReadAll, useSession } from '../auth/session';

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

type Organisation = ResultOf<typeof OrganisationQuery>;
const OrganisationContext = createContext<{ data: Organisation | undefined; refresh: () => void }>({ data: undefined, refresh: () => {} });

export function OrganisationProvider({ children }: { children: ReactNode }) {
  // Only readers of everything may list units and bodies (DESIGN section 4).
  const [{ data }, refetch] = useQuery({ query: OrganisationQuery, pause: !canReadAll(useSession()) });
  // The admin's writes change the organisation: they ask for it afresh.
  const value = useMemo(() => ({ data, refresh: () => refetch({ requestPolicy: 'network-only' }) }), [data, refetch]);
  return <OrganisationContext.Provider value={value}>{children}</OrganisationContext.Provider>;
}

export function useOrganisation() {
  const { i18n } = useTranslation();
  const { data, refresh } = useContext(OrganisationContext);
  const language = i18n.language;
  // One object while the lists and the language stay, so a screen can memoise what it derives from it.
  return useMemo(() => {
    const name = (list: Array<{ id: string; name: Parameters<typeof pickText>[0] }> | undefined, id: string) =>
      pickText(list?.find((x) => x.id === id)?.name, language).text || id.slice(0, 8);
    return {
      units: data?.units ?? [],
      bodies: data?.bodies ?? [],
      loaded: data !== undefined,
      refresh,
      unitName: (id: string) => name(data?.units, id),
      bodyName: (id: string) => name(data?.bodies, id),
    };
  }, [data, refresh, language]);
}
