// A meeting's public page: the minutes and report-back PDFs, attendance (members present and absent
// with roles, guests by category, quorum), agenda with minutes, adopted recommendations.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf } from '../../graphql/graphql';
import { MeetingQuery } from './page-queries';
import { LocalText, useFormat } from '../../components/format';
import { Progress, Result, StatusBadge } from '../../components/ui';
import { useAsOf } from '../../components/as-of';
import { DownloadButton, reportUrl } from '../../components/download';

type Guest = NonNullable<ResultOf<typeof MeetingQuery>['meeting']['attendance']>['guests'][number];

/** A meeting number as part of a file name ("1/2026" → "1-2026"). */
const fileSafe = (text: string) => text.replace(/[^\p{L}\p{N}._-]+/gu, '-');

function Attendees({ people }: { people: ReadonlyArray<{ memberId: string; fullName: string; role: string }> }) {
  const { t } = useTranslation('public');
  if (people.length === 0) return <p className="muted">—</p>;
  return (
    <ul className="list">
      {people.map((p) => (
        <li key={p.memberId}>
          {p.fullName} <span className="muted">— {t(`memberRole.${p.role}`)}</span>
        </li>
      ))}
    </ul>
  );
}

export default function MeetingPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('public');
  const { asOf } = useAsOf();
  const { date, dateTime, number } = useFormat();
  const [result] = useQuery({ query: MeetingQuery, variables: { id } });
  return (
    <Result result={result} ready="public-meeting">
      {({ meeting: m }) => {
        const a = m.attendance;
        const guests = new Map<string, Guest[]>();
        for (const g of a?.guests ?? []) guests.set(g.category, [...(guests.get(g.category) ?? []), g]);
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
            <dl className="facts compact">
              <dt>{m.heldAt ? t('held') : t('scheduled')}</dt>
              <dd>{dateTime(m.heldAt ?? m.startsAt)}</dd>
              <dt>{t('place')}</dt>
              <dd>{m.place}</dd>
              <dt>{t('minutesApproved')}</dt>
              <dd>{date(m.minutesApprovedAt)}</dd>
            </dl>
            <div className="downloads">
              <DownloadButton
                url={reportUrl(`/reports/meetings/${m.id}/minutes.pdf`, i18n.language, asOf)}
                filename={`minutes-${fileSafe(m.number)}-${i18n.language}.pdf`}
                label={t('downloadMinutes')}
              />
              {m.agenda.some((item) => item.reportBack) ? (
                <DownloadButton
                  url={reportUrl(`/reports/meetings/${m.id}/report-back.pdf`, i18n.language, asOf)}
                  filename={`report-back-${fileSafe(m.number)}-${i18n.language}.pdf`}
                  label={t('downloadReportBack')}
                />
              ) : null}
            </div>
            <section aria-labelledby="attendance">
              <h2 id="attendance">{t('attendance')}</h2>
              {a ? (
                <>
                  <p>
                    {t('membersPresent', { count: a.present.length, total: number(a.present.length + a.absent.length) })}
                    {' · '}
                    {a.quorum ? t('quorum') : t('noQuorum')}
                  </p>
                  <div className="attendance">
                    <div>
                      <h3>{t('present')}</h3>
                      <Attendees people={a.present} />
                    </div>
                    <div>
                      <h3>{t('absent')}</h3>
                      <Attendees people={a.absent} />
                    </div>
                    <div>
                      <h3>{t('guestsTitle')}</h3>
                      {guests.size ? (
                        <dl className="guests">
                          {[...guests].map(([category, list]) => (
                            <Fragment key={category}>
                              <dt>{t('guests', { count: list.length, category: t(`guestCategory.${category}`) })}</dt>
                              {list.map((g, i) => (
                                <dd key={i}>
                                  {/* A police guest's name is withheld from the public: the organization stands alone. */}
                                  {g.fullName ?? g.organization}
                                  {g.fullName && g.organization ? <span className="muted">, {g.organization}</span> : null}
                                </dd>
                              ))}
                            </Fragment>
                          ))}
                        </dl>
                      ) : (
                        <p className="muted">—</p>
                      )}
                    </div>
                  </div>
                </>
              ) : (
                <p className="muted">{t('notHeld')}</p>
              )}
            </section>
            <section aria-labelledby="agenda">
              <h2 id="agenda">{t('agenda')}</h2>
              <ol className="agenda">
                {[...m.agenda]
                  .sort((a, b) => a.order - b.order)
                  .map((item) => {
                    // In the minutes' order: the API lists a meeting's recommendations by number.
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
