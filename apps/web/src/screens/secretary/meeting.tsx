// One meeting as its secretary records it: agenda (add, remove, reorder by keyboard or drag),
// held with attendance from the member list (quorum as computed) and guests, minutes per item,
// recommendations adopted under an item and assigned on the spot, approval and publication.
// Every step carries the business time chosen at the top (the meeting's date by default).
import { DragEvent, FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { MeetingPage, RecommendationHeadline, TextFields } from '../../graphql/fragments';
import { useDraft } from '../../auth/return-to';
import { ChangedSince, useSeen } from '../../components/changed-since';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, useFormat } from '../../components/format';
import { LangField } from '../../components/lang-field';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { Result, StatusBadge } from '../../components/ui';
import { toIso, toLocal } from './body-scope';
import '../../components/forms.css';

const MeetingQuery = graphql(
  `
    query SecretaryMeeting($id: ID!) {
      meeting(id: $id) {
        id
        number
        status
        revision
        startsAt
        heldAt
        place
        published
        quorum
        membersPresent
        membersTotal
        guests {
          fullName
          organization
          category
        }
        agenda {
          itemId
          order
          speaker
          reportBack {
            coversMeetingIds
          }
          title {
            ...TextFields
          }
          minutes {
            ...TextFields
          }
        }
        recommendations {
          ...RecommendationHeadline
          agendaItemId
        }
        body {
          id
          name {
            ...TextFields
          }
          members {
            memberId
            fullName
            role
          }
        }
      }
      units {
        id
        status
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields, RecommendationHeadline],
);

const AddItem = graphql(`
  mutation AddItem($input: AddAgendaItemInput!) {
    addAgendaItem(input: $input) {
      revision
    }
  }
`);
const RemoveItem = graphql(`
  mutation RemoveItem($input: RemoveAgendaItemInput!) {
    removeAgendaItem(input: $input) {
      revision
    }
  }
`);
const Reorder = graphql(`
  mutation Reorder($input: ReorderAgendaInput!) {
    reorderAgenda(input: $input) {
      revision
    }
  }
`);
const AddReportBack = graphql(`
  mutation AddReportBack($input: AddReportBackItemInput!) {
    addReportBackItem(input: $input) {
      revision
    }
  }
`);
const EarlierMeetings = graphql(
  `
    query EarlierMeetings($bodyIds: [ID!]!, $to: DateTime, $statuses: [MeetingStatus!]!, $first: Int!, $after: String) {
      meetings(filter: { bodyIds: $bodyIds, to: $to, statuses: $statuses }, first: $first, after: $after) {
        ...MeetingPage
      }
    }
  `,
  [MeetingPage],
);
const Held = graphql(`
  mutation Held($input: RecordMeetingHeldInput!) {
    recordMeetingHeld(input: $input) {
      revision
    }
  }
`);
const Minutes = graphql(`
  mutation Minutes($input: RecordAgendaItemMinutesInput!) {
    recordAgendaItemMinutes(input: $input) {
      revision
    }
  }
`);
const Adopt = graphql(`
  mutation Adopt($input: AdoptRecommendationInput!) {
    adoptRecommendation(input: $input) {
      recommendation {
        id
      }
    }
  }
`);
const Assign = graphql(`
  mutation Assign($input: AssignResponsibilityInput!) {
    assignResponsibility(input: $input) {
      revision
    }
  }
`);
const Approve = graphql(`
  mutation Approve($input: MeetingInput!) {
    approveMinutes(input: $input) {
      revision
    }
  }
`);
const Publish = graphql(`
  mutation Publish($input: MeetingInput!) {
    publishMeeting(input: $input) {
      revision
    }
  }
`);

type Data = ResultOf<typeof MeetingQuery>;
type MeetingData = Data['meeting'];
type Unit = Data['units'][number];
const GUEST_CATEGORIES = ['MEDIA', 'OMBUDSMAN', 'LOCAL_GOVERNMENT', 'PUBLIC', 'POLICE', 'OTHER'] as const;
const ORIGINS = ['BODY', 'CITIZEN_PROPOSAL', 'MEDIA_REQUEST'] as const;
const PRIORITIES = ['NORMAL', 'HIGH', 'CRITICAL'] as const;

/** A list of ids chosen in a form, kept as a draft like the typed fields (an expired sign-in loses nothing). */
function useIdsDraft(key: string): [string[], (ids: string[]) => void, () => void] {
  const [json, setJson, clear] = useDraft(key, '[]');
  return [JSON.parse(json) as string[], (ids) => setJson(JSON.stringify(ids)), clear];
}

function useMeeting(id: string) {
  return useQuery({ query: MeetingQuery, variables: { id } });
}

interface Ctx {
  m: MeetingData;
  /** The business time each step carries; none while the meeting is still ahead (the server's now). */
  at: string | undefined;
  reload: () => void;
  /** After a write to the meeting: what it returned (now seen by the person, if written), then the fresh state. */
  done: (written: { revision: string } | null | undefined) => void;
}

function Agenda({ m, at, reload, done }: Ctx) {
  const { t } = useTranslation('secretary');
  const add = useCommand(AddItem);
  const remove = useCommand(RemoveItem);
  const reorder = useCommand(Reorder);
  const [kk, setKk, clearKk] = useDraft(`secretary.${m.id}.item.kk`);
  const [ru, setRu, clearRu] = useDraft(`secretary.${m.id}.item.ru`);
  const [speaker, setSpeaker, clearSpeaker] = useDraft(`secretary.${m.id}.item.speaker`);
  const [untitled, setUntitled] = useState(false);
  const [dragged, setDragged] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const editable = m.status === 'SCHEDULED';
  const ids = m.agenda.map((i) => i.itemId);
  const move = async (itemId: string, to: number) => {
    const next = ids.filter((x) => x !== itemId);
    next.splice(to, 0, itemId);
    const written = (await reorder.submit({ meetingId: m.id, itemIds: next, expectedRevision: m.revision, occurredAt: at }))?.reorderAgenda;
    if (written) setAnnounce(t('agenda.moved', { position: to + 1 }));
    done(written);
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setUntitled(!kk.trim() && !ru.trim());
    if (!kk.trim() && !ru.trim()) return;
    const ok = await add.submit({
      meetingId: m.id,
      title: { kk: kk.trim() || undefined, ru: ru.trim() || undefined },
      speaker: speaker.trim() || undefined,
      expectedRevision: m.revision,
      occurredAt: at,
    });
    if (ok) {
      clearKk();
      clearRu();
      clearSpeaker();
      setKk('');
      setRu('');
      setSpeaker('');
    }
    done(ok?.addAgendaItem);
  };
  return (
    <section aria-labelledby="agenda-h">
      <h2 id="agenda-h">{t('agenda.title')}</h2>
      <ol className="agenda-edit">
        {m.agenda.map((item, i) => (
          <li
            key={item.itemId}
            draggable={editable}
            onDragStart={() => setDragged(item.itemId)}
            onDragOver={(e: DragEvent) => editable && e.preventDefault()}
            onDrop={() => dragged && dragged !== item.itemId && void move(dragged, i)}
          >
            <span>
              {i + 1}. <LocalText value={item.title} />
              {item.reportBack ? <span className="badge">{t('reportBack.badge')}</span> : null}
              {item.speaker ? <span className="muted"> — {item.speaker}</span> : null}
            </span>
            {editable ? (
              <span className="row-actions">
                <button
                  type="button"
                  disabled={i === 0}
                  onClick={() => void move(item.itemId, i - 1)}
                  aria-label={t('agenda.up', { n: i + 1 })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === m.agenda.length - 1}
                  onClick={() => void move(item.itemId, i + 1)}
                  aria-label={t('agenda.down', { n: i + 1 })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void remove
                      .submit({ meetingId: m.id, itemId: item.itemId, expectedRevision: m.revision, occurredAt: at })
                      .then((ok) => done(ok?.removeAgendaItem))
                  }
                  aria-label={t('agenda.remove', { n: i + 1 })}
                >
                  ×
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <p role="status" className="sr-only">
        {announce}
      </p>
      <RefusalNote refusal={reorder.refusal ?? remove.refusal} />
      {editable ? (
        <form className="form" onSubmit={(e) => void submit(e)} aria-label={t('agenda.add')}>
          <LangField label={t('agenda.titleKk')} lang="kk" value={kk} onChange={setKk} maxLength={LIMITS.text} />
          <LangField label={t('agenda.titleRu')} lang="ru" value={ru} onChange={setRu} maxLength={LIMITS.text} />
          <label>
            {t('agenda.speaker')}
            <input value={speaker} onChange={(e) => setSpeaker(e.target.value)} maxLength={LIMITS.name} />
          </label>
          {untitled ? (
            <p role="alert" className="error">
              {t('agenda.needTitle')}
            </p>
          ) : null}
          <button type="submit" className="primary" aria-busy={add.busy}>
            {t('agenda.add')}
          </button>
          <RefusalNote refusal={add.refusal} onRetry={() => void submit()} />
        </form>
      ) : null}
      {editable ? <ReportBackForm m={m} at={at} reload={reload} done={done} /> : null}
    </section>
  );
}

/** An agenda item that reports on the recommendations of earlier meetings of the body. */
function ReportBackForm({ m, at, done }: Ctx) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const variables = {
    bodyIds: [m.body?.id ?? ''],
    to: m.startsAt,
    statuses: ['HELD' as const, 'MINUTES_APPROVED' as const],
    first: PAGE_SIZE,
    after: useCursor('earlier'),
  };
  const [earlier] = useQuery({ query: EarlierMeetings, variables, pause: !m.body });
  const add = useCommand(AddReportBack);
  const [kk, setKk, clearKk] = useDraft(`secretary.${m.id}.reportBack.kk`);
  const [ru, setRu, clearRu] = useDraft(`secretary.${m.id}.reportBack.ru`);
  const [covers, setCovers, clearCovers] = useIdsDraft(`secretary.${m.id}.reportBack.covers`);
  const [problem, setProblem] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if ((!kk.trim() && !ru.trim()) || covers.length === 0) return setProblem(true);
    setProblem(false);
    const ok = await add.submit({
      meetingId: m.id,
      title: { kk: kk.trim() || undefined, ru: ru.trim() || undefined },
      coversMeetingIds: covers,
      expectedRevision: m.revision,
      occurredAt: at,
    });
    if (ok) {
      clearKk();
      clearRu();
      setKk('');
      setRu('');
      clearCovers();
      setCovers([]);
    }
    done(ok?.addReportBackItem);
  };
  const page = earlier.data?.meetings;
  const list = (page?.nodes ?? []).filter((x) => x.id !== m.id);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label={t('reportBack.title')} noValidate>
      <h3>{t('reportBack.title')}</h3>
      <LangField label={t('agenda.titleKk')} lang="kk" value={kk} onChange={setKk} maxLength={LIMITS.text} />
      <LangField label={t('agenda.titleRu')} lang="ru" value={ru} onChange={setRu} maxLength={LIMITS.text} />
      <fieldset>
        <legend>{t('reportBack.covers')}</legend>
        {list.length ? (
          list.map((x) => (
            <label key={x.id} className="radio">
              <input
                type="checkbox"
                checked={covers.includes(x.id)}
                onChange={(e) => setCovers(e.target.checked ? [...covers, x.id] : covers.filter((c) => c !== x.id))}
              />
              {t('meetingNumber', { number: x.number })}, {date(x.startsAt)}
            </label>
          ))
        ) : (
          <p className="muted">{t('reportBack.none')}</p>
        )}
        {page ? (
          <Pager
            param="earlier"
            pageInfo={page.pageInfo}
            label={t('reportBack.covers')}
            shown={page.nodes.length}
            total={page.totalCount}
          />
        ) : null}
      </fieldset>
      {problem ? (
        <p role="alert" className="error">
          {t('reportBack.needed')}
        </p>
      ) : null}
      <button type="submit" aria-busy={add.busy}>
        {t('reportBack.submit')}
      </button>
      <RefusalNote refusal={add.refusal} onRetry={() => void submit()} />
    </form>
  );
}

interface GuestRow {
  fullName: string;
  organization: string;
  category: (typeof GUEST_CATEGORIES)[number];
}

function HeldForm({ m, at, done }: Ctx) {
  const { t } = useTranslation('secretary');
  const held = useCommand(Held);
  const members = m.body?.members ?? [];
  const [present, setPresent, clearPresent] = useIdsDraft(`secretary.${m.id}.present`);
  const [guestsJson, setGuestsJson, clearGuests] = useDraft(`secretary.${m.id}.guests`, '[]');
  const guests = JSON.parse(guestsJson) as GuestRow[];
  const setGuests = (g: GuestRow[]) => setGuestsJson(JSON.stringify(g));
  const [heldAt, setHeldAt, clearHeldAt] = useDraft(`secretary.${m.id}.heldAt`, toLocal(m.startsAt));
  const quorum = present.length * 2 > members.length;
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const ok = await held.submit({
      meetingId: m.id,
      heldAt: toIso(heldAt),
      membersPresent: present,
      guests: guests.filter((g) => g.fullName.trim()),
      expectedRevision: m.revision,
      occurredAt: at,
    });
    if (ok) {
      clearGuests();
      clearPresent();
      clearHeldAt();
    }
    done(ok?.recordMeetingHeld);
  };
  return (
    <section aria-labelledby="held-h">
      <h2 id="held-h">{t('held.title')}</h2>
      <form className="form wide" onSubmit={(e) => void submit(e)}>
        <label>
          {t('held.heldAt')}
          <input type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} required />
        </label>
        <fieldset>
          <legend>{t('held.present')}</legend>
          {members.map((mem) => (
            <label key={mem.memberId} className="radio">
              <input
                type="checkbox"
                checked={present.includes(mem.memberId)}
                onChange={(e) => setPresent(e.target.checked ? [...present, mem.memberId] : present.filter((x) => x !== mem.memberId))}
              />
              {mem.fullName} <span className="muted">({t(`role.${mem.role}`)})</span>
            </label>
          ))}
        </fieldset>
        <p role="status" className={quorum ? 'notice' : 'error'}>
          {t('held.quorum', { present: present.length, total: members.length })} — {quorum ? t('held.hasQuorum') : t('held.noQuorum')}
        </p>
        <fieldset>
          <legend>{t('held.guests')}</legend>
          {guests.map((g, i) => (
            <div key={i} className="guest-row" role="group" aria-label={t('held.guestN', { n: i + 1 })}>
              <label>
                {t('held.guestName')}
                <input
                  value={g.fullName}
                  maxLength={LIMITS.name}
                  onChange={(e) => setGuests(guests.map((x, j) => (j === i ? { ...x, fullName: e.target.value } : x)))}
                />
              </label>
              <label>
                {t('held.guestOrg')}
                <input
                  value={g.organization}
                  maxLength={LIMITS.name}
                  onChange={(e) => setGuests(guests.map((x, j) => (j === i ? { ...x, organization: e.target.value } : x)))}
                />
              </label>
              <label>
                {t('held.guestCategory')}
                <select
                  value={g.category}
                  onChange={(e) =>
                    setGuests(guests.map((x, j) => (j === i ? { ...x, category: e.target.value as GuestRow['category'] } : x)))
                  }
                >
                  {GUEST_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`guest.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setGuests(guests.filter((_, j) => j !== i))}>
                {t('held.removeGuest')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setGuests([...guests, { fullName: '', organization: '', category: 'PUBLIC' }])}>
            {t('held.addGuest')}
          </button>
        </fieldset>
        <button type="submit" className="primary" aria-busy={held.busy}>
          {t('held.submit')}
        </button>
        <RefusalNote refusal={held.refusal} onRetry={() => void submit()} />
      </form>
    </section>
  );
}

