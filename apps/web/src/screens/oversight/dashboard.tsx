// The oversight dashboard: headline figures, charts by body, unit and month, overdue ageing.
// Every number follows the as-of date and refreshes when a recommendation changes.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { useLiveRefresh } from '../../graphql/live';
import { useAsOf, useKeepAsOf } from '../../components/as-of';
import { useFormat } from '../../components/format';
import { Figure, RateFigures, Result } from '../../components/ui';
import { ScreenReady } from '../../components/screen-ready';
import { canReadAll, useSession } from '../../auth/session';
import { BarChart } from './chart';
import { useOrganisation } from '../../components/organisation';

// Three queries, so the headline figures paint first and the costlier breakdowns follow.
const FiguresQuery = graphql(`
  query DashboardFigures($asOf: DateTime) {
    total: recommendationStats(asOf: $asOf, groupBy: NONE) {
      open
      overdue
      implemented
      notImplemented
      total
      implementationRate
      medianDaysToClose
      byStatus {
        status
        count
      }
    }
  }
`);

const AgeingQuery = graphql(`
  query DashboardAgeing($asOf: DateTime, $from30: String, $to31: String, $from90: String, $to91: String, $from180: String, $to181: String) {
    upTo30: recommendations(asOf: $asOf, filter: { overdue: true, dueFrom: $from30 }, first: 1) {
      totalCount
    }
    upTo90: recommendations(asOf: $asOf, filter: { overdue: true, dueFrom: $from90, dueTo: $to31 }, first: 1) {
      totalCount
    }
    upTo180: recommendations(asOf: $asOf, filter: { overdue: true, dueFrom: $from180, dueTo: $to91 }, first: 1) {
      totalCount
    }
    over180: recommendations(asOf: $asOf, filter: { overdue: true, dueTo: $to181 }, first: 1) {
      totalCount
    }
  }
`);

const BreakdownQuery = graphql(`
  query DashboardBreakdown($asOf: DateTime) {
    byBody: recommendationStats(asOf: $asOf, groupBy: BODY) {
      key
      open
      overdue
      implemented
      notImplemented
    }
    byUnit: recommendationStats(asOf: $asOf, groupBy: UNIT) {
      key
      open
      overdue
      implemented
      notImplemented
    }
    byMonth: recommendationStats(asOf: $asOf, groupBy: MONTH) {
      key
      total
      implemented
    }
  }
`);

const colors = { open: '#0b4f8a', overdue: '#a4161a', implemented: '#1d6b35', notImplemented: '#6b7280' };
const day = (d: Date) => d.toISOString().slice(0, 10);
const daysBefore = (ref: string, days: number) => day(new Date(Date.parse(`${ref}T00:00:00Z`) - days * 86_400_000));

