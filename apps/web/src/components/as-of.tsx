// The as-of date: every view answers as things stood at the end of that day (the API's asOf).
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/** The as-of instant for queries, or undefined for now. `?asOf=YYYY-MM-DD` in the address. */
export function useAsOf(): { day: string | null; asOf: string | undefined } {
  const [params] = useSearchParams();
  const day = params.get('asOf');
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return { day: null, asOf: undefined };
  return { day, asOf: `${day}T23:59:59.999Z` };
}

/** A link target that keeps the as-of date, so a shared address shows the same state. */
export function useKeepAsOf(): (path: string) => string {
  const { day } = useAsOf();
  return (path) => (day ? `${path}${path.includes('?') ? '&' : '?'}asOf=${day}` : path);
}

export function AsOfControl() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { day } = useAsOf();
  const set = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('asOf', value);
    else next.delete('asOf');
    next.delete('after');
    setParams(next);
  };
  return (
    <div className={`as-of${day ? ' as-of-active' : ''}`}>
      <label htmlFor="as-of-date">{t('asOf.label')}</label>
      <input
        id="as-of-date"
        type="date"
        value={day ?? ''}
        max={new Date().toISOString().slice(0, 10)}
        onChange={(e) => set(e.target.value)}
      />
      {day ? (
        <>
          <span role="status">{t('asOf.showing', { day })}</span>
          <button type="button" onClick={() => set('')}>
            {t('asOf.now')}
          </button>
        </>
      ) : null}
    </div>
  );
}
