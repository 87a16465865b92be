// A unit's inbox: its recommendations, lead and co-executor, by due date with overdue marked,
// counts per status, paged.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { RecommendationPage, RecommendationRow } from '../../graphql/fragments';
import { LocalText, useFormat } from '../../components/format';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { Figure, Progress, Result, StatusBadge } from '../../components/ui';
import { ActingUnitPicker, useActingUnit } from './acting-unit';

const InboxQuery = graphql(
  `
    query UnitInbox($unitId: ID!, $after: String, $first: Int) {
      recommendationStats(filter: { unitId: $unitId }, groupBy: NONE) {
        total
        open
        overdue
        byStatus {
          status
          count
        }
      }
      recommendations(filter: { unitId: $unitId }, orderBy: DUE_DATE_ASC, first: $first, after: $after) {
        ...RecommendationPage
        edges {
          node {
            ...RecommendationRow
            coExecutorUnitIds
          }
        }
      }
    }
  `,
  [RecommendationPage, RecommendationRow],
);

export default function UnitInbox() {
  const { t } = useTranslation('unit');
  const { date, number } = useFormat();
  const { unitId } = useActingUnit();
  const after = useCursor('after');
  const [result] = useQuery({ query: InboxQuery, variables: { unitId: unitId ?? '', after, first: PAGE_SIZE }, pause: !unitId });
  if (!unitId) return <p role="alert">{t('noUnit')}</p>;
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <ActingUnitPicker />
      <Result result={result}>
        {({ recommendationStats: [stats], recommendations: page }) => (
          <>
            <section aria-labelledby="counts">
              <h2 id="counts" className="sr-only">
                {t('inbox.counts')}
              </h2>
              <div className="figures">
                <Figure label={t('inbox.open')} value={number(stats?.open ?? 0)} />
                <Figure label={t('common:overdue')} value={number(stats?.overdue ?? 0)} tone={stats?.overdue ? 'bad' : undefined} />
                {(stats?.byStatus ?? [])
                  .filter((s) => s.count > 0)
                  .map((s) => (
                    <Figure key={s.status} label={t(`common:status.${s.status}`)} value={number(s.count)} />
                  ))}
              </div>
            </section>
            <p role="status">{t('inbox.count', { count: page.totalCount })}</p>
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{t('inbox.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dueDate')}</th>
                    <th scope="col">{t('recommendation')}</th>
                    <th scope="col">{t('role')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('common:progress')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.edges.map(({ node: r }) => (
                    <tr key={r.id} className={r.overdue ? 'row-overdue' : undefined}>
                      <td>{date(r.dueDate)}</td>
                      <th scope="row">
                        <Link to={`/unit/recommendations/${r.id}?unit=${unitId}`}>
                          {t('numberShort', { number: r.number })} <LocalText value={r.text} />
                        </Link>
                        <div className="muted">
                          <LocalText value={r.body?.name} />
                        </div>
                      </th>
                      <td>{r.leadUnit?.id === unitId ? t('lead') : t('coExecutor')}</td>
                      <td>
                        <StatusBadge status={r.status} overdue={r.overdue} />
                      </td>
                      <td>
                        <Progress percent={r.percent} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager param="after" pageInfo={page.pageInfo} label={t('inbox.title')} shown={page.edges.length} total={page.totalCount} />
          </>
        )}
      </Result>
    </>
  );
}
