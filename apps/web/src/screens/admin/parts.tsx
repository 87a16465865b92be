// Pieces the admin's screens share: a name in three languages, a role string to copy, the units as
// a tree (the unknown parent's units shown at the top, so none is hidden).
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { hasRole, useSession } from '../../auth/session';
import { LangField } from '../../components/lang-field';
import { Refusal, RefusalNote } from '../../components/command';
import { useOrganisation } from '../../components/organisation';

export type Name = { kk: string; ru: string; en: string };
export const emptyName: Name = { kk: '', ru: '', en: '' };
/** Only the languages filled in: the API takes at least one. */
export const nameInput = (n: Name) =>
  Object.fromEntries(
    Object.entries(n)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  ) as Partial<Name>;

export function NameFields({ value, onChange, label }: { value: Name; onChange: (n: Name) => void; label: string }) {
  const { t } = useTranslation('admin');
  return (
    <fieldset className="names">
      <legend>{label}</legend>
      {(['kk', 'ru', 'en'] as const).map((lang) => (
        <LangField
          key={lang}
          lang={lang}
          label={t(`nameIn.${lang}`)}
          value={value[lang]}
          maxLength={LIMITS.name}
          onChange={(v) => onChange({ ...value, [lang]: v })}
        />
      ))}
    </fieldset>
  );
}

/** A role string the identity provider must issue, ready to copy. */
export function RoleString({ role, who }: { role: string; who: string }) {
  const { t } = useTranslation('admin');
  const [copied, setCopied] = useState(false);
  return (
    <span className="role-string">
      <code>{role}</code>{' '}
      <button
        type="button"
        aria-label={t('copyRoleOf', { who })}
        onClick={() =>
          void navigator.clipboard?.writeText(role).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {t('copy')}
      </button>
      <span role="status" className="muted">
        {copied ? t('copied') : ''}
      </span>
    </span>
  );
}

/** The organisation with deactivated units and unknown parents handled, for the admin. */
export function useAdminOrganisation() {
  const org = useOrganisation();
  const known = new Set(org.units.map((u) => u.id));
  const units = org.units.map((u) => (u.parentUnitId && !known.has(u.parentUnitId) ? { ...u, parentUnitId: null } : u));
  return { ...org, units };
}

export type UnitNode = ReturnType<typeof useOrganisation>['units'][number];

export function UnitTree({ units, parent, render }: { units: UnitNode[]; parent: string | null; render: (u: UnitNode) => ReactNode }) {
  const children = units.filter((u) => (u.parentUnitId ?? null) === parent);
  if (!children.length) return null;
  return (
    <ul className={parent ? undefined : 'tree'}>
      {children.map((u) => (
        <li key={u.id}>
          {render(u)}
          <UnitTree units={units} parent={u.id} render={render} />
        </li>
      ))}
    </ul>
  );
}

/** Admin only; everyone else is told so. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation('admin');
  const session = useSession();
  if (!hasRole(session, 'admin')) return <p role="alert">{t('common:notAllowed')}</p>;
  return <>{children}</>;
}

/** The form that brings a named thing into being (a unit, a body): its name in three languages, then its own fields. */
export function NamedForm({
  id,
  title,
  nameLabel,
  name,
  onName,
  problem,
  busy,
  refusal,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  nameLabel: string;
  name: Name;
  onName: (n: Name) => void;
  problem: string | null;
  busy: boolean;
  refusal: Refusal | null;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      aria-labelledby={id}
      noValidate
    >
      <h2 id={id}>{title}</h2>
      <NameFields label={nameLabel} value={name} onChange={onName} />
      {children}
      {problem ? <span className="error">{problem}</span> : null}
      <button type="submit" className="primary" aria-busy={busy}>
        {title}
      </button>
      <RefusalNote refusal={refusal} />
    </form>
  );
}
