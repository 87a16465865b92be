// Holding a meeting: attendance from the member list (quorum as computed) and guests by category.
// Recording it held cannot be undone, so the form asks once more, saying when and with whom; a time
// still to come is refused at its field (the server allows a few minutes of clock difference, as here).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { CLOCK_SKEW_MS } from '@gov/domain/common/time';
import { GUEST_CATEGORIES } from '@gov/domain/meeting/meeting';
import { useDraft } from '../../auth/return-to';
import { RefusalNote, useCommand } from '../../components/command';
import { ConfirmQuestion } from '../../components/confirm';
import { useFormat } from '../../components/format';
import { Ctx, Held, useIdsDraft } from './meeting-data';
import { DateField } from '../../components/date-field';
import { isDateTime } from '../../components/day';
import { toIso, toLocal } from './body-scope';
import '../../components/forms.css';

interface GuestRow {
  fullName: string;
  organization: string;
  category: (typeof GUEST_CATEGORIES)[number];
}

export function HeldForm({ m, at, done }: Ctx) {
  const { t } = useTranslation('secretary');
  const { dateTime } = useFormat();
  const [confirming, setConfirming] = useState(false);
  // Judged against when the form was opened: rendering stays pure.
  const [latest] = useState(() => toLocal(new Date(Date.now() + CLOCK_SKEW_MS).toISOString()));
  const held = useCommand(Held);
  const members = m.body?.members ?? [];
  const [present, setPresent, clearPresent] = useIdsDraft(`secretary.${m.id}.present`);
  const [guestsJson, setGuestsJson, clearGuests] = useDraft(`secretary.${m.id}.guests`, '[]');
  const guests = JSON.parse(guestsJson) as GuestRow[];
  const setGuests = (g: GuestRow[]) => setGuestsJson(JSON.stringify(g));
  const [heldAt, setHeldAt, clearHeldAt] = useDraft(`secretary.${m.id}.heldAt`, toLocal(m.startsAt));
  const quorum = present.length * 2 > members.length;
  const ask = (e: FormEvent) => {
    e.preventDefault();
    // A time that is not one, or is still to come, is said at its field.
    if (isDateTime(heldAt) && heldAt <= latest) setConfirming(true);
  };
  const submit = async () => {
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
    // Named by the step's heading (its section, SecretaryMeeting): a heading of its own said the same again.
    <form className="form wide" aria-labelledby="held-step" onSubmit={ask}>
      <DateField time label={t('held.heldAt')} value={heldAt} max={latest} onChange={setHeldAt} required />
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
      {confirming ? (
        <ConfirmQuestion
          label={t('held.submit')}
          question={t('held.confirm', {
            when: dateTime(toIso(heldAt)),
            present: present.length,
            total: members.length,
            quorum: quorum ? t('held.hasQuorum') : t('held.noQuorum'),
          })}
          confirmLabel={t('held.confirmYes')}
          onConfirm={submit}
          onCancel={() => setConfirming(false)}
          busy={held.busy}
          className="primary"
        />
      ) : (
        <button type="submit" className="primary">
          {t('held.submit')}
        </button>
      )}
      <RefusalNote refusal={held.refusal} onRetry={() => void submit()} />
    </form>
  );
}
