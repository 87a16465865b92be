// Headline figures over published recommendations, from recommendationStats.
import { useTranslation } from 'react-i18next';
import { ResultOf } from '../../graphql/graphql';
import { HeadlineStats } from './page-queries';
import { useFormat } from '../../components/format';
import { Figure, RateFigures } from '../../components/ui';

type Stats = ResultOf<typeof HeadlineStats>;

/** The figures of one group; a body with no published recommendation has no group and shows zeros. */
export function HeadlineFigures({ stats }: { stats: Stats | undefined }) {
  const { t } = useTranslation('public');
  const { number } = useFormat();
  const overdue = stats?.overdue ?? 0;
  return (
    <div className="figures" aria-label={t('figures')}>
      <Figure label={t('adopted')} value={number(stats?.total ?? 0)} />
      <Figure label={t('open')} value={number(stats?.open ?? 0)} />
      <Figure label={t('overdue')} value={number(overdue)} tone={overdue ? 'bad' : undefined} />
      <Figure label={t('implemented')} value={number(stats?.implemented ?? 0)} tone="good" />
      {/* The rates span the row: each says what it divides, as on the dashboard. */}
      <div className="figures rates">
        <RateFigures stats={stats} />
      </div>
    </div>
  );
}
