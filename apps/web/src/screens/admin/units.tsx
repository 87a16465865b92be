// The unit tree: each unit links to its page; a new unit is registered under a parent (or at the top).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { UNIT_KINDS } from '@gov/domain/unit/unit';
import { graphql } from '../../graphql/graphql';
import { useCommand } from '../../components/command';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, Name, NamedForm, UnitTree, emptyName, nameInput, useAdminOrganisation } from './parts';
import { Choice } from '../../components/choice';
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
  // Until chosen, the kind and the parent follow the tree: the department first, then units under it
  // (a district department at the top level would be a mistake to undo).
  const [chosenKind, setKind] = useState<string | null>(null);
  const [chosenParent, setParent] = useState<string | null>(null);
  const kind = chosenKind ?? (org.units.length ? 'DISTRICT_DEPARTMENT' : 'POLICE_DEPARTMENT');
  const root = org.units.find((u) => u.status === 'ACTIVE' && !u.parentUnitId);
  const parent = chosenParent ?? (kind === 'POLICE_DEPARTMENT' ? '' : (root?.id ?? ''));
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    const input = nameInput(name);
    if (!input.kk && !input.ru) return setMissing(true);
    setMissing(false);
    const ok = await register.submit({ name: input, kind: kind as (typeof UNIT_KINDS)[number], parentUnitId: parent || undefined });
    if (ok) {
      setName(emptyName);
      setKind(null);
      setParent(null);
      org.refresh();
      void navigate(`/admin/units/${ok.registerUnit.unit.id}`);
    }
  };
  return (
    <NamedForm
      id="register-h"
      title={t('unit.register')}
      nameLabel={t('unit.name')}
      name={name}
      onName={setName}
      problem={missing ? t('nameRequired') : null}
      busy={register.busy}
      refusal={register.refusal}
      onSubmit={submit}
    >
      <Choice
        label={t('unit.kind')}
        value={kind}
        onChange={setKind}
        options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
      />
      <Choice
        label={t('unit.parent')}
        value={parent}
        onChange={setParent}
        none={t('unit.topLevel')}
        options={org.units.filter((u) => u.status === 'ACTIVE').map((u) => ({ value: u.id, label: pickText(u.name, i18n.language).text }))}
      />
    </NamedForm>
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