export default function Dashboard() {
  const { t } = useTranslation('oversight');
  const { number, month } = useFormat();
  const session = useSession();
  const { day: asOfDay, asOf } = useAsOf();
  const keep = useKeepAsOf();
  const org = useOrganisation();
  const ref = asOfDay ?? day(new Date());
  // Overdue and due on or after ref-30: 1–30 days late; due between ref-90 and ref-31: 31–90; and so on.
  const variables = {
    asOf,
    from30: daysBefore(ref, 30),
    to31: daysBefore(ref, 31),
    from90: daysBefore(ref, 90),
    to91: daysBefore(ref, 91),
    from180: daysBefore(ref, 180),
    to181: daysBefore(ref, 181),
  };
  const pause = !canReadAll(session);
  const [figures, refreshFigures] = useQuery({ query: FiguresQuery, variables: { asOf }, pause });
  const [ageing, refreshAgeing] = useQuery({ query: AgeingQuery, variables, pause });
  const [breakdown, refreshBreakdown] = useQuery({ query: BreakdownQuery, variables: { asOf }, pause });
  useLiveRefresh(
    () => {
      for (const refresh of [refreshFigures, refreshAgeing, refreshBreakdown]) refresh({ requestPolicy: 'network-only' });
    },
    Boolean(asOf) || pause,
  );
  const charts = useMemo(() => {
    const d = breakdown.data;
    if (!d) return null;
    const groupSeries = (rows: typeof d.byBody) => [
      { name: t('openOnTime'), values: rows.map((r) => r.open - r.overdue), color: colors.open },
      { name: t('overdue'), values: rows.map((r) => r.overdue), color: colors.overdue },
      { name: t('implemented'), values: rows.map((r) => r.implemented), color: colors.implemented },
      { name: t('notImplemented'), values: rows.map((r) => r.notImplemented), color: colors.notImplemented },
    ];
    const months = [...d.byMonth].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '')).slice(-12);
    return {
      body: { labels: d.byBody.map((r) => org.bodyName(r.key ?? '')), series: groupSeries(d.byBody), horizontal: true },
      unit: {
        labels: d.byUnit.map((r) => (r.key ? org.unitName(r.key) : t('noLeadUnit'))),
        series: groupSeries(d.byUnit),
        horizontal: true,
      },
      month: {
        labels: months.map((r) => month(r.key ?? '')),
        // 11.2025 across the axis: twelve names of months with the year do not fit a phone.
        axisLabels: months.map((r) => (r.key ?? '').split('-').reverse().join('.')),
        series: [
          { name: t('adopted'), values: months.map((r) => r.total), color: colors.open },
          { name: t('ofThemImplemented'), values: months.map((r) => r.implemented), color: colors.implemented },
        ],
      },
    };
  }, [breakdown.data, org, t, month]);
  if (!canReadAll(session)) return <p role="alert">{t('common:notAllowed')}</p>;
  return (
    <>
      <h1>{t('dashboardTitle')}</h1>
      <Result result={figures}>
        {(d) => {
          const total = d.total[0];
          const count = (status: string) => total?.byStatus.find((x) => x.status === status)?.count ?? 0;
          // An empty install: say what will appear here and who makes it appear.
          if (!total?.total) return <p className="empty">{t('emptyDashboard')}</p>;
          return (
            <>
              {/* The counts add up to the adopted: open, implemented, closed not implemented, withdrawn. */}
              <div className="figures" aria-label={t('figures')}>
                <Figure label={t('adopted')} value={number(total.total)} />
                <Figure label={t('open')} value={number(total.open)} />
                <Figure
                  label={t('overdue')}
                  value={<Link to={keep('/register?overdue=1')}>{number(total.overdue)}</Link>}
                  tone={total.overdue ? 'bad' : undefined}
                />
                <Figure label={t('awaitingVerification')} value={number(count('IMPLEMENTATION_REPORTED'))} />
                <Figure label={t('implemented')} value={number(total.implemented)} tone="good" />
                <Figure label={t('notImplemented')} value={number(total.notImplemented)} />
                <Figure label={t('withdrawn')} value={number(count('WITHDRAWN'))} />
              </div>
              <div className="figures rates">
                <RateFigures stats={total} />
                <Figure
                  label={t('medianDaysToClose')}
                  value={t('days', { count: Math.round(total.medianDaysToClose ?? 0), n: number(total.medianDaysToClose, 1) })}
                />
              </div>
            </>
          );
        }}
      </Result>
      <section aria-labelledby="ageing">
        <h2 id="ageing">{t('ageing')}</h2>
        <Result result={ageing}>
          {(d) => (
            <div className="figures">
              <Figure label={t('aging.upTo30')} value={number(d.upTo30.totalCount)} />
              <Figure label={t('aging.upTo90')} value={number(d.upTo90.totalCount)} />
              <Figure label={t('aging.upTo180')} value={number(d.upTo180.totalCount)} />
              <Figure label={t('aging.over180')} value={number(d.over180.totalCount)} tone={d.over180.totalCount ? 'bad' : undefined} />
            </div>
          )}
        </Result>
      </section>
      {/* Usable once the figures and the ageing are shown; the charts (and their library) follow. */}
      {figures.data && ageing.data ? <ScreenReady name="oversight-dashboard" /> : null}
      <section aria-labelledby="charts">
        <h2 id="charts">{t('charts')}</h2>
        {charts ? (
          <div className="charts">
            <BarChart id="by-body" title={t('byBody')} {...charts.body} />
            <BarChart id="by-unit" title={t('byUnit')} {...charts.unit} />
            <BarChart id="by-month" title={t('byMonth')} stacked={false} {...charts.month} />
          </div>
        ) : (
          <Result result={breakdown}>{() => null}</Result>
        )}
      </section>
    </>
  );
}
