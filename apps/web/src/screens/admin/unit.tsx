// One unit: who signs in for it, its status report, rename, notification contacts, deactivate.
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LIMITS } from '@gov/domain/common/limits';
import { graphql } from '../../graphql/graphql';
import { useAsOf } from '../../components/as-of';
import { RefusalNote, useCommand } from '../../components/command';
import { ContactsForm } from '../../components/contacts-form';
import { DownloadButton, reportUrl } from '../../components/download';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, Name, NameFields, RoleString, UnitNode, nameInput, useAdminOrganisation } from './parts';
import '../../components/forms.css';
import { ScreenReady } from '../../components/screen-ready';

const RenameUnit = graphql(`
  mutation RenameUnit($input: RenameUnitInput!) {
    renameUnit(input: $input) {
      unit {
        id
      }
    }
  }
`);
const DeactivateUnit = graphql(`
  mutation DeactivateUnit($input: DeactivateUnitInput!) {
    deactivateUnit(input: $input) {
      unit {
        id
      }
    }
  }
`);

function Rename({ unit, done }: { unit: UnitNode; done: () => void }) {
  const { t } = useTranslation('admin');
  const rename = useCommand(RenameUnit);
  const [name, setName] = useState<Name>({ kk: unit.name.kk ?? '', ru: unit.name.ru ?? '', en: unit.name.en ?? '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await rename.submit({ unitId: unit.id, name: nameInput(name) })) done();
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label={t('unit.rename')} noValidate>
      <NameFields label={t('unit.newName')} value={name} onChange={setName} />
      <button type="submit" className="primary" aria-busy={rename.busy}>
        {t('unit.saveName')}
      </button>
      <RefusalNote refusal={rename.refusal} />
    </form>
  );
}

/** Two steps: the button opens the reason, the second button deactivates. */
export function ReasonedEnd({
  open,
  label,
  confirmLabel,
  question,
  onSubmit,
  busy,
  refusal,
}: {
  open: string;
  label: string;
  confirmLabel: string;
  question: string;
  onSubmit: (reason: string) => Promise<unknown>;
  busy: boolean;
  refusal: Parameters<typeof RefusalNote>[0]['refusal'];
}) {
  const { t } = useTranslation('admin');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger-quiet" onClick={() => setAsking(true)}>
        {open}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    await onSubmit(reason.trim());
  };
  return (
    <form className="form danger-zone" onSubmit={(e) => void submit(e)} aria-label={label} noValidate>
      <p>{question}</p>
      <label>
        {t('reason')}
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={LIMITS.text} autoFocus />
      </label>
      {missing ? <span className="error">{t('reasonRequired')}</span> : null}
      <div className="row-actions">
        <button type="submit" className="danger" aria-busy={busy}>
          {confirmLabel}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('common:cancel')}
        </button>
      </div>
      <RefusalNote refusal={refusal} />
    </form>
  );
}

export default function AdminUnit() {
  const { t, i18n } = useTranslation('admin');
  const { id = '' } = useParams();
  const org = useAdminOrganisation();
  const { asOf } = useAsOf();
  const deactivate = useCommand(DeactivateUnit);
  const [renaming, setRenaming] = useState(false);
  const unit = org.units.find((u) => u.id === id);
  const body = (
    <>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to="/admin">{t('title')}</Link> › <Link to="/admin/units">{t('units')}</Link>
      </nav>
      {!org.loaded ? (
        <Loading />
      ) : !unit ? (
        <p role="alert">{t('common:notFound')}</p>
      ) : (
        <>
          <ScreenReady name="admin-unit" />
          <h1>
            <LocalText value={unit.name} />
          </h1>
          <p className="lead">
            {t(`unitKind.${unit.kind}`)}
            {unit.parentUnitId ? ` · ${t('unit.under', { parent: org.unitName(unit.parentUnitId) })}` : ''}
            {unit.status !== 'ACTIVE' ? <span className="badge">{t('unit.inactive')}</span> : null}
          </p>
          <section aria-labelledby="who-h">
            <h2 id="who-h">{t('unit.whoSignsIn')}</h2>
            <p className="muted">{t('unit.whoSignsInNote')}</p>
            <RoleString role={`unit:${unit.id}`} who={pickText(unit.name, i18n.language).text} />
          </section>
          <p>
            <DownloadButton
              url={reportUrl(`/reports/units/${unit.id}/status.pdf`, i18n.language, asOf)}
              filename={`unit-status-${i18n.language}.pdf`}
              label={t('statusPdf')}
              name={t('statusPdfOf', { unit: pickText(unit.name, i18n.language).text })}
            />
          </p>
          {unit.status === 'ACTIVE' ? (
            <>
              <section aria-labelledby="name-h">
                <h2 id="name-h">{t('unit.name')}</h2>
                {renaming ? (
                  <Rename
                    unit={unit}
                    done={() => {
                      setRenaming(false);
                      org.refresh();
                    }}
                  />
                ) : (
                  <button type="button" onClick={() => setRenaming(true)}>
                    {t('unit.rename')}
                  </button>
                )}
              </section>
              <section aria-labelledby="contacts" id="contacts-section">
                <h2 id="contacts">{t('contacts.heading')}</h2>
                <p className="muted">{t('contacts.unitNote')}</p>
                <ContactsForm kind="unit" id={unit.id} />
              </section>
              <section aria-labelledby="end-h">
                <h2 id="end-h">{t('unit.deactivate')}</h2>
                <ReasonedEnd
                  open={t('unit.deactivate')}
                  label={t('unit.deactivate')}
                  confirmLabel={t('unit.deactivateConfirm')}
                  question={t('unit.deactivateQuestion', { unit: pickText(unit.name, i18n.language).text })}
                  busy={deactivate.busy}
                  refusal={deactivate.refusal}
                  onSubmit={async (reason) => {
                    if (await deactivate.submit({ unitId: unit.id, reason })) org.refresh();
                  }}
                />
              </section>
            </>
          ) : null}
        </>
      )}
    </>
  );
  return <AdminOnly>{body}</AdminOnly>;
}
