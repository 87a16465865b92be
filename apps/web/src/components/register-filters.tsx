// The filter controls both registers share (the public one and oversight's), on the address, so a
// link copied from either means the same selection; oversight adds its own controls as children.
import { FormEvent, ReactNode, startTransition, useOptimistic, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ORIGINS, RECOMMENDATION_STATUSES as STATUSES } from '@gov/domain/recommendation/recommendation';
import { Choice } from './choice';
import { DateField } from './date-field';
import { isDay } from './day';
import { pickText } from './format';
import { useOrganisation } from './organisation';
import { filterFromParams } from './register-filter';

export type FilterChanges = Record<string, string | string[] | null>;

/** Changes the address's filter; any change but paging starts again from the first page. */
export function useFilterUpdate(): (changes: FilterChanges) => void {
  const [params, setParams] = useSearchParams();
  return (changes) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      next.delete(name);
      for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(name, v);
    }
    if (!('after' in changes)) next.delete('after');
    setParams(next);
  };
}

export function FilterSelect({
  name,
  label,
  options,
  none,
}: {
  name: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** What nothing chosen means: any value of a filter, or a sort order's default. */
  none?: string;
}) {
  const { t } = useTranslation('oversight');
  const [params] = useSearchParams();
  const update = useFilterUpdate();
  return (
    <Choice
      label={label}
      value={params.get(name) ?? ''}
      onChange={(v) => update({ [name]: v || null })}
      none={none ?? t('any')}
      options={options}
    />
  );
}

/** A day typed as dd.mm.yyyy in the one date field; applied on leaving the field or Enter. */
function DateFilter({ name, label }: { name: string; label: string }) {
  const [params] = useSearchParams();
  const day = params.get(name);
  // A new day in the address (a reset, a shared link) starts the field afresh.
  return <DayInput key={day ?? ''} name={name} label={label} day={day} />;
}

function DayInput({ name, label, day }: { name: string; label: string; day: string | null }) {
  const update = useFilterUpdate();
  const [value, setValue] = useState(day ?? '');
  const apply = () => {
    if ((value === '' || isDay(value)) && (value || null) !== day) update({ [name]: value || null });
  };
  return <DateField label={label} value={value} onChange={setValue} onCommit={apply} />;
}

/** Statuses as checkboxes: several at once without a Ctrl-click. */
function StatusFilter() {
  const { t } = useTranslation('oversight');
  const [params] = useSearchParams();
  const update = useFilterUpdate();
  // The address changes in a transition that waits for the new rows: the box shows its new state at once.
  const [chosen, choose] = useOptimistic(params.getAll('status'));
  const toggle = (s: string, on: boolean) =>
    startTransition(() => {
      const next = on ? [...chosen, s] : chosen.filter((x) => x !== s);
      choose(next);
      update({ status: next });
    });
  return (
    <fieldset className="status-filter">
      <legend>{t('status')}</legend>
      {STATUSES.map((s) => (
        <label key={s} className="check">
          <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
          {t(`common:status.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The filters under a toggle that counts the ones in use (what the list shows is filtered even when
 * they are folded): open on a desktop, folded on a phone, where the empty fields took a screenful
 * above the first row. Decided once, so turning the phone does not fold what the reader opened.
 */
export function FilterFold({ children }: { children: ReactNode }) {
  const { t } = useTranslation('oversight');
  const [params] = useSearchParams();
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 600px)').matches);
  const inUse = Object.values(filterFromParams(params)).filter((v) => v !== undefined).length;
  return (
    <details className="filter-fold" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{inUse ? t('filtersInUse', { count: inUse }) : t('filters')}</summary>
      {children}
    </details>
  );
}

export function RegisterFilterForm({
  text,
  onText,
  resetTo,
  children,
}: {
  /** The search text as typed (sent on submit). */
  text: string;
  onText: (text: string) => void;
  /** The register's own address without any filter. */
  resetTo: string;
  /** The controls only this register has. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation('oversight');
  const org = useOrganisation();
  const update = useFilterUpdate();
  const named = (list: ReadonlyArray<{ id: string; name: Parameters<typeof pickText>[0] }>) =>
    list.map((x) => ({ value: x.id, label: pickText(x.name, i18n.language).text }));
  const search = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || null });
  };
  return (
    <form role="search" aria-label={t('filters')} className="filters" onSubmit={search}>
      <label>
        {t('text')}
        <input type="search" value={text} onChange={(e) => onText(e.target.value)} name="q" />
      </label>
      <StatusFilter />
      <FilterSelect name="body" label={t('body')} options={named(org.bodies)} />
      <FilterSelect name="unit" label={t('unit')} options={named(org.units)} />
      <FilterSelect
        name="overdue"
        label={t('overdueFilter')}
        options={[
          { value: '1', label: t('overdueOnly') },
          { value: '0', label: t('notOverdue') },
        ]}
      />
      <FilterSelect name="origin" label={t('origin')} options={ORIGINS.map((o) => ({ value: o, label: t(`common:origin.${o}`) }))} />
      <DateFilter name="dueFrom" label={t('dueFrom')} />
      <DateFilter name="dueTo" label={t('dueTo')} />
      <DateFilter name="adoptedFrom" label={t('adoptedFrom')} />
      <DateFilter name="adoptedTo" label={t('adoptedTo')} />
      {children}
      <div>
        <button type="submit" className="primary">
          {t('apply')}
        </button>{' '}
        <Link to={resetTo}>{t('reset')}</Link>
      </div>
    </form>
  );
}
