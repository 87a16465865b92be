// A recommendation's page: status, responsible units, due dates, timeline and evidence. Readers who
// may see the log also get the hash-chain check; signed-in readers may download evidence files.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql, ResultOf } from '../../graphql/graphql';
import { RecommendationFacts } from '../../graphql/fragments';
import { canReadAll, useSession } from '../../auth/session';
import { useAsOf } from '../../components/as-of';
import { LocalNames, LocalText, useFormat } from '../../components/format';
import { Timeline, TimelineFields } from '../../components/timeline';
import { DownloadButton } from '../../components/download';
import { wasReturned } from '../../components/evidence-list';
import { Progress, Result, StatusBadge } from '../../components/ui';
import { FollowForm } from './follow';

const RecommendationQuery = graphql(
  `
    query RecommendationPage($id: ID!, $asOf: DateTime) {
      recommendation(id: $id, asOf: $asOf) {
        ...RecommendationFacts
        origin
        meeting {
          id
          published
        }
        adoptedAt
        closedAt
        updatedAt
        timeline {
          ...TimelineFields
        }
        evidence {
          name
          sha256
          uri
          report
          reportedAt
          position
        }
      }
    }
  `,
  [RecommendationFacts, TimelineFields],
);

type EvidenceItem = ResultOf<typeof RecommendationQuery>['recommendation']['evidence'][number];

/** The files its reports cited: open to signed-in readers; a file sent back with a returned report is marked. */
function Evidence({ items, returns }: { items: readonly EvidenceItem[]; returns: readonly string[] }) {
  const { t } = useTranslation('public');
  const { date } = useFormat();
  const session = useSession();
  return (
    <section aria-labelledby="evidence">
      <h2 id="evidence">{t('evidence')}</h2>
      {/* Anonymous readers see names and checksums only: say so, or the names read as broken links. */}
      {session ? null : <p className="muted">{t('evidenceClosed')}</p>}
      <ul className="list evidence">
        {items.map((e) => (
          <li key={`${e.position}-${e.sha256}`}>
            {session && e.uri ? (
              <a href={e.uri} rel="noopener noreferrer" target="_blank">
                {e.name}
              </a>
            ) : session ? (
              <DownloadButton url={`/files/${e.sha256}`} filename={e.name} label={e.name} />
            ) : (
              <span>{e.name}</span>
            )}{' '}
            {wasReturned(e, returns) ? <span className="badge returned">{t('evidenceReturned')}</span> : null}{' '}
            <span className="muted">
              {t(`evidenceReport.${e.report}`)}, {date(e.reportedAt)}
            </span>
            <code className="hash" title={t('sha256')}>
              {t('sha256')} {e.sha256}
            </code>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function RecommendationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const { date } = useFormat();
  const session = useSession();
  const { asOf } = useAsOf();
  const [result] = useQuery({ query: RecommendationQuery, variables: { id, asOf } });
  return (
    <Result result={result} ready="public-recommendation">
      {({ recommendation: r }) => (
        <>
          <nav aria-label={t('common:breadcrumbs')} className="crumbs">
            <Link to="/">{t('common:nav.public')}</Link>
            {r.body ? (
              <>
                {' / '}
                <Link to={`/bodies/${r.body.id}`}>
                  <LocalText value={r.body.name} />
                </Link>
              </>
            ) : null}
            {r.meeting ? (
              <>
                {' / '}
                <Link to={`/meetings/${r.meeting.id}`}>{t('meetingNumber', { number: r.meeting.number })}</Link>
              </>
            ) : null}
          </nav>
          <h1>{t('recommendationNumber', { number: r.number })}</h1>
          <p className="rec-text">
            <LocalText value={r.text} />
          </p>
          <div className="rec-meta">
            <StatusBadge status={r.status} overdue={r.overdue} />
            <Progress percent={r.percent} />
          </div>
          <dl className="facts compact">
            <dt>{t('leadUnit')}</dt>
            <dd>{r.leadUnit ? <LocalText value={r.leadUnit.name} /> : '—'}</dd>
            <dt>{t('coExecutors')}</dt>
            <dd>
              <LocalNames items={r.coExecutorUnits} />
            </dd>
            <dt>{t('dueDate')}</dt>
            <dd>
              {date(r.dueDate)}
              {r.overdue ? ` (${t('daysOverdue', { count: r.daysOverdue })})` : ''}
            </dd>
            <dt>{t('originalDueDate')}</dt>
            <dd>
              {date(r.originalDueDate)}
              {r.extensions ? ` (${t('extensions', { count: r.extensions })})` : ''}
            </dd>
            <dt>{t('priority')}</dt>
            <dd>{t(`common:priority.${r.priority}`)}</dd>
            <dt>{t('origin')}</dt>
            <dd>{t(`common:origin.${r.origin}`)}</dd>
          </dl>
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('timeline')}</h2>
            <Timeline recommendationId={r.id} entries={r.timeline} chain={canReadAll(session)} />
          </section>
          {r.evidence.length ? (
            <Evidence items={r.evidence} returns={r.timeline.filter((e) => e.kind === 'RETURNED').map((e) => e.position)} />
          ) : null}
          {r.meeting?.published ? <FollowForm kind="recommendation" id={r.id} /> : null}
        </>
      )}
    </Result>
  );
}
