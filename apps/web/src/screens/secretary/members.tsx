// The body's members: appoint, change role, remove (each a command on the body; the domain keeps
// one chair and one secretary, and says so by code when refused).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { useDraft } from '../../auth/return-to';
import { ChangedSince, useSeen } from '../../components/changed-since';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, useFormat } from '../../components/format';
import { Result } from '../../components/ui';
import { useBodyScope } from './body-scope';
import '../../components/forms.css';

const MembersQuery = graphql(`
  query SecretaryMembers($bodyId: ID!) {
    body(id: $bodyId) {
      id
      revision
      name {
        kk
        ru
        en
      }
      members {
        memberId
        fullName
        role
        affiliation
        appointedAt
      }
    }
  }
`);
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

const ROLES = ['CHAIR', 'DEPUTY_CHAIR', 'SECRETARY', 'MEMBER'] as const;
type Role = (typeof ROLES)[number];
type Body = ResultOf<typeof MembersQuery>['body'];

/** After a write to the body: what it returned (now seen by the person, if written), then the fresh state. */
type Done = (written: { revision: string } | null | undefined) => void;

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
      <th scope="row">{m.fullName}</th>
      <td>{m.affiliation ?? '—'}</td>
      <td>{date(m.appointedAt)}</td>
      <td>
        <select aria-label={t('members.roleOf', { name: m.fullName })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>{' '}
        <button type="button" disabled={role === m.role} onClick={() => void changeRole()}>
          {t('members.changeRole')}
        </button>
        <RefusalNote refusal={change.refusal} onRetry={() => void changeRole()} />
      </td>
      <td>
        <button
          type="button"
          aria-label={t('members.removeWho', { name: m.fullName })}
          onClick={() => void remove.submit(base).then((ok) => done(ok?.removeMember))}
        >
          {t('members.remove')}
        </button>
        <RefusalNote refusal={remove.refusal} />
      </td>
    </tr>
  );
}

function AppointForm({ body, done }: { body: Body; done: Done }) {
  const { t } = useTranslation('secretary');
  const appoint = useCommand(Appoint);
  const [fullName, setFullName, c1] = useDraft('secretary.appoint.fullName');
  const [affiliation, setAffiliation, c2] = useDraft('secretary.appoint.affiliation');
  const [role, setRole] = useDraft('secretary.appoint.role', 'MEMBER');
  const [missing, setMissing] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!fullName.trim()) return setMissing(true);
    setMissing(false);
    const ok = await appoint.submit({
      bodyId: body.id,
      fullName: fullName.trim(),
      affiliation: affiliation.trim() || undefined,
      role: role as Role,
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
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" aria-busy={appoint.busy}>
        {t('members.appoint')}
      </button>
      <RefusalNote refusal={appoint.refusal} onRetry={() => void submit()} />
    </form>
  );
}

export default function SecretaryMembers() {
  const { t } = useTranslation('secretary');
  const { bodyId } = useBodyScope();
  const [result, refetch] = useQuery({ query: MembersQuery, variables: { bodyId: bodyId ?? '' }, pause: !bodyId });
  const { seen, wrote, seenNow } = useSeen<{ revision: string }>(result.data?.body, result.stale);
  const done: Done = (written) => {
    wrote(written);
    refetch({ requestPolicy: 'network-only' });
  };
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <Result result={result}>
      {({ body }) => (
        <>
          <nav aria-label={t('common:breadcrumbs')} className="crumbs">
            <Link to={`/secretary?body=${bodyId}`}>{t('meetings.title')}</Link>
          </nav>
          <h1>{t('members.title')}</h1>
          <p className="lead">
            <LocalText value={body.name} />
          </p>
          <ChangedSince streamId={`body-${body.id}`} seen={seen?.revision} current={body.revision} onSeen={seenNow} />
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t('members.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('members.fullName')}</th>
                  <th scope="col">{t('members.affiliation')}</th>
                  <th scope="col">{t('members.appointedAt')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {body.members.map((m) => (
                  <MemberRow key={`${m.memberId}-${m.role}`} body={body} m={m} done={done} />
                ))}
              </tbody>
            </table>
          </div>
          <AppointForm body={body} done={done} />
        </>
      )}
    </Result>
  );
}
