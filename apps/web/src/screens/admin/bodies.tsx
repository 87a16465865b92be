// The bodies: each links to its page (members, contacts, who signs in as its secretary); a new
// body is established at a host unit.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { BODY_KINDS } from '@gov/domain/body/body';
import { graphql } from '../../graphql/graphql';
import { useCommand } from '../../components/command';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, Name, NamedForm, emptyName, nameInput, useAdminOrganisation } from './parts';
import { Choice } from '../../components/choice';
import '../../components/forms.css';
import { ScreenReady } from '../../components/screen-ready';

const EstablishBody = graphql(`
  mutation EstablishBody($input: EstablishBodyInput!) {
    establishBody(input: $input) {
      body {
        id
      }
    }
  }
`);

function EstablishForm() {
  const { t, i18n } = useTranslation('admin');
  const org = useAdminOrganisation();
  const navigate = useNavigate();
  const establish = useCommand(EstablishBody);
  const hosts = org.units.filter((u) => u.status === 'ACTIVE');
  const [name, setName] = useState<Name>(emptyName);
  const [kind, setKind] = useState<string>('CONSULTATIVE_ADVISORY');
  const [host, setHost] = useState('');
  const [region, setRegion] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  if (!hosts.length)
    return (
      <p className="empty">
        {t('body.needsUnit')} <Link to="/admin/units">{t('setup.unitsAction')}</Link>
      </p>
    );
  const submit = async () => {
    const input = nameInput(name);
    if (!input.kk && !input.ru) return setMissing(t('nameRequired'));
    if (!region.trim()) return setMissing(t('body.regionRequired'));
    setMissing(null);
    const ok = await establish.submit({
      name: input,
      kind: kind as (typeof BODY_KINDS)[number],
      hostUnitId: host || hosts[0]!.id,
      region: region.trim(),
    });
    if (ok) {
      org.refresh();
      void navigate(`/admin/bodies/${ok.establishBody.body.id}`);
    }
  };
  return (
    <NamedForm
      id="establish-h"
      title={t('body.establish')}
      nameLabel={t('body.name')}
      name={name}
      onName={setName}
      problem={missing}
      busy={establish.busy}
      refusal={establish.refusal}
      onSubmit={submit}
    >
      <Choice
        radios
        label={t('body.kind')}
        value={kind}
        onChange={setKind}
        options={BODY_KINDS.map((k) => ({ value: k, label: t(`bodyKind.${k}`) }))}
      />
      <Choice
        label={t('body.host')}
        value={host}
        onChange={setHost}
        options={hosts.map((u) => ({ value: u.id, label: pickText(u.name, i18n.language).text }))}
      />
      <label>
        {t('body.region')}
        <input value={region} onChange={(e) => setRegion(e.target.value)} maxLength={200} />
      </label>
    </NamedForm>
  );
}

export default function AdminBodies() {
  const { t } = useTranslation('admin');
  const org = useAdminOrganisation();
  return (
    <AdminOnly>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to="/admin">{t('title')}</Link>
      </nav>
      <h1>{t('bodies')}</h1>
      {org.loaded ? <ScreenReady name="admin-bodies" /> : null}
      {!org.loaded ? (
        <Loading />
      ) : org.bodies.length ? (
        <ul className="list">
          {org.bodies.map((b) => (
            <li key={b.id}>
              <Link to={`/admin/bodies/${b.id}`}>
                <LocalText value={b.name} />
              </Link>{' '}
              <span className="muted">
                {b.region} · {org.unitName(b.hostUnitId)}
              </span>
              {b.status !== 'ACTIVE' ? <span className="badge">{t('body.dissolved')}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('body.none')}</p>
      )}
      <EstablishForm />
    </AdminOnly>
  );
}
