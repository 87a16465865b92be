// Headline figures over published recommendations, from recommendationStats.
import { useTranslation } from 'react-i18next';
import { graphql, ResultOf } from '../../graphql/graphql';
import { useFormat } from '../../components/format';
import { Figure } from '../../components/ui';

export const HeadlineStats = graphql(`
  fragment HeadlineStats on RecommendationStatsGroup @_unmask {
    key
    total
    implemented
    overdue
    implementationRate
  }
`);

type Stats = ResultOf<typeof HeadlineStats>;

/** The figures of one group; a body with no published recommendation has no group and shows zeros. */
export function HeadlineFigures({ stats }: { stats: Stats | undefined }) {
  const { t } = useTranslation('public');
  const { number, percent } = useFormat();
  const overdue = stats?.overdue ?? 0;
  return (
    <div className="figures" aria-label={t('figures')}>
      <Figure label={t('adopted')} value={number(stats?.total ?? 0)} />
      <Figure label={t('implemented')} value={number(stats?.implemented ?? 0)} tone="good" />
      <Figure label={t('overdue')} value={number(overdue)} tone={overdue ? 'bad' : undefined} />
      <Figure label={t('implementationRate')} value={percent(stats?.implementationRate)} />
    </div>
  );
}
