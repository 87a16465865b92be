// The public portal's home: every body with its latest published meetings and headline figures.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf } from '../../graphql/graphql';
import { LocalText, useFormat } from '../../components/format';
import { Result } from '../../components/ui';
import { HeadlineFigures } from './figures';
import { HomeQuery, PublishedMeetingFields } from './page-queries';
import { UpcomingMeetings } from './upcoming';

type MeetingNode = ResultOf<typeof PublishedMeetingFields>;

const newestFirst = (a: MeetingNode, b: MeetingNode) => b.startsAt.localeCompare(a.startsAt);

export function MeetingList({ meetings }: { meetings: readonly MeetingNode[] }) {
  const { t } = useTranslation('public');
  const { date } = useFormat();
  if (meetings.length === 0) return <p className="muted">{t('noPublished')}</p>;
  return (
    <ul className="list">
      {[...meetings].sort(newestFirst).map((m) => (
        <li key={m.id}>
          <Link to={`/meetings/${m.id}`}>
            {t('meetingNumber', { number: m.number })}
            {m.title ? (
              <>
                {' — '}
                <LocalText value={m.title} />
              </>
            ) : null}
          </Link>{' '}
          <span className="muted">{date(m.heldAt ?? m.startsAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export default function HomePage() {
  const { t } = useTranslation('public');
  const [result] = useQuery({ query: HomeQuery });
  return (
    <>
      <h1>{t('homeTitle')}</h1>
      <p className="lead">{t('homeLead')}</p>
      <Result result={result} ready="public-home">
        {(data) => (
          <>
            <HeadlineFigures stats={data.all[0]} />
            <p>
              <Link className="more" to="/recommendations">
                {t('allRecommendations')}
              </Link>
            </p>
            <UpcomingMeetings />
            {data.bodies.length === 0 ? <p className="muted">{t('noPublished')}</p> : null}
            <div className="cards">
              {data.bodies.map((body) => (
                <section key={body.id} className="card" aria-labelledby={`body-${body.id}`}>
                  <h2 id={`body-${body.id}`}>
                    <Link to={`/bodies/${body.id}`}>
                      <LocalText value={body.name} />
                    </Link>
                  </h2>
                  <p className="muted">{body.region}</p>
                  <HeadlineFigures stats={data.byBody.find((g) => g.key === body.id)} />
                  <h3>{t('latestMeetings')}</h3>
                  <MeetingList
                    meetings={data.meetings.nodes
                      .filter((m) => m.bodyId === body.id)
                      .sort(newestFirst)
                      .slice(0, 3)}
                  />
                </section>
              ))}
            </div>
          </>
        )}
      </Result>
    </>
  );
}
