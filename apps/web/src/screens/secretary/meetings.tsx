// A secretary's meetings: the list by status and a form to schedule the next one.
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, MEETING_NUMBER } from '@gov/domain/common/limits';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { MEETING_FORMATS, MEETING_KINDS } from '@gov/domain/meeting/meeting';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { useDraft } from '../../auth/return-to';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, useFormat } from '../../components/format';
import { LangField } from '../../components/lang-field';
import { Pager } from '../../components/pager';
import { Result } from '../../components/ui';
import { toIso, useBodyScope } from './body-scope';
import { MeetingsQuery, meetingsVariables } from './meetings-query';
import { Choice } from '../../components/choice';
import { DateField } from '../../components/date-field';
import { isDateTime } from '../../components/day';
import '../../components/forms.css';

const Schedule = graphql(`
  mutation Schedule($input: ScheduleMeetingInput!) {
    scheduleMeeting(input: $input) {
      meeting {
        id
      }
    }
  }
`);

/** Each list's key (its alias and its cursor's URL parameter) and the status it lists. */
const LISTS = [
  ['scheduled', 'SCHEDULED'],
  ['held', 'HELD'],
  ['approved', 'MINUTES_APPROVED'],
  ['cancelled', 'CANCELLED'],
] as const;
const KINDS = MEETING_KINDS;
const FORMATS = MEETING_FORMATS;

function ScheduleForm({ bodyId }: { bodyId: string }) {
  const { t } = useTranslation('secretary');
  const navigate = useNavigate();
  const [number, setNumber, clearNumber] = useDraft('secretary.schedule.number');
  const [startsAt, setStartsAt, clearStarts] = useDraft('secretary.schedule.startsAt');
  const [place, setPlace, clearPlace] = useDraft('secretary.schedule.place');
  const [titleKk, setTitleKk, clearTitleKk] = useDraft('secretary.schedule.titleKk');
  const [titleRu, setTitleRu, clearTitleRu] = useDraft('secretary.schedule.titleRu');
  // Cleared with the rest: a public report's kind kept for the next meeting would announce it to the public.
  const [kind, setKind, clearKind] = useDraft('secretary.schedule.kind', 'REGULAR');
  const [format, setFormat, clearFormat] = useDraft('secretary.schedule.format', 'IN_PERSON');
  const schedule = useCommand(Schedule);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    // The API's own rules, checked before sending so the person reads them in their language.
    const found = !number.trim() || !startsAt || !place.trim() ? 'required' : !MEETING_NUMBER.test(number.trim()) ? 'numberFormat' : null;
    setProblem(found && t(`schedule.${found}`));
    // A time that is not one is said at its field.
    if (found || !isDateTime(startsAt)) return;
    const data = await schedule.submit({
      bodyId,
      number: number.trim(),
      startsAt: toIso(startsAt),
      place,
      title: titleKk.trim() || titleRu.trim() ? { kk: titleKk.trim() || undefined, ru: titleRu.trim() || undefined } : undefined,
      kind: kind as (typeof KINDS)[number],
      format: format as (typeof FORMATS)[number],
    });
    if (data) {
      clearNumber();
      clearStarts();
      clearPlace();
      clearTitleKk();
      clearTitleRu();
      clearKind();
      clearFormat();
      void navigate(`/secretary/meetings/${data.scheduleMeeting.meeting.id}`);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="schedule-h" noValidate>
      <h2 id="schedule-h">{t('schedule.title')}</h2>
      <p className="muted">{t('schedule.pastNote')}</p>
      <label>
        {t('schedule.number')}
        <input
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          required
          maxLength={9}
          placeholder="1/2026"
          aria-invalid={problem ? true : undefined}
        />
      </label>
      <LangField label={t('schedule.titleKk')} lang="kk" value={titleKk} onChange={setTitleKk} maxLength={LIMITS.text} />
      <LangField label={t('schedule.titleRu')} lang="ru" value={titleRu} onChange={setTitleRu} maxLength={LIMITS.text} />
      <DateField time label={t('schedule.startsAt')} value={startsAt} onChange={setStartsAt} required />
      <label>
        {t('schedule.place')}
        <input value={place} onChange={(e) => setPlace(e.target.value)} required maxLength={LIMITS.place} />
      </label>
      <Choice
        label={t('schedule.kind')}
        value={kind}
        onChange={setKind}
        options={KINDS.map((x) => ({ value: x, label: t(`kind.${x}`) }))}
      />
      <Choice
        label={t('schedule.format')}
        value={format}
        onChange={setFormat}
        options={FORMATS.map((x) => ({ value: x, label: t(`format.${x}`) }))}
      />
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" aria-busy={schedule.busy}>
        {t('schedule.submit')}
      </button>
      <RefusalNote refusal={schedule.refusal} onRetry={() => void submit()} />
    </form>
  );
}

export default function SecretaryMeetings() {
  const { t } = useTranslation('secretary');
  const { dateTime, number } = useFormat();
  const { bodyId } = useBodyScope();
  const [params] = useSearchParams();
  const [result] = useQuery({ query: MeetingsQuery, variables: meetingsVariables(bodyId ?? '', params), pause: !bodyId });
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <Result result={result} ready="secretary-meetings">
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
          {LISTS.every(([key]) => !data[key].totalCount) ? <p className="empty">{t('meetings.none')}</p> : null}
          {LISTS.map(([key, status]) => {
            const list = data[key];
            // The count is the list's totalCount: every meeting with this status, not just this page.
            return list.totalCount ? (
              <section key={key} aria-labelledby={`st-${status}`}>
                <h2 id={`st-${status}`}>
                  {t(`meetingStatus.${status}`)} ({number(list.totalCount)})
                </h2>
                <ul className="list">
                  {list.nodes.map((m) => (
                    <li key={m.id}>
                      <Link to={`/secretary/meetings/${m.id}`}>
                        {t('meetingNumber', { number: m.number })}
                        {m.title ? (
                          <>
                            {': '}
                            <LocalText value={m.title} />
                          </>
                        ) : null}
                      </Link>{' '}
                      — {dateTime(m.startsAt)}, {m.place}
                      {m.published ? ` · ${t('published')}` : ''}
                    </li>
                  ))}
                </ul>
                <Pager
                  param={key}
                  pageInfo={list.pageInfo}
                  label={t(`meetingStatus.${status}`)}
                  shown={list.nodes.length}
                  total={list.totalCount}
                />
              </section>
            ) : null;
          })}
          <ScheduleForm bodyId={bodyId} />
        </>
      )}
    </Result>
  );
}
