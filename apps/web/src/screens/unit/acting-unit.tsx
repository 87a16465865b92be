// The unit a person acts for: one of the `unit:<id>` roles of their token; with several, they pick
// (kept in the address as ?unit=, so links and reloads keep the choice).
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { TextFields } from '../../graphql/fragments';
import { scopedIds, useSession } from '../../auth/session';
import { pickText } from '../../components/format';

const UnitsQuery = graphql(
  `
    query ActingUnits {
      units {
        id
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields],
);

export function useActingUnit(): { unitId: string | null; unitIds: string[] } {
  const session = useSession();
  const [params] = useSearchParams();
  const unitIds = scopedIds(session, 'unit');
  const wanted = params.get('unit');
  return { unitId: wanted && unitIds.includes(wanted) ? wanted : (unitIds[0] ?? null), unitIds };
}

export function ActingUnitPicker() {
  const { t, i18n } = useTranslation('unit');
  const { unitId, unitIds } = useActingUnit();
  const [params, setParams] = useSearchParams();
  const [result] = useQuery({ query: UnitsQuery });
  const name = (id: string) => {
    const unit = result.data?.units.find((u) => u.id === id);
    return unit ? pickText(unit.name, i18n.language).text : id;
  };
  if (unitIds.length < 2) return unitId ? <p className="lead">{name(unitId)}</p> : null;
  return (
    <label className="acting-unit">
      {t('actingFor')}{' '}
      <select
        value={unitId ?? ''}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set('unit', e.target.value);
          next.delete('after');
          setParams(next);
        }}
      >
        {unitIds.map((id) => (
          <option key={id} value={id}>
            {name(id)}
          </option>
        ))}
      </select>
    </label>
  );
}
