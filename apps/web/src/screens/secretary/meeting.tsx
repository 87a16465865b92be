// One meeting as its secretary records it, step by step as its status goes: prepare (the agenda; the
// meeting moved or cancelled), hold (attendance and guests), minutes and recommendations item by item,
// approve, publish; the steps that cannot be undone ask once more. Only the current step's work is
// open; its forms open on demand. Every step carries the business time chosen
// at the top (the meeting's date by default), so a meeting recorded after the fact is dated as it happened.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ChangedSince, useSeen } from '../../components/changed-since';
import { RefusalNote, useCommand } from '../../components/command';
import { ConfirmButton } from '../../components/confirm';
import { LocalText, useFormat } from '../../components/format';
import { Result, StatusBadge } from '../../components/ui';
import { DateField } from '../../components/date-field';
import { isDateTime } from '../../components/day';
import { toIso, toLocal } from './body-scope';
import { Agenda } from './meeting-agenda';
import { Approve, Ctx, MeetingData, Publish, Unit, useMeeting } from './meeting-data';
import { HeldForm } from './meeting-held';
import { MeetingTitle } from './meeting-title';
import { MeetingPlan } from './meeting-plan';
import { AdoptForm, AssignInline, AssignLeft, MinutesForm } from './meeting-items';
import '../../components/forms.css';

const STEPS = ['prepare', 'hold', 'record', 'approve', 'publish'] as const;

/** Which step the meeting is at: the first one not done yet (all done once it is published). */
function stepOf(m: MeetingData): number {
  if (m.status === 'SCHEDULED') return 0;
  if (m.status === 'HELD') return 2;
  if (m.status === 'MINUTES_APPROVED' && !m.published) return 4;
  return STEPS.length;
}

