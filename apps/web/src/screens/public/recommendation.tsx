// A recommendation's page: status, responsible units, due dates, timeline. Readers who may see
// the log get every event with actor and the hash-chain check; anonymous readers the key dates.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { TextFields } from '../../graphql/fragments';
import { canReadAll, useSession } from '../../auth/session';
import { useAsOf } from '../../components/as-of';
import { LocalText, useFormat } from '../../components/format';
import { Timeline } from '../../components/timeline';
import { Progress, Result, StatusBadge } from '../../components/ui';

const RecommendationQuery = graphql(
  `
    query RecommendationPage($id: ID!, $asOf: DateTime) {
      recommendation(id: $id, asOf: $asOf) {
        id
        number
        status
        overdue
        daysOverdue
        percent
        priority
        origin
        adoptedAt
        closedAt
        updatedAt
        dueDate
        originalDueDate
        extensions
        text {
          ...TextFields
        }
        leadUnit {
          id
          name {
            ...TextFields
          }
        }
        coExecutorUnits {
          id
          name {
            ...TextFields
          }
        }
        meeting {
          id
          number
        }
        body {
          id
          name {
            ...TextFields
          }
        }
      }
    }
  `,
  [TextFields],
);

const HistoryQuery = graphql(`
  query RecommendationHistory($streamId: String!) {
    history(streamId: $streamId) {
      type
      data
      hash
      revision
      recordedAt
      occurredAt
      actor {
        name
        role
      }
    }
  }
`);

function FullTimeline({ id, asOf }: { id: string; asOf?: string }) {
  const [result] = useQuery({ query: HistoryQuery, variables: { streamId: `recommendation-${id}` } });
  return (
    <Result result={result}>
      {(data) => <Timeline events={asOf ? data.history.filter((e) => e.recordedAt <= asOf) : data.history} />}
    </Result>
  );
}

export function RecommendationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const { date } = useFormat();
  const session = useSession();
  const { asOf } = useAsOf();
  const [result] = useQuery({ query: RecommendationQuery, variables: { id, asOf } });
  return (
    <Result result={result}>
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
          <dl className="facts">
            <dt>{t('leadUnit')}</dt>
            <dd>{r.leadUnit ? <LocalText value={r.leadUnit.name} /> : '—'}</dd>
            <dt>{t('coExecutors')}</dt>
            <dd>
              {r.coExecutorUnits.length
                ? r.coExecutorUnits.map((u, i) => (
                    <span key={u.id}>
                      {i ? ', ' : ''}
                      <LocalText value={u.name} />
                    </span>
                  ))
                : '—'}
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
            {canReadAll(session) ? (
              <FullTimeline id={r.id} asOf={asOf} />
            ) : (
              <ol className="timeline">
                <li>
                  <span className="when">{date(r.adoptedAt)}</span> <strong>{t('adoptedOn')}</strong>
                </li>
                {r.closedAt ? (
                  <li>
                    <span className="when">{date(r.closedAt)}</span> <strong>{t(`common:status.${r.status}`)}</strong>
                  </li>
                ) : (
                  <li>
                    <span className="when">{date(r.updatedAt)}</span> <strong>{t('lastChange')}</strong>
                  </li>
                )}
              </ol>
            )}
          </section>
        </>
      )}
    </Result>
  );
}
