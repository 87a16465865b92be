// A secretary's meetings: the list by status and a form to schedule the next one.
import { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { useDraft } from '../../auth/return-to';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, useFormat } from '../../components/format';
import { Result } from '../../components/ui';
import { toIso, useBodyScope } from './body-scope';
import '../../components/forms.css';

const MeetingsQuery = graphql(`
  query SecretaryMeetings($bodyId: ID!) {
    body(id: $bodyId) {
      id
      name {
        kk
        ru
        en
      }
    }
    meetings(filter: { bodyIds: [$bodyId] }, first: 100) {
      nodes {
        id
        number
        status
        startsAt
        place
        published
      }
    }
  }
`);

const Schedule = graphql(`
  mutation Schedule($input: ScheduleMeetingInput!) {
    scheduleMeeting(input: $input) {
      meeting {
        id
      }
    }
  }
`);

const STATUSES = ['SCHEDULED', 'HELD', 'MINUTES_APPROVED', 'CANCELLED'];
const KINDS = ['REGULAR', 'EXTRAORDINARY', 'PUBLIC_REPORT', 'ROUND_TABLE'] as const;
const FORMATS = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const;

function ScheduleForm({ bodyId }: { bodyId: string }) {
  const { t } = useTranslation('secretary');
  const navigate = useNavigate();
  const [number, setNumber, clearNumber] = useDraft('secretary.schedule.number');
  const [startsAt, setStartsAt, clearStarts] = useDraft('secretary.schedule.startsAt');
  const [place, setPlace, clearPlace] = useDraft('secretary.schedule.place');
  const [kind, setKind] = useDraft('secretary.schedule.kind', 'REGULAR');
  const [format, setFormat] = useDraft('secretary.schedule.format', 'IN_PERSON');
  const schedule = useCommand(Schedule);
  const missing = !number.trim() || !startsAt || !place.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    const data = await schedule.submit({
      bodyId,
      number: number.trim(),
      startsAt: toIso(startsAt),
      place,
      kind: kind as (typeof KINDS)[number],
      format: format as (typeof FORMATS)[number],
    });
    if (data) {
      clearNumber();
      clearStarts();
      clearPlace();
      void navigate(`/secretary/meetings/${data.scheduleMeeting.meeting.id}`);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="schedule-h">
      <h2 id="schedule-h">{t('schedule.title')}</h2>
      <label>
        {t('schedule.number')}
        <input value={number} onChange={(e) => setNumber(e.target.value)} required maxLength={50} placeholder="1/2026" />
      </label>
      <label>
        {t('schedule.startsAt')}
        <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />
      </label>
      <label>
        {t('schedule.place')}
        <input value={place} onChange={(e) => setPlace(e.target.value)} required maxLength={2000} />
      </label>
      <label>
        {t('schedule.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('schedule.format')}
        <select value={format} onChange={(e) => setFormat(e.target.value)}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`format.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={missing} aria-busy={schedule.busy}>
        {t('schedule.submit')}
      </button>
      <RefusalNote refusal={schedule.refusal} />
    </form>
  );
}

export default function SecretaryMeetings() {
  const { t } = useTranslation('secretary');
  const { dateTime } = useFormat();
  const { bodyId } = useBodyScope();
  const [result] = useQuery({ query: MeetingsQuery, variables: { bodyId: bodyId ?? '' }, pause: !bodyId });
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <Result result={result}>
      {(data) => (
        <>
          <h1>{t('meetings.title')}</h1>
          <p className="lead">
            <LocalText value={data.body.name} />
          </p>
          <nav className="inline-list" aria-label={t('sections')}>
            <Link to={`/secretary/queue?body=${bodyId}`}>{t('queue.title')}</Link>
            <Link to={`/secretary/members?body=${bodyId}`}>{t('members.title')}</Link>
          </nav>
          {STATUSES.map((status) => {
            const list = data.meetings.nodes.filter((m) => m.status === status);
            return list.length ? (
              <section key={status} aria-labelledby={`st-${status}`}>
                <h2 id={`st-${status}`}>
                  {t(`meetingStatus.${status}`)} ({list.length})
                </h2>
                <ul className="list">
                  {list.map((m) => (
                    <li key={m.id}>
                      <Link to={`/secretary/meetings/${m.id}`}>{t('meetingNumber', { number: m.number })}</Link> — {dateTime(m.startsAt)},{' '}
                      {m.place}
                      {m.published ? ` · ${t('published')}` : ''}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null;
          })}
          <ScheduleForm bodyId={bodyId} />
        </>
      )}
    </Result>
  );
}
