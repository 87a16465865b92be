// The bodies: each links to its page (members, contacts, who signs in as its secretary); a new
// body is established at a host unit.
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { BODY_KINDS } from '@gov/domain/body/body';
import { graphql } from '../../graphql/graphql';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, Name, NameFields, emptyName, nameInput, useAdminOrganisation } from './parts';
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
  const submit = async (e: FormEvent) => {
    e.preventDefault();
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
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="establish-h" noValidate>
      <h2 id="establish-h">{t('body.establish')}</h2>
      <NameFields label={t('body.name')} value={name} onChange={setName} />
      <label>
        {t('body.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {BODY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`bodyKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('body.host')}
        <select value={host} onChange={(e) => setHost(e.target.value)}>
          {hosts.map((u) => (
            <option key={u.id} value={u.id}>
              {pickText(u.name, i18n.language).text}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('body.region')}
        <input value={region} onChange={(e) => setRegion(e.target.value)} maxLength={200} />
      </label>
      {missing ? <span className="error">{missing}</span> : null}
      <button type="submit" className="primary" aria-busy={establish.busy}>
        {t('body.establish')}
      </button>
      <RefusalNote refusal={establish.refusal} />
    </form>
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