function MinutesForm({ m, at, done, item }: Ctx & { item: MeetingData['agenda'][number] }) {
  const { t } = useTranslation('secretary');
  const save = useCommand(Minutes);
  const [kk, setKk] = useDraft(`secretary.${m.id}.${item.itemId}.minutes.kk`, item.minutes?.kk ?? '');
  const [ru, setRu] = useDraft(`secretary.${m.id}.${item.itemId}.minutes.ru`, item.minutes?.ru ?? '');
  const [saved, setSaved] = useState(false);
  const [empty, setEmpty] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setEmpty(!kk.trim() && !ru.trim());
    if (!kk.trim() && !ru.trim()) return;
    const ok = await save.submit({
      meetingId: m.id,
      itemId: item.itemId,
      minutes: { kk: kk.trim() || undefined, ru: ru.trim() || undefined },
      expectedRevision: m.revision,
      occurredAt: at,
    });
    setSaved(!!ok);
    done(ok?.recordAgendaItemMinutes);
  };
  return (
    <form className="form wide" onSubmit={(e) => void submit(e)} aria-label={t('minutes.title')}>
      <LangField label={t('minutes.kk')} lang="kk" rows={3} value={kk} onChange={setKk} maxLength={LIMITS.text} />
      <LangField label={t('minutes.ru')} lang="ru" rows={3} value={ru} onChange={setRu} maxLength={LIMITS.text} />
      {empty ? (
        <p role="alert" className="error">
          {t('minutes.needText')}
        </p>
      ) : null}
      <button type="submit" aria-busy={save.busy}>
        {t('minutes.save')}
      </button>
      {saved ? (
        <p role="status" className="notice">
          {t('minutes.saved')}
        </p>
      ) : null}
      <RefusalNote refusal={save.refusal} onRetry={() => void submit()} />
    </form>
  );
}

