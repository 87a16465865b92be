// The secretary's work queue, with counts: recommendations still without a unit to assign,
// extension requests to grant or refuse, implementation
// reports to verify or return (the evidence opens in place), disputed recommendations to reassign,
// close as not implemented or withdraw, and closed ones to reopen.
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useFormat } from '../../components/format';
import { Pager } from '../../components/pager';
import { Figure, Result } from '../../components/ui';
import { ClosedCard, DisputeCard, ExtensionCard, Rec, ReportCard, UnassignedCard } from './queue-cards';
import { QueueQuery, Section, queueVariables } from './queue-query';
import { useBodyScope } from './body-scope';
import '../../components/forms.css';

export default function SecretaryQueue() {
  const { t } = useTranslation('secretary');
  const { number } = useFormat();
  const { bodyId } = useBodyScope();
  const [params] = useSearchParams();
  const [result, refetch] = useQuery({ query: QueueQuery, variables: queueVariables(bodyId ?? '', params), pause: !bodyId });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to={`/secretary?body=${bodyId}`}>{t('meetings.title')}</Link>
      </nav>
      <h1>{t('queue.title')}</h1>
      <Result result={result} ready="secretary-queue">
        {(data) => {
          const stale = result.stale;
          // Counts are each section's totalCount: the whole set, whichever page is on screen.
          const sections: Array<['unassigned' | 'extensions' | 'reports' | 'disputes' | 'closed', Section, (r: Rec) => ReactNode]> = [
            ['unassigned', data.unassigned, (r) => <UnassignedCard key={r.id} r={r} stale={stale} units={data.units} reload={reload} />],
            ['extensions', data.extensions, (r) => <ExtensionCard key={r.id} r={r} stale={stale} reload={reload} />],
            ['reports', data.reports, (r) => <ReportCard key={r.id} r={r} stale={stale} reload={reload} />],
            ['disputes', data.disputes, (r) => <DisputeCard key={r.id} r={r} stale={stale} units={data.units} reload={reload} />],
            ['closed', data.closed, (r) => <ClosedCard key={r.id} r={r} stale={stale} reload={reload} />],
          ];
          return (
            <>
              <div className="figures">
                {sections.map(([key, section]) => (
                  <Figure
                    key={key}
                    label={t(`queue.${key}`)}
                    value={number(section.totalCount)}
                    tone={section.totalCount && key !== 'closed' ? 'bad' : undefined}
                  />
                ))}
              </div>
              {/* What waits for a decision first, then what does not (each says what will appear there), the closed ones last. */}
              {[
                ...sections.filter(([key, s]) => key !== 'closed' && s.totalCount),
                ...sections.filter(([key, s]) => key !== 'closed' && !s.totalCount),
                ...sections.filter(([key]) => key === 'closed'),
              ].map(([key, section, render]) => (
                <section key={key} aria-labelledby={`q-${key}`}>
                  <h2 id={`q-${key}`}>
                    {t(`queue.${key}`)} ({number(section.totalCount)})
                  </h2>
                  {section.edges.length ? (
                    <ul className="list queue">{section.edges.map((e) => render(e.node))}</ul>
                  ) : (
                    // What will appear here and who makes it appear, not just "empty".
                    <p className="muted">{t(`queue.emptyOf.${key}`)}</p>
                  )}
                  <Pager
                    param={key}
                    pageInfo={section.pageInfo}
                    label={t(`queue.${key}`)}
                    shown={section.edges.length}
                    total={section.totalCount}
                  />
                </section>
              ))}
            </>
          );
        }}
      </Result>
    </>
  );
}
