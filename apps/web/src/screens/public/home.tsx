// The public portal's home: every body with its latest published meetings and headline figures.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql, ResultOf } from '../../graphql/graphql';
import { TextFields } from '../../graphql/fragments';
import { LocalText, useFormat } from '../../components/format';
import { Result } from '../../components/ui';
import { HeadlineFigures } from './figures';

export const PublishedMeetingsQuery = graphql(
  `
    query PublishedMeetings($bodyIds: [ID!], $first: Int) {
      meetings(filter: { bodyIds: $bodyIds }, first: $first) {
        nodes {
          id
          number
          startsAt
          heldAt
          published
          title {
            ...TextFields
          }
          body {
            id
            region
            name {
              ...TextFields
            }
          }
        }
      }
    }
  `,
  [TextFields],
);

type MeetingNode = ResultOf<typeof PublishedMeetingsQuery>['meetings']['nodes'][number];

export function MeetingList({ meetings }: { meetings: MeetingNode[] }) {
  const { t } = useTranslation('public');
  const { date } = useFormat();
  return (
    <ul className="list">
      {meetings.map((m) => (
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

export function HomePage() {
  const { t } = useTranslation('public');
  const [result] = useQuery({ query: PublishedMeetingsQuery, variables: { first: 200 } });
  return (
    <>
      <h1>{t('homeTitle')}</h1>
      <p className="lead">{t('homeLead')}</p>
      <HeadlineFigures />
      <Result result={result}>
        {(data) => {
          const published = data.meetings.nodes.filter((m) => m.published).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
          const bodies = new Map<string, { body: NonNullable<MeetingNode['body']>; meetings: MeetingNode[] }>();
          for (const m of published) {
            if (!m.body) continue;
            const entry = bodies.get(m.body.id) ?? { body: m.body, meetings: [] };
            entry.meetings.push(m);
            bodies.set(m.body.id, entry);
          }
          if (bodies.size === 0) return <p className="muted">{t('noPublished')}</p>;
          return (
            <div className="cards">
              {[...bodies.values()].map(({ body, meetings }) => (
                <section key={body.id} className="card" aria-labelledby={`body-${body.id}`}>
                  <h2 id={`body-${body.id}`}>
                    <Link to={`/bodies/${body.id}`}>
                      <LocalText value={body.name} />
                    </Link>
                  </h2>
                  <p className="muted">{body.region}</p>
                  <HeadlineFigures bodyId={body.id} />
                  <h3>{t('latestMeetings')}</h3>
                  <MeetingList meetings={meetings.slice(0, 3)} />
                </section>
              ))}
            </div>
          );
        }}
      </Result>
    </>
  );
}