function AdoptForm({ m, at, reload, item, units }: Ctx & { item: MeetingData['agenda'][number]; units: Unit[] }) {
  const { t, i18n } = useTranslation('secretary');
  const adopt = useCommand(Adopt);
  const assign = useCommand(Assign);
  const key = `secretary.${m.id}.${item.itemId}.adopt`;
  const [number, setNumber, c1] = useDraft(`${key}.number`);
  const [kk, setKk, c2] = useDraft(`${key}.kk`);
  const [ru, setRu, c3] = useDraft(`${key}.ru`);
  const [en, setEn, c4] = useDraft(`${key}.en`);
  const [origin, setOrigin] = useDraft(`${key}.origin`, 'BODY');
  const [priority, setPriority] = useDraft(`${key}.priority`, 'NORMAL');
  const [lead, setLead, c5] = useDraft(`${key}.lead`);
  const [co, setCo, c7] = useIdsDraft(`${key}.co`);
  const [due, setDue, c6] = useDraft(`${key}.due`);
  const [problem, setProblem] = useState<string | null>(null);
  const { date } = useFormat();
  // The domain refuses a due date before the day the recommendation is adopted.
  const adoptedOn = (at ?? new Date().toISOString()).slice(0, 10);
  const active = units.filter((u) => u.status === 'ACTIVE');
  const name = (u: Unit) => u.name[i18n.language as 'kk'] ?? u.name.ru ?? u.name.kk ?? u.name.en ?? u.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim() || (!kk.trim() && !ru.trim() && !en.trim())) return setProblem(t('adopt.needNumberText'));
    if (lead && !due) return setProblem(t('adopt.needDue'));
    if (lead && due < adoptedOn) return setProblem(t('adopt.dueBefore', { date: date(adoptedOn) }));
    setProblem(null);
    const adopted = await adopt.submit({
      meetingId: m.id,
      agendaItemId: item.itemId,
      number: number.trim(),
      text: { kk: kk.trim() || undefined, ru: ru.trim() || undefined, en: en.trim() || undefined },
      origin: origin as (typeof ORIGINS)[number],
      priority: priority as (typeof PRIORITIES)[number],
      occurredAt: at,
    });
    if (!adopted) return;
    for (const clear of [c1, c2, c3, c4]) clear();
    setNumber('');
    setKk('');
    setRu('');
    setEn('');
    if (lead) {
      const ok = await assign.submit({
        recommendationId: adopted.adoptRecommendation.recommendation.id,
        leadUnitId: lead,
        coExecutorUnitIds: co.filter((u) => u !== lead),
        dueDate: due,
        occurredAt: at,
      });
      if (ok) {
        c5();
        c6();
        c7();
        setLead('');
        setDue('');
        setCo([]);
      }
    }
    reload();
  };
  return (
    <form className="form wide" onSubmit={(e) => void submit(e)} aria-label={t('adopt.title')}>
      <h4>{t('adopt.title')}</h4>
      <label>
        {t('adopt.number')}
        <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={LIMITS.recommendationNumber} />
      </label>
      <LangField label={t('adopt.textKk')} lang="kk" rows={2} value={kk} onChange={setKk} maxLength={LIMITS.text} />
      <LangField label={t('adopt.textRu')} lang="ru" rows={2} value={ru} onChange={setRu} maxLength={LIMITS.text} />
      <LangField label={t('adopt.textEn')} lang="en" rows={2} value={en} onChange={setEn} maxLength={LIMITS.text} />
      <label>
        {t('adopt.origin')}
        <select value={origin} onChange={(e) => setOrigin(e.target.value)}>
          {ORIGINS.map((o) => (
            <option key={o} value={o}>
              {t(`common:origin.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('adopt.priority')}
        <select value={priority} onChange={(e) => setPriority(e.target.value)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`common:priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('adopt.lead')}
        <select value={lead} onChange={(e) => setLead(e.target.value)}>
          <option value="">{t('adopt.noLead')}</option>
          {active.map((u) => (
            <option key={u.id} value={u.id}>
              {name(u)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('adopt.coExecutors')}</legend>
        {active
          .filter((u) => u.id !== lead)
          .map((u) => (
            <label key={u.id} className="radio">
              <input
                type="checkbox"
                checked={co.includes(u.id)}
                onChange={(e) => setCo(e.target.checked ? [...co, u.id] : co.filter((x) => x !== u.id))}
              />
              {name(u)}
            </label>
          ))}
      </fieldset>
      <label>
        {t('adopt.due')}
        <input type="date" value={due} min={adoptedOn} onChange={(e) => setDue(e.target.value)} />
      </label>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" aria-busy={adopt.busy || assign.busy}>
        {t('adopt.submit')}
      </button>
      <RefusalNote refusal={adopt.refusal ?? assign.refusal} />
    </form>
  );
}

export default function SecretaryMeeting() {
  const { id = '' } = useParams();
  const { t } = useTranslation('secretary');
  const { date, dateTime } = useFormat();
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
  return (
    <Result result={result}>
      {({ meeting: m, units }) => {
        // Business time: the meeting's own time unless the secretary says otherwise (never "now" by default).
        // A meeting still ahead is being prepared now: its steps carry the time they are taken.
        const meetingAt = m.heldAt ?? m.startsAt;
        const ahead = Date.parse(meetingAt) > Date.now();
        const chosen = atLocal ?? (ahead ? '' : toLocal(meetingAt));
        const at = chosen ? toIso(chosen) : undefined;
        const ctx = { m, at, reload, done };
        // Why approving or publishing is not open now (the domain's order: held, approved, published).
        const notYet = m.status === 'CANCELLED' ? t('close.cancelled') : m.status === 'SCHEDULED' ? t('close.whenHeld') : null;
        const approveWhy = notYet || m.status === 'HELD' ? null : t('close.approved');
        const publishWhy = notYet ? null : m.published ? t('close.published') : m.status === 'HELD' ? t('close.approveFirst') : null;
        return (
          <>
            <nav aria-label={t('common:breadcrumbs')} className="crumbs">
              <Link to={`/secretary?body=${m.body?.id ?? ''}`}>{t('meetings.title')}</Link>
            </nav>
            <h1>{t('meetingNumber', { number: m.number })}</h1>
            <p className="lead">
              <LocalText value={m.body?.name} /> · {dateTime(m.startsAt)} · {m.place}
            </p>
            <ChangedSince streamId={`meeting-${m.id}`} seen={seen?.revision} current={m.revision} onSeen={seenNow} />
            <p>
              <span className="badge">{t(`meetingStatus.${m.status}`)}</span>
              {m.published ? <span className="badge"> {t('published')}</span> : null}
            </p>
            <label className="business-time">
              {t('businessTime')}{' '}
              <input
                type="datetime-local"
                value={chosen}
                max={toLocal(new Date().toISOString())}
                aria-describedby={ahead && !atLocal ? 'business-time-ahead' : undefined}
                onChange={(e) => setAtLocal(e.target.value)}
              />
            </label>
            {ahead && !atLocal ? (
              <p id="business-time-ahead" className="muted">
                {t('businessTimeAhead')}
              </p>
            ) : null}
            <Agenda {...ctx} />
            {m.status === 'SCHEDULED' ? (
              <HeldForm {...ctx} />
            ) : m.status !== 'CANCELLED' ? (
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
            ) : null}
            {m.status === 'HELD' || m.status === 'MINUTES_APPROVED'
              ? m.agenda.map((item, i) => (
                  <section key={item.itemId} aria-labelledby={`item-${item.itemId}`} className="card">
                    <h2 id={`item-${item.itemId}`}>
                      {i + 1}. <LocalText value={item.title} />
                    </h2>
                    {m.status === 'HELD' ? (
                      <MinutesForm {...ctx} item={item} />
                    ) : (
                      <p>
                        <LocalText value={item.minutes} />
                      </p>
                    )}
                    <h3>{t('recommendations')}</h3>
                    <ul className="list">
                      {m.recommendations
                        .filter((r) => r.agendaItemId === item.itemId)
                        .map((r) => (
                          <li key={r.id}>
                            <Link to={`/recommendations/${r.id}`}>
                              {t('numberShort', { number: r.number })} <LocalText value={r.text} />
                            </Link>{' '}
                            <StatusBadge status={r.status} /> {r.leadUnit ? <LocalText value={r.leadUnit.name} /> : null}{' '}
                            {r.dueDate ? date(r.dueDate) : null}
                          </li>
                        ))}
                    </ul>
                    {m.status === 'HELD' ? <AdoptForm {...ctx} item={item} units={units} /> : null}
                  </section>
                ))
              : null}
            <section aria-labelledby="close-h">
              <h2 id="close-h">{t('close.title')}</h2>
              <button
                type="button"
                className="primary"
                disabled={!!(notYet ?? approveWhy)}
                aria-describedby={notYet ? 'close-why' : approveWhy ? 'approve-why' : undefined}
                onClick={() =>
                  void approve
                    .submit({ meetingId: m.id, expectedRevision: m.revision, occurredAt: at })
                    .then((ok) => done(ok?.approveMinutes))
                }
              >
                {t('close.approve')}
              </button>{' '}
              <button
                type="button"
                className="primary"
                disabled={!!(notYet ?? publishWhy)}
                aria-describedby={notYet ? 'close-why' : publishWhy ? 'publish-why' : undefined}
                onClick={() =>
                  void publish
                    .submit({ meetingId: m.id, expectedRevision: m.revision, occurredAt: at })
                    .then((ok) => done(ok?.publishMeeting))
                }
              >
                {t('close.publish')}
              </button>
              {notYet ? (
                <p id="close-why" className="muted">
                  {notYet}
                </p>
              ) : null}
              {approveWhy ? (
                <p id="approve-why" className="muted">
                  {t('close.approve')}: {approveWhy}
                </p>
              ) : null}
              {publishWhy ? (
                <p id="publish-why" className="muted">
                  {t('close.publish')}: {publishWhy}
                </p>
              ) : null}
              <RefusalNote refusal={approve.refusal ?? publish.refusal} />
            </section>
          </>
        );
      }}
    </Result>
  );
}
