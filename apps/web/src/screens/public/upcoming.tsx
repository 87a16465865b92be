// Upcoming meetings as the public may know them: published ones and announced public reports and
// round tables (number, title, kind, time, place, format; a cancellation stays listed as such).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { TextFields } from '../../graphql/fragments';
import { LocalText, useFormat } from '../../components/format';
import { Result } from '../../components/ui';

const UpcomingQuery = graphql(
  `
    query UpcomingMeetings($bodyId: ID) {
      upcomingMeetings(bodyId: $bodyId, first: 10) {
        id
        number
        kind
        startsAt
        place
        format
        status
        cancelReason
        title {
          ...TextFields
        }
      }
    }
  `,
  [TextFields],
);

export function UpcomingMeetings({ bodyId, headingLevel = 2 }: { bodyId?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('public');
  const { dateTime } = useFormat();
  const [result] = useQuery({ query: UpcomingQuery, variables: { bodyId } });
  const Heading = `h${headingLevel}` as const;
  return (
    <section aria-labelledby={`upcoming-${bodyId ?? 'all'}`}>
      <Heading id={`upcoming-${bodyId ?? 'all'}`}>{t('upcomingTitle')}</Heading>
      <Result result={result}>
        {({ upcomingMeetings }) =>
          upcomingMeetings.length === 0 ? (
            <p className="muted">{t('noUpcoming')}</p>
          ) : (
            <ul className="list upcoming">
              {upcomingMeetings.map((m) => (
                <li key={m.id} className={m.status === 'CANCELLED' ? 'cancelled' : undefined}>
                  <Link to={`/meetings/${m.id}`}>
                    {t('meetingNumber', { number: m.number })}
                    {m.title ? (
                      <>
                        {' — '}
                        <LocalText value={m.title} />
                      </>
                    ) : null}
                  </Link>
                  <div className="muted">
                    {dateTime(m.startsAt)} · {m.place} · {t(`reports:meetingKind.${m.kind}`)}, {t(`reports:meetingFormat.${m.format}`)}
                  </div>
                  {m.status === 'CANCELLED' ? (
                    <div>
                      <strong>{t('cancelled')}</strong>
                      {m.cancelReason ? `: ${m.cancelReason}` : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </Result>
    </section>
  );
}
