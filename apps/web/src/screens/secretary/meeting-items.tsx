// Recording a held meeting, item by item: the minutes, and the recommendations adopted under the item
// and assigned on the spot (the adoption form opens on demand and starts clean each time). A
// recommendation still without a unit (assigned later, or its assignment refused) keeps an assign action.
import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { ORIGINS, PRIORITIES } from '@gov/domain/recommendation/recommendation';
import { useDraft } from '../../auth/return-to';
import { Refusal, RefusalNote, useCommand } from '../../components/command';
import { useFormat } from '../../components/format';
import { LangField } from '../../components/lang-field';
import { Adopt, AgendaItem, Assign, Ctx, Minutes, Unit, useIdsDraft } from './meeting-data';
import { Choice } from '../../components/choice';
import { DateField } from '../../components/date-field';
import { isDay } from '../../components/day';
import '../../components/forms.css';

export function MinutesForm({ m, at, done, item }: Ctx & { item: AgendaItem }) {
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
    done(ok?.discussAgendaItem);
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

/** What is left of an adopt-and-assign whose assignment was refused: the choice made, and why it was refused. */
export interface AssignLeft {
  lead: string;
  co: string[];
  due: string;
  refusal: Refusal;
}

export function AdoptForm({
  m,
  at,
  reload,
  item,
  units,
  onClose,
  onAssignRefused,
}: Ctx & { item: AgendaItem; units: Unit[]; onClose: () => void; onAssignRefused: (recommendationId: string, left: AssignLeft) => void }) {
  const { t, i18n } = useTranslation('secretary');
  const adopt = useCommand(Adopt);
  const assign = useCommand(Assign);
  const key = `secretary.${m.id}.${item.itemId}.adopt`;
  const [number, setNumber, c1] = useDraft(`${key}.number`);
  const [kk, setKk, c2] = useDraft(`${key}.kk`);
  const [ru, setRu, c3] = useDraft(`${key}.ru`);
  const [en, setEn, c4] = useDraft(`${key}.en`);
  const [origin, setOrigin, c8] = useDraft(`${key}.origin`, 'BODY');
  const [priority, setPriority, c9] = useDraft(`${key}.priority`, 'NORMAL');
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
    // A due date that is not a day is said at its field.
    if (due && !isDay(due)) return setProblem(null);
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
    const id = adopted.adoptRecommendation.recommendation.id;
    // Adopted: the form is done with, whatever the assignment does (the next one starts clean).
    for (const clear of [c1, c2, c3, c4, c5, c6, c7, c8, c9]) clear();
    if (lead) {
      const choice = { lead, co: co.filter((u) => u !== lead), due };
      const ok = await assign.submit({
        recommendationId: id,
        leadUnitId: lead,
        coExecutorUnitIds: choice.co,
        dueDate: due,
        occurredAt: at,
      });
      // Refused: the recommendation stays adopted without a unit; its line offers the assignment again, with the reason.
      if (!ok) onAssignRefused(id, { ...choice, refusal: assign.lastRefusal() ?? { code: 'UNKNOWN', message: '' } });
    }
    reload();
    onClose();
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
      <Choice
        label={t('adopt.origin')}
        value={origin}
        onChange={setOrigin}
        options={ORIGINS.map((x) => ({ value: x, label: t(`common:origin.${x}`) }))}
      />
      <Choice
        label={t('adopt.priority')}
        value={priority}
        onChange={setPriority}
        options={PRIORITIES.map((x) => ({ value: x, label: t(`common:priority.${x}`) }))}
      />
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
      <DateField label={t('adopt.due')} value={due} onChange={setDue} />
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="primary" aria-busy={adopt.busy || assign.busy}>
          {t('adopt.submit')}
        </button>
        {/* Closed, the form keeps what was typed (a draft) for when it is opened again. */}
        <button type="button" onClick={onClose}>
          {t('common:cancel')}
        </button>
      </div>
      <RefusalNote refusal={adopt.refusal ?? assign.refusal} />
    </form>
  );
}

/** A recommendation without a unit: choose the lead unit and due date, and assign. */
export function AssignInline({
  at,
  reload,
  recommendationId,
  number,
  units,
  left,
}: Ctx & { recommendationId: string; number: string; units: Unit[]; left?: AssignLeft }) {
  const { t, i18n } = useTranslation('secretary');
  const assign = useCommand(Assign);
  const key = `secretary.assign.${recommendationId}`;
  const [lead, setLead, c1] = useDraft(`${key}.lead`, left?.lead ?? '');
  const [due, setDue, c2] = useDraft(`${key}.due`, left?.due ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const { date } = useFormat();
  const adoptedOn = (at ?? new Date().toISOString()).slice(0, 10);
  // The line may show before the assignment is refused (the adoption alone refreshes the meeting):
  // once it is, the choice made in the adoption form comes back here.
  useEffect(() => {
    if (!left) return;
    setLead(left.lead);
    setDue(left.due);
  }, [left, setLead, setDue]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!lead) return setProblem(t('queue.needLead'));
    if (!due) return setProblem(t('adopt.needDue'));
    if (!isDay(due)) return setProblem(null);
    if (due < adoptedOn) return setProblem(t('adopt.dueBefore', { date: date(adoptedOn) }));
    setProblem(null);
    const ok = await assign.submit({
      recommendationId,
      leadUnitId: lead,
      coExecutorUnitIds: (left?.co ?? []).filter((u) => u !== lead),
      dueDate: due,
      occurredAt: at,
    });
    if (ok) {
      c1();
      c2();
      reload();
    }
  };
  return (
    <form className="assign-inline" onSubmit={(e) => void submit(e)} aria-label={t('adopt.assignOf', { number })} noValidate>
      <span className="muted">{t('adopt.unassigned')}</span>
      <label>
        {t('adopt.lead')}{' '}
        <select value={lead} onChange={(e) => setLead(e.target.value)}>
          <option value="">{t('queue.chooseLead')}</option>
          {units
            .filter((u) => u.status === 'ACTIVE' || u.id === lead)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name[i18n.language as 'kk'] ?? u.name.ru ?? u.name.kk ?? u.id}
              </option>
            ))}
        </select>
      </label>
      <DateField label={t('adopt.due')} value={due} onChange={setDue} />
      <button type="submit" aria-busy={assign.busy}>
        {t('queue.assign')}
      </button>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      {/* The refusal of the adopt-and-assign that left it here, until this assignment is tried. */}
      <RefusalNote refusal={assign.refusal ?? (assign.busy ? null : (left?.refusal ?? null))} />
    </form>
  );
}
