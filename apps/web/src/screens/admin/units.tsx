// The unit tree: each unit links to its page; a new unit is registered under a parent (or at the top).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { UNIT_KINDS } from '@gov/domain/unit/unit';
import { graphql } from '../../graphql/graphql';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, Name, NameFields, UnitTree, emptyName, nameInput, useAdminOrganisation } from './parts';
import '../../components/forms.css';
import { ScreenReady } from '../../components/screen-ready';

const RegisterUnit = graphql(`
  mutation RegisterUnit($input: RegisterUnitInput!) {
    registerUnit(input: $input) {
      unit {
        id
      }
    }
  }
`);

function RegisterForm() {
  const { t, i18n } = useTranslation('admin');
  const org = useAdminOrganisation();
  const navigate = useNavigate();
  const register = useCommand(RegisterUnit);
  const [name, setName] = useState<Name>(emptyName);
  const [kind, setKind] = useState<string>(org.units.length ? 'DISTRICT_DEPARTMENT' : 'POLICE_DEPARTMENT');
  const [parent, setParent] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = nameInput(name);
    if (!input.kk && !input.ru) return setMissing(true);
    setMissing(false);
    const ok = await register.submit({ name: input, kind: kind as (typeof UNIT_KINDS)[number], parentUnitId: parent || undefined });
    if (ok) {
      setName(emptyName);
      org.refresh();
      void navigate(`/admin/units/${ok.registerUnit.unit.id}`);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="register-h" noValidate>
      <h2 id="register-h">{t('unit.register')}</h2>
      <NameFields label={t('unit.name')} value={name} onChange={setName} />
      {missing ? <span className="error">{t('nameRequired')}</span> : null}
      <label>
        {t('unit.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unitKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('unit.parent')}
        <select value={parent} onChange={(e) => setParent(e.target.value)}>
          <option value="">{t('unit.topLevel')}</option>
          {org.units
            .filter((u) => u.status === 'ACTIVE')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {pickText(u.name, i18n.language).text}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" className="primary" aria-busy={register.busy}>
        {t('unit.register')}
      </button>
      <RefusalNote refusal={register.refusal} />
    </form>
  );
}

export default function AdminUnits() {
  const { t } = useTranslation('admin');
  const org = useAdminOrganisation();
  return (
    <AdminOnly>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to="/admin">{t('title')}</Link>
      </nav>
      <h1>{t('units')}</h1>
      {org.loaded ? <ScreenReady name="admin-units" /> : null}
      {!org.loaded ? (
        <Loading />
      ) : org.units.length ? (
        <UnitTree
          units={org.units}
          parent={null}
          render={(u) => (
            <>
              <Link to={`/admin/units/${u.id}`}>
                <LocalText value={u.name} />
              </Link>{' '}
              <span className="muted">({t(`unitKind.${u.kind}`, { defaultValue: u.kind })})</span>
              {u.status !== 'ACTIVE' ? <span className="badge">{t('unit.inactive')}</span> : null}
            </>
          )}
        />
      ) : (
        <p className="empty">{t('unit.none')}</p>
      )}
      <RegisterForm />
    </AdminOnly>
  );
}
