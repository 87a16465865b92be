// Administration: the units as a tree, each with its status report (PDF), and the bodies.
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../auth/session';
import { LocalText, pickText } from '../../components/format';
import { useAsOf } from '../../components/as-of';
import { DownloadButton, reportUrl } from '../../components/download';
import { useOrganisation } from '../../components/organisation';

type UnitNode = ReturnType<typeof useOrganisation>['units'][number];

function UnitTree({ units, parent }: { units: UnitNode[]; parent: string | null }) {
  const { t, i18n } = useTranslation('admin');
  const { asOf } = useAsOf();
  const children = units.filter((u) => (u.parentUnitId ?? null) === parent);
  if (!children.length) return null;
  return (
    <ul className={parent ? undefined : 'tree'}>
      {children.map((u) => (
        <li key={u.id}>
          <LocalText value={u.name} /> <span className="muted">({t(`unitKind.${u.kind}`, { defaultValue: u.kind })})</span>{' '}
          <DownloadButton
            url={reportUrl(`/reports/units/${u.id}/status.pdf`, i18n.language, asOf)}
            filename={`unit-status-${i18n.language}.pdf`}
            label={t('statusPdf')}
            name={t('statusPdfOf', { unit: pickText(u.name, i18n.language).text })}
          />
          <UnitTree units={units} parent={u.id} />
        </li>
      ))}
    </ul>
  );
}

export default function Admin() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const org = useOrganisation();
  if (!hasRole(session, 'admin')) return <p role="alert">{t('common:notAllowed')}</p>;
  // A unit whose parent is unknown is shown at the top, so none is hidden.
  const known = new Set(org.units.map((u) => u.id));
  const units = org.units.map((u) => (u.parentUnitId && !known.has(u.parentUnitId) ? { ...u, parentUnitId: null } : u));
  return (
    <>
      <h1>{t('title')}</h1>
      <section aria-labelledby="units">
        <h2 id="units">{t('units')}</h2>
        <UnitTree units={units} parent={null} />
      </section>
      <section aria-labelledby="bodies">
        <h2 id="bodies">{t('bodies')}</h2>
        <ul className="list">
          {org.bodies.map((b) => (
            <li key={b.id}>
              <LocalText value={b.name} /> <span className="muted">{b.region}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
