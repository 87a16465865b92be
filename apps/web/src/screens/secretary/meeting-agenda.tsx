// Preparing a meeting: its agenda (add, remove after a confirmation, reorder by keyboard or drag)
// and, when the body has earlier meetings, a report-back item on their recommendations (on demand).
import { DragEvent, FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { useQuery } from 'urql';
import { useDraft } from '../../auth/return-to';
import { RefusalNote, useCommand } from '../../components/command';
import { ConfirmButton } from '../../components/confirm';
import { LocalText, useFormat } from '../../components/format';
import { LangField } from '../../components/lang-field';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { AddItem, AddReportBack, Ctx, EarlierMeetings, RemoveItem, Reorder, useIdsDraft } from './meeting-data';
import '../../components/forms.css';

export function Agenda({ m, at, reload, done }: Ctx) {
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
                <ConfirmButton
                  label="×"
                  accessibleLabel={t('agenda.remove', { n: i + 1 })}
                  question={t('agenda.removeQuestion')}
                  confirmLabel={t('agenda.removeConfirm')}
                  busy={remove.busy}
                  onConfirm={() =>
                    remove
                      .submit({ meetingId: m.id, itemId: item.itemId, expectedRevision: m.revision, occurredAt: at })
                      .then((ok) => done(ok?.removeAgendaItem))
                  }
                />
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
  const [open, setOpen] = useState(false);
  const page = earlier.data?.meetings;
  const list = (page?.nodes ?? []).filter((x) => x.id !== m.id);
  // Nothing to report back on: the body has held no meeting before this one.
  if (!page || (!list.length && !page.pageInfo.hasNextPage && !variables.after)) return null;
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          {t('reportBack.open')}
        </button>
      </p>
    );
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
