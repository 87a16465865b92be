// The admin's home: on an empty install, the set-up steps still to do, each a link to the screen
// that does it; then who signs in as what (the role strings the identity provider must issue).
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql/graphql';
import { useContacts } from '../../components/contacts-form';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, RoleString, useAdminOrganisation } from './parts';
import { ScreenReady } from '../../components/screen-ready';

const BodiesMembers = graphql(`
  query AdminBodiesMembers {
    bodies {
      id
      members {
        memberId
        role
      }
    }
  }
`);

function Step({ done, children, to, action }: { done: boolean; children: ReactNode; to: string; action: string }) {
  const { t } = useTranslation('admin');
  return (
    <li className={done ? 'step step-done' : 'step'}>
      <span className="step-mark" aria-hidden="true">
        {done ? '✓' : '○'}
      </span>
      <span className="sr-only">{done ? t('setup.doneMark') : t('setup.todoMark')}</span>
      <span className="step-text">{children}</span> <Link to={to}>{action}</Link>
    </li>
  );
}

/** A body's or unit's contacts step: set or not (read from its stream). */
function ContactsStep({ kind, id, name }: { kind: 'unit' | 'body'; id: string; name: ReactNode }) {
  const { t } = useTranslation('admin');
  const { contacts, loaded } = useContacts(kind, id);
  if (!loaded) return null;
  return (
    <Step
      done={!!contacts?.emails.length}
      to={`/admin/${kind === 'unit' ? 'units' : 'bodies'}/${id}#contacts`}
      action={t('setup.contactsAction')}
    >
      {t(kind === 'unit' ? 'setup.unitContacts' : 'setup.bodyContacts')} <strong>{name}</strong>
    </Step>
  );
}

function Setup() {
  const { t, i18n } = useTranslation('admin');
  const org = useAdminOrganisation();
  const [members] = useQuery({ query: BodiesMembers });
  if (!org.loaded || !members.data) return <Loading />;
  const activeUnits = org.units.filter((u) => u.status === 'ACTIVE');
  const activeBodies = org.bodies.filter((b) => b.status === 'ACTIVE');
  const membersOf = (id: string) => members.data?.bodies.find((b) => b.id === id)?.members ?? [];
  return (
    <>
      <ScreenReady name="admin-home" />
      <section aria-labelledby="setup-h" className="setup">
        <h2 id="setup-h">{t('setup.title')}</h2>
        <p className="muted">{t('setup.intro')}</p>
        <ol className="steps">
          <Step done={activeUnits.length > 0} to="/admin/units" action={t('setup.unitsAction')}>
            {activeUnits.length ? t('setup.unitsDone', { count: activeUnits.length }) : t('setup.units')}
          </Step>
          <Step done={activeBodies.length > 0} to="/admin/bodies" action={t('setup.bodyAction')}>
            {activeBodies.length ? t('setup.bodiesDone', { count: activeBodies.length }) : t('setup.body')}
          </Step>
          {activeBodies.map((b) => {
            const roles = new Set(membersOf(b.id).map((m) => m.role));
            return (
              <Step
                key={b.id}
                done={roles.has('CHAIR') && roles.has('SECRETARY')}
                to={`/admin/bodies/${b.id}`}
                action={t('setup.membersAction')}
              >
                {/* Done, it says what is done; not still the instruction. */}
                {roles.has('CHAIR') && roles.has('SECRETARY') ? t('setup.membersDone') : t('setup.members')}{' '}
                <strong>{pickText(b.name, i18n.language).text}</strong>{' '}
                <span className="muted">({t('setup.membersCount', { count: membersOf(b.id).length })})</span>
              </Step>
            );
          })}
          {activeBodies.map((b) => (
            <ContactsStep key={b.id} kind="body" id={b.id} name={<LocalText value={b.name} />} />
          ))}
          {activeUnits.map((u) => (
            <ContactsStep key={u.id} kind="unit" id={u.id} name={<LocalText value={u.name} />} />
          ))}
        </ol>
      </section>
      <section aria-labelledby="signin-h">
        <h2 id="signin-h">{t('signin.title')}</h2>
        <p className="muted">{t('signin.intro')}</p>
        {activeBodies.length === 0 && activeUnits.length === 0 ? <p className="empty">{t('signin.none')}</p> : null}
        <ul className="role-list">
          {activeBodies.map((b) => {
            const name = pickText(b.name, i18n.language).text;
            return (
              <li key={b.id}>
                <span>{t('signin.secretaryOf', { body: name })}</span> <RoleString role={`secretary:${b.id}`} who={name} />
              </li>
            );
          })}
          {activeUnits.map((u) => {
            const name = pickText(u.name, i18n.language).text;
            return (
              <li key={u.id}>
                <span>{t('signin.unit', { unit: name })}</span> <RoleString role={`unit:${u.id}`} who={name} />
              </li>
            );
          })}
          <li>
            <span>{t('signin.oversight')}</span> <RoleString role="oversight" who={t('signin.oversight')} />
          </li>
        </ul>
      </section>
    </>
  );
}

export default function Admin() {
  const { t } = useTranslation('admin');
  return (
    <AdminOnly>
      <h1>{t('title')}</h1>
      <nav aria-label={t('sections')} className="sub-nav">
        <Link to="/admin/units">{t('units')}</Link>
        <Link to="/admin/bodies">{t('bodies')}</Link>
      </nav>
      <Setup />
    </AdminOnly>
  );
}
