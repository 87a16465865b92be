// Headline figures over published recommendations, from the recommendations connection's counts
// (anonymous readers may not ask recommendationStats yet).
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { useFormat } from '../../components/format';
import { Figure } from '../../components/ui';

const HeadlineQuery = graphql(`
  query Headline($bodyIds: [ID!]) {
    adopted: recommendations(filter: { bodyIds: $bodyIds }, first: 1) {
      totalCount
    }
    implemented: recommendations(filter: { bodyIds: $bodyIds, statuses: [CLOSED_IMPLEMENTED] }, first: 1) {
      totalCount
    }
    notImplemented: recommendations(filter: { bodyIds: $bodyIds, statuses: [CLOSED_NOT_IMPLEMENTED] }, first: 1) {
      totalCount
    }
    overdue: recommendations(filter: { bodyIds: $bodyIds, overdue: true }, first: 1) {
      totalCount
    }
  }
`);

export function HeadlineFigures({ bodyId }: { bodyId?: string }) {
  const { t } = useTranslation('public');
  const { number, percent } = useFormat();
  const [{ data }] = useQuery({ query: HeadlineQuery, variables: { bodyIds: bodyId ? [bodyId] : null } });
  if (!data) return null;
  const closed = data.implemented.totalCount + data.notImplemented.totalCount;
  return (
    <div className="figures" aria-label={t('figures')}>
      <Figure label={t('adopted')} value={number(data.adopted.totalCount)} />
      <Figure label={t('implemented')} value={number(data.implemented.totalCount)} tone="good" />
      <Figure label={t('overdue')} value={number(data.overdue.totalCount)} tone={data.overdue.totalCount ? 'bad' : undefined} />
      <Figure label={t('implementationRate')} value={closed ? percent(data.implemented.totalCount / closed) : '—'} />
    </div>
  );
}
