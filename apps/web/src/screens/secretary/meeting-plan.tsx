// A meeting not yet held can still be moved (a new time, and place) or called off with a reason
// (rescheduleMeeting, cancelMeeting): each form opens on demand, starts from the meeting as planned,
// and a cancellation, which cannot be undone, asks once more.
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { graphql } from '../../graphql/graphql';
import { RefusalNote, useCommand } from '../../components/command';
import { ConfirmButton } from '../../components/confirm';
import { DateField } from '../../components/date-field';
import { isDateTime } from '../../components/day';
import { toIso, toLocal } from './body-scope';
import { Ctx } from './meeting-data';

const Reschedule = graphql(`
  mutation Reschedule($input: RescheduleMeetingInput!) {
    rescheduleMeeting(input: $input) {
      revision
    }
  }
`);
const Cancel = graphql(`
  mutation CancelMeeting($input: CancelMeetingInput!) {
    cancelMeeting(input: $input) {
      revision
    }
  }
`);

function RescheduleForm({ m, done, onClose }: Pick<Ctx, 'm' | 'done'> & { onClose: () => void }) {
  const { t } = useTranslation('secretary');
  const reschedule = useCommand(Reschedule);
  const [startsAt, setStartsAt] = useState(toLocal(m.startsAt));
  const [place, setPlace] = useState(m.place);
  const [missing, setMissing] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMissing(!place.trim());
    // A time that is not one is said at its field.
    if (!isDateTime(startsAt) || !place.trim()) return;
    const data = await reschedule.submit({ meetingId: m.id, expectedRevision: m.revision, startsAt: toIso(startsAt), place: place.trim() });
    if (data) {
      onClose();
      done(data.rescheduleMeeting);
    }
  };
  return (
    <form className="form" aria-labelledby="reschedule-h" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="reschedule-h">{t('plan.reschedule')}</h3>
      <DateField time label={t('plan.startsAt')} value={startsAt} onChange={setStartsAt} required />
      <label>
        {t('plan.place')}
        <input value={place} maxLength={LIMITS.place} aria-invalid={missing || undefined} onChange={(e) => setPlace(e.target.value)} />
      </label>
      {missing ? (
        <p role="alert" className="error">
          {t('plan.required')}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="primary" aria-busy={reschedule.busy}>
          {t('plan.rescheduleSubmit')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common:close')}
        </button>
      </div>
      <RefusalNote refusal={reschedule.refusal} />
    </form>
  );
}

function CancelForm({ m, at, done, onClose }: Pick<Ctx, 'm' | 'at' | 'done'> & { onClose: () => void }) {
  const { t } = useTranslation('secretary');
  const cancel = useCommand(Cancel);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const send = async () => {
    const data = await cancel.submit({ meetingId: m.id, expectedRevision: m.revision, reason: reason.trim(), occurredAt: at });
    if (data) done(data.cancelMeeting);
  };
  return (
    <form className="form" aria-labelledby="cancel-h" onSubmit={(e) => e.preventDefault()} noValidate>
      <h3 id="cancel-h">{t('plan.cancel')}</h3>
      <label>
        {t('plan.reason')}
        <textarea
          rows={2}
          value={reason}
          maxLength={LIMITS.text}
          aria-invalid={missing || undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
          onBlur={() => setMissing(!reason.trim())}
        />
      </label>
      {missing ? (
        <p role="alert" className="error">
          {t('plan.reasonRequired')}
        </p>
      ) : null}
      <div className="row-actions">
        <ConfirmButton
          label={t('plan.cancel')}
          question={t('plan.cancelConfirm')}
          confirmLabel={t('plan.cancelYes')}
          disabled={!reason.trim()}
          busy={cancel.busy}
          onConfirm={send}
        />
        <button type="button" onClick={onClose}>
          {t('common:close')}
        </button>
      </div>
      <RefusalNote refusal={cancel.refusal} />
    </form>
  );
}

/** Reschedule or cancel: shown while the meeting is scheduled. */
export function MeetingPlan({ m, at, done }: Pick<Ctx, 'm' | 'at' | 'done'>) {
  const { t } = useTranslation('secretary');
  const [open, setOpen] = useState<'reschedule' | 'cancel' | null>(null);
  const close = () => setOpen(null);
  if (open === 'reschedule') return <RescheduleForm m={m} done={done} onClose={close} />;
  if (open === 'cancel') return <CancelForm m={m} at={at} done={done} onClose={close} />;
  return (
    <p className="row-actions">
      <button type="button" onClick={() => setOpen('reschedule')}>
        {t('plan.reschedule')}
      </button>
      <button type="button" className="danger-quiet" onClick={() => setOpen('cancel')}>
        {t('plan.cancel')}
      </button>
    </p>
  );
}