function Stepper({ m }: { m: MeetingData }) {
  const { t } = useTranslation('secretary');
  const current = stepOf(m);
  if (m.status === 'CANCELLED') return null;
  return (
    <ol className="stepper" aria-label={t('steps.label')}>
      {STEPS.map((s, i) => {
        // "Hold" and "record" are one status (HELD): holding is done once it is recorded as held.
        const done = i < current || (current === 2 && i === 1);
        return (
          <li key={s} className={done ? 'done' : i === current || (current === 2 && i === 3) ? 'current' : undefined}>
            <span aria-current={i === current ? 'step' : undefined}>
              <span className="sr-only">{done ? t('steps.done') : ''}</span>
              {i + 1}
              <span className="step-name">. {t(`steps.${s}`)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function Attendance({ m }: { m: MeetingData }) {
  const { t } = useTranslation('secretary');
  return (
    <section aria-labelledby="att-h">
      <h2 id="att-h">{t('held.attendance')}</h2>
      <p>
        {t('held.quorum', { present: m.membersPresent.length, total: m.membersTotal ?? 0 })} —{' '}
        {m.quorum ? t('held.hasQuorum') : t('held.noQuorum')}
      </p>
      <ul className="list">
        {m.guests.map((g, i) => (
          <li key={i}>
            {g.fullName}, {g.organization} ({t(`guest.${g.category}`)})
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Approving is final: the question names the items whose minutes are still missing (typed but not saved, too). */
function ApproveQuestion({ m }: { m: MeetingData }) {
  const { t } = useTranslation('secretary');
  const missing = m.agenda.flatMap((item, i) => (item.minutes?.kk || item.minutes?.ru || item.minutes?.en ? [] : [i + 1]));
  return (
    <>
      {t('close.approveConfirm')} {missing.length ? t('close.missingMinutes', { items: missing.join(', ') }) : null}
    </>
  );
}

/** One agenda item once held: its minutes, its recommendations (assign those without a unit), adopt one more. */
function Item({
  ctx,
  item,
  index,
  units,
  left,
  onAssignRefused,
}: {
  ctx: Ctx;
  item: MeetingData['agenda'][number];
  index: number;
  units: Unit[];
  left: Record<string, AssignLeft>;
  onAssignRefused: (id: string, l: AssignLeft) => void;
}) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const [adopting, setAdopting] = useState(false);
  const { m } = ctx;
  const recs = m.recommendations.filter((r) => r.agendaItemId === item.itemId);
  const recording = m.status === 'HELD';
  return (
    <section aria-labelledby={`item-${item.itemId}`} className="card">
      <h2 id={`item-${item.itemId}`}>
        {index + 1}. <LocalText value={item.title} />
      </h2>
      {recording ? (
        <MinutesForm {...ctx} item={item} />
      ) : (
        <p>
          <LocalText value={item.minutes} />
        </p>
      )}
      <h3>{t('recommendations')}</h3>
      {recs.length ? (
        <ul className="list">
          {recs.map((r) => (
            <li key={r.id}>
              <Link to={`/recommendations/${r.id}`}>
                {t('numberShort', { number: r.number })} <LocalText value={r.text} />
              </Link>{' '}
              <StatusBadge status={r.status} /> {r.leadUnit ? <LocalText value={r.leadUnit.name} /> : null}
              {r.dueDate ? ` · ${t('queue.due', { date: date(r.dueDate) })}` : null}
              {r.status === 'ADOPTED' && !r.leadUnit ? (
                <AssignInline {...ctx} recommendationId={r.id} number={r.number} units={units} left={left[r.id]} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('noRecommendations')}</p>
      )}
      {recording ? (
        adopting ? (
          <AdoptForm {...ctx} item={item} units={units} onClose={() => setAdopting(false)} onAssignRefused={onAssignRefused} />
        ) : (
          <button type="button" onClick={() => setAdopting(true)}>
            {t('adopt.open')}
          </button>
        )
      ) : null}
    </section>
  );
}

export default function SecretaryMeeting() {
  const { id = '' } = useParams();
  const { t } = useTranslation('secretary');
  const { dateTime } = useFormat();
  const [result, refetch] = useMeeting(id);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const { seen, wrote, seenNow } = useSeen<{ revision: string }>(result.data?.meeting, result.stale);
  const done = (written: { revision: string } | null | undefined) => {
    wrote(written);
    reload();
  };
  const approve = useCommand(Approve);
  const publish = useCommand(Publish);
  const [atLocal, setAtLocal] = useState<string | null>(null);
  const [holding, setHolding] = useState(false);
  const [left, setLeft] = useState<Record<string, AssignLeft>>({});
  // "Ahead" is judged against when the page was opened: rendering stays pure, the same on every render.
  const [openedAt] = useState(() => Date.now());
  return (
    <Result result={result} ready="secretary-meeting">
      {({ meeting: m, units }) => {
        // Business time: the meeting's own time unless the secretary says otherwise (never "now" by default).
        // A meeting still ahead is being prepared now: its steps carry the time they are taken.
        const meetingAt = m.heldAt ?? m.startsAt;
        const ahead = Date.parse(meetingAt) > openedAt;
        const chosen = atLocal ?? (ahead ? '' : toLocal(meetingAt));
        const at = chosen ? toIso(chosen) : undefined;
        const ctx: Ctx = { m, at, reload, done };
        const latest = toLocal(new Date().toISOString());
        return (
          <>
            <nav aria-label={t('common:breadcrumbs')} className="crumbs">
              <Link to={`/secretary?body=${m.body?.id ?? ''}`}>{t('meetings.title')}</Link>
            </nav>
            <h1>{t('meetingNumber', { number: m.number })}</h1>
            <MeetingTitle m={m} done={done} />
            <p className="lead">
              <LocalText value={m.body?.name} /> · {dateTime(m.startsAt)} · {m.place}
            </p>
            <ChangedSince streamId={`meeting-${m.id}`} seen={seen?.revision} current={m.revision} onSeen={seenNow} />
            <p>
              <span className="badge">{t(`meetingStatusOne.${m.status}`)}</span>
              {m.published ? <span className="badge"> {t('published')}</span> : null}
            </p>
            <Stepper m={m} />
            {m.status === 'SCHEDULED' ? <MeetingPlan m={m} at={at} done={done} /> : null}
            {m.status !== 'CANCELLED' && !m.published ? (
              <details className="business-time-box">
                <summary>{t('businessTimeSummary', { when: chosen ? dateTime(toIso(chosen)) : t('businessTimeNow') })}</summary>
                {/* Only a time that is one (or none: now) becomes the steps' business time; the field says what is wrong. */}
                <DateField
                  time
                  className="business-time"
                  label={t('businessTime')}
                  value={chosen}
                  max={latest}
                  describedBy={ahead && !atLocal ? 'business-time-ahead' : undefined}
                  onChange={(v) => (v === '' || (isDateTime(v) && v <= latest)) && setAtLocal(v)}
                />
                {ahead && !atLocal ? (
                  <p id="business-time-ahead" className="muted">
                    {t('businessTimeAhead')}
                  </p>
                ) : null}
              </details>
            ) : null}
            <Agenda {...ctx} />
            {m.status === 'SCHEDULED' ? (
              <section aria-labelledby="held-step">
                <h2 id="held-step">{t('steps.hold')}</h2>
                {holding ? (
                  <HeldForm {...ctx} />
                ) : (
                  <button type="button" className="primary" onClick={() => setHolding(true)}>
                    {t('held.open')}
                  </button>
                )}
              </section>
            ) : m.status !== 'CANCELLED' ? (
              <Attendance m={m} />
            ) : null}
            {m.status === 'HELD' || m.status === 'MINUTES_APPROVED'
              ? m.agenda.map((item, i) => (
                  <Item
                    key={item.itemId}
                    ctx={ctx}
                    item={item}
                    index={i}
                    units={units}
                    left={left}
                    onAssignRefused={(rid, l) => setLeft((x) => ({ ...x, [rid]: l }))}
                  />
                ))
              : null}
            {m.status === 'HELD' ? (
              <section aria-labelledby="approve-h">
                <h2 id="approve-h">{t('steps.approve')}</h2>
                <p className="muted">{t('close.approveNote')}</p>
                <ConfirmButton
                  className="primary"
                  label={t('close.approve')}
                  question={<ApproveQuestion m={m} />}
                  confirmLabel={t('close.approveYes')}
                  busy={approve.busy}
                  onConfirm={() =>
                    approve.submit({ meetingId: m.id, expectedRevision: m.revision, occurredAt: at }).then((ok) => done(ok?.approveMinutes))
                  }
                />
                <RefusalNote refusal={approve.refusal} />
              </section>
            ) : null}
            {m.status === 'MINUTES_APPROVED' && !m.published ? (
              <section aria-labelledby="publish-h">
                <h2 id="publish-h">{t('steps.publish')}</h2>
                <p className="muted">{t('close.publishNote')}</p>
                <ConfirmButton
                  className="primary"
                  label={t('close.publish')}
                  question={t('close.publishConfirm')}
                  confirmLabel={t('close.publishYes')}
                  busy={publish.busy}
                  onConfirm={() =>
                    publish.submit({ meetingId: m.id, expectedRevision: m.revision, occurredAt: at }).then((ok) => done(ok?.publishMeeting))
                  }
                />
                <RefusalNote refusal={publish.refusal} />
              </section>
            ) : null}
            {m.published ? (
              <p className="notice">
                {t('close.publishedNote')} <Link to={`/meetings/${m.id}`}>{t('close.publicPage')}</Link>
              </p>
            ) : null}
            {m.status === 'CANCELLED' ? (
              <p className="notice">
                {t('close.cancelled')} {m.cancelReason ? t('plan.cancelReason', { reason: m.cancelReason }) : null}
              </p>
            ) : null}
          </>
        );
      }}
    </Result>
  );
}
