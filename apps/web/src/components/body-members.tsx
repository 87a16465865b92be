// A body's members: appoint (with the date of appointment: meetings are often recorded after the
// fact), change role, remove after a confirmation. Used by the body's secretary and by the admin;
// each is a command on the body, and the domain keeps one chair and one secretary (refused by code).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { MEMBER_ROLES } from '@gov/domain/body/body';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../graphql/graphql';
import { useDraft } from '../auth/return-to';
import { ChangedSince, useSeen } from './changed-since';
import { RefusalNote, useCommand } from './command';
import { ConfirmButton } from './confirm';
import { LocalText, useFormat } from './format';
import { Result } from './ui';
import { DateField } from './date-field';
import { isDay } from './day';
import './forms.css';
import { MembersQuery } from './members-query';

const Appoint = graphql(`
  mutation Appoint($input: AppointMemberInput!) {
    appointMember(input: $input) {
      revision
    }
  }
`);
const ChangeRole = graphql(`
  mutation ChangeRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      revision
    }
  }
`);
const Remove = graphql(`
  mutation RemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) {
      revision
    }
  }
`);

type Role = (typeof MEMBER_ROLES)[number];
type Body = ResultOf<typeof MembersQuery>['body'];

/** After a write to the body: what it returned (now seen by the person, if written), then the fresh state. */
type Done = (written: { revision: string } | null | undefined) => void;

/** The chair first, then the deputy, the secretary and the members, each by name: how a body's composition is read. */
function byRole<M extends { role: Role; fullName: string }>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => MEMBER_ROLES.indexOf(a.role) - MEMBER_ROLES.indexOf(b.role) || a.fullName.localeCompare(b.fullName));
}

/** Today in the reader's calendar, as a date input wants it. */
export const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

function MemberRow({ body, m, done }: { body: Body; m: Body['members'][number]; done: Done }) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const change = useCommand(ChangeRole);
  const remove = useCommand(Remove);
  const [role, setRole] = useState<Role>(m.role);
  const base = { bodyId: body.id, memberId: m.memberId, expectedRevision: body.revision };
  const changeRole = async () => done((await change.submit({ ...base, role }))?.changeMemberRole);
  return (
    <tr>
      <th scope="row" className="card-title">
        {m.fullName}
      </th>
      <td data-label={t('members.affiliation')}>{m.affiliation ?? '—'}</td>
      <td data-label={t('members.appointmentDate')}>{date(m.appointedAt)}</td>
      <td data-label={t('members.role')}>
        <select aria-label={t('members.roleOf', { name: m.fullName })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {MEMBER_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>{' '}
        <button type="button" disabled={role === m.role} aria-busy={change.busy} onClick={() => void changeRole()}>
          {t('members.changeRole')}
        </button>
        <RefusalNote refusal={change.refusal} onRetry={() => void changeRole()} />
      </td>
      <td>
        <ConfirmButton
          label={t('members.remove')}
          accessibleLabel={t('members.removeWho', { name: m.fullName })}
          question={t('members.removeQuestion', { name: m.fullName })}
          confirmLabel={t('members.removeConfirm')}
          busy={remove.busy}
          onConfirm={() => remove.submit(base).then((ok) => done(ok?.removeMember))}
        />
        <RefusalNote refusal={remove.refusal} />
      </td>
    </tr>
  );
}

function AppointForm({ body, done, draftKey }: { body: Body; done: Done; draftKey: string }) {
  const { t } = useTranslation('secretary');
  const appoint = useCommand(Appoint);
  const [fullName, setFullName, c1] = useDraft(`${draftKey}.appoint.fullName`);
  const [affiliation, setAffiliation, c2] = useDraft(`${draftKey}.appoint.affiliation`);
  const [role, setRole] = useDraft(`${draftKey}.appoint.role`, 'MEMBER');
  const [on, setOn] = useDraft(`${draftKey}.appoint.on`, today());
  const [missing, setMissing] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!fullName.trim()) return setMissing(true);
    setMissing(false);
    // A day that is not one, or still ahead, is said at its field.
    if (on && (!isDay(on) || on > today())) return;
    const ok = await appoint.submit({
      bodyId: body.id,
      fullName: fullName.trim(),
      affiliation: affiliation.trim() || undefined,
      role: role as Role,
      // The day of the order of appointment, at noon UTC so it is that day in every time zone here.
      occurredAt: on && on !== today() ? `${on}T12:00:00.000Z` : undefined,
      expectedRevision: body.revision,
    });
    if (ok) {
      c1();
      c2();
      setFullName('');
      setAffiliation('');
    }
    done(ok?.appointMember);
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="appoint-h" noValidate>
      <h2 id="appoint-h">{t('members.appoint')}</h2>
      <label>
        {t('members.fullName')}
        <input value={fullName} onChange={(e) => setFullName(e.target.value)} maxLength={LIMITS.name} aria-invalid={missing || undefined} />
      </label>
      {missing ? <span className="error">{t('members.nameRequired')}</span> : null}
      <label>
        {t('members.affiliation')}
        <input value={affiliation} onChange={(e) => setAffiliation(e.target.value)} maxLength={LIMITS.name} />
      </label>
      <label>
        {t('members.role')}
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          {MEMBER_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <DateField label={t('members.appointmentDate')} value={on} onChange={setOn} max={today()} />
      <button type="submit" className="primary" aria-busy={appoint.busy}>
        {t('members.appoint')}
      </button>
      <RefusalNote refusal={appoint.refusal} onRetry={() => void submit()} />
    </form>
  );
}

/** The members of one body, and the appointment form; `draftKey` keeps drafts apart per screen. */
export function BodyMembers({
  bodyId,
  draftKey,
  onChange,
  ready,
  named = true,
}: {
  bodyId: string;
  draftKey: string;
  onChange?: () => void;
  /** The screen whose own list the members are. */
  ready?: string;
  /** Say whose members they are (not where the page's heading already does). */
  named?: boolean;
}) {
  const { t } = useTranslation('secretary');
  const [result, refetch] = useQuery({ query: MembersQuery, variables: { bodyId } });
  const { seen, wrote, seenNow } = useSeen<{ revision: string }>(result.data?.body, result.stale);
  const done: Done = (written) => {
    wrote(written);
    refetch({ requestPolicy: 'network-only' });
    if (written) onChange?.();
  };
  return (
    <Result result={result} ready={ready}>
      {({ body }) => (
        <>
          {named ? (
            <p className="lead">
              <LocalText value={body.name} />
            </p>
          ) : null}
          <ChangedSince streamId={`body-${body.id}`} seen={seen?.revision} current={body.revision} onSeen={seenNow} />
          {body.members.length ? (
            <div className="table-wrap">
              <table className="table-cards">
                <caption className="sr-only">{t('members.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('members.fullName')}</th>
                    <th scope="col">{t('members.affiliation')}</th>
                    <th scope="col">{t('members.appointmentDate')}</th>
                    <th scope="col">{t('members.role')}</th>
                    <th scope="col">{t('members.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {byRole(body.members).map((m) => (
                    <MemberRow key={`${m.memberId}-${m.role}`} body={body} m={m} done={done} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty">{t('members.none')}</p>
          )}
          {body.status === 'ACTIVE' ? <AppointForm body={body} done={done} draftKey={draftKey} /> : null}
        </>
      )}
    </Result>
  );
}
