// A meeting's public page: agenda with minutes, attendance summary, adopted recommendations.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { RecommendationRow, TextFields } from '../../graphql/fragments';
import { LocalText, useFormat } from '../../components/format';
import { Progress, Result, StatusBadge } from '../../components/ui';

const MeetingQuery = graphql(
  `
    query MeetingPage($id: ID!) {
      meeting(id: $id) {
        id
        number
        kind
        format
        place
        startsAt
        heldAt
        status
        quorum
        membersTotal
        membersPresent
        minutesApprovedAt
        publishedAt
        title {
          ...TextFields
        }
        guests {
          category
        }
        body {
          id
          name {
            ...TextFields
          }
        }
        agenda {
          itemId
          order
          speaker
          title {
            ...TextFields
          }
          minutes {
            ...TextFields
          }
        }
        recommendations {
          ...RecommendationRow
          agendaItemId
        }
      }
    }
  `,
  [TextFields, RecommendationRow],
);

export function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const { date, dateTime, number } = useFormat();
  const [result] = useQuery({ query: MeetingQuery, variables: { id } });
  return (
    <Result result={result}>
      {({ meeting: m }) => {
        const guests = new Map<string, number>();
        for (const g of m.guests) guests.set(g.category, (guests.get(g.category) ?? 0) + 1);
        return (
          <>
            <nav aria-label={t('common:breadcrumbs')} className="crumbs">
              <Link to="/">{t('common:nav.public')}</Link>
              {m.body ? (
                <>
                  {' / '}
                  <Link to={`/bodies/${m.body.id}`}>
                    <LocalText value={m.body.name} />
                  </Link>
                </>
              ) : null}
            </nav>
            <h1>
              {t('meetingNumber', { number: m.number })}
              {m.title ? (
                <>
                  {' — '}
                  <LocalText value={m.title} />
                </>
              ) : null}
            </h1>
            <dl className="facts">
              <dt>{t('held')}</dt>
              <dd>{dateTime(m.heldAt ?? m.startsAt)}</dd>
              <dt>{t('place')}</dt>
              <dd>{m.place}</dd>
              <dt>{t('minutesApproved')}</dt>
              <dd>{date(m.minutesApprovedAt)}</dd>
            </dl>
            <section aria-labelledby="attendance">
              <h2 id="attendance">{t('attendance')}</h2>
              <p>
                {t('membersPresent', { count: m.membersPresent.length, total: number(m.membersTotal ?? 0) })}
                {' · '}
                {m.quorum ? t('quorum') : t('noQuorum')}
              </p>
              {guests.size ? (
                <ul className="inline-list">
                  {[...guests].map(([category, count]) => (
                    <li key={category}>{t('guests', { count, category: t(`guestCategory.${category}`) })}</li>
                  ))}
                </ul>
              ) : null}
            </section>
            <section aria-labelledby="agenda">
              <h2 id="agenda">{t('agenda')}</h2>
              <ol className="agenda">
                {[...m.agenda]
                  .sort((a, b) => a.order - b.order)
                  .map((item) => {
                    const recs = m.recommendations.filter((r) => r.agendaItemId === item.itemId);
                    return (
                      <li key={item.itemId}>
                        <h3>
                          <LocalText value={item.title} />
                        </h3>
                        {item.speaker ? <p className="muted">{t('speaker', { name: item.speaker })}</p> : null}
                        {item.minutes ? (
                          <div className="minutes">
                            <h4>{t('minutes')}</h4>
                            <p>
                              <LocalText value={item.minutes} />
                            </p>
                          </div>
                        ) : null}
                        {recs.length ? (
                          <>
                            <h4>{t('adoptedRecommendations')}</h4>
                            <ul className="recs">
                              {recs.map((r) => (
                                <li key={r.id}>
                                  <Link to={`/recommendations/${r.id}`}>
                                    {r.number}. <LocalText value={r.text} />
                                  </Link>
                                  <div className="rec-meta">
                                    <StatusBadge status={r.status} overdue={r.overdue} />
                                    <Progress percent={r.percent} />
                                    <span className="muted">{t('due', { date: date(r.dueDate) })}</span>
                                  </div>
                                </li>
                              ))}
                            </ul>
                          </>
                        ) : null}
                      </li>
                    );
                  })}
              </ol>
            </section>
          </>
        );
      }}
    </Result>
  );
}
