// The as-of date: every view answers as things stood at the end of that day (the API's asOf).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DateField } from './date-field';
import { dotted } from './day';

/** The as-of instant for queries, or undefined for now. `?asOf=YYYY-MM-DD` in the address. */
export function asOfFrom(params: URLSearchParams): { day: string | null; asOf: string | undefined } {
  const day = params.get('asOf');
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return { day: null, asOf: undefined };
  return { day, asOf: `${day}T23:59:59.999Z` };
}

export function useAsOf(): { day: string | null; asOf: string | undefined } {
  const [params] = useSearchParams();
  return asOfFrom(params);
}

/** A link target that keeps the as-of date, so a shared address shows the same state. */
export function useKeepAsOf(): (path: string) => string {
  const { day } = useAsOf();
  return (path) => (day ? `${path}${path.includes('?') ? '&' : '?'}asOf=${day}` : path);
}

/** The as-of day, typed as dd.mm.yyyy in the one date field. */
export function AsOfControl() {
  const { day } = useAsOf();
  // A new day in the address (a link, "back to now") starts the field afresh.
  return <AsOfForm key={day ?? ''} day={day} />;
}

function AsOfForm({ day }: { day: string | null }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [value, setValue] = useState(day ?? '');
  const set = (next: string) => {
    const p = new URLSearchParams(params);
    if (next) p.set('asOf', next);
    else p.delete('asOf');
    p.delete('after');
    setParams(p);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // A day that is not one, or has not come yet, is said at the field and changes nothing.
    if (e.currentTarget.checkValidity()) set(value);
  };
  return (
    <form className={`as-of${day ? ' as-of-active' : ''}`} onSubmit={submit} noValidate>
      <DateField label={t('asOf.label')} value={value} onChange={setValue} max={new Date().toISOString().slice(0, 10)} compact />
      <button type="submit">{t('asOf.show')}</button>
      {day ? (
        <>
          <span role="status">{t('asOf.showing', { day: dotted(day) })}</span>
          <button type="button" onClick={() => set('')}>
            {t('asOf.now')}
          </button>
        </>
      ) : null}
    </form>
  );
}
