// The as-of date: every view answers as things stood at the end of that day (the API's asOf).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { dotted, parseDay } from './day';

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

/**
 * A text field in the reader's own date format, not the browser's date input: that one shows the
 * browser's format (mm/dd/yyyy in an English browser), whatever language the screens are in.
 */
export function AsOfControl() {
  const { day } = useAsOf();
  // A new day in the address (a link, "back to now") starts the field afresh.
  return <AsOfForm key={day ?? ''} day={day} />;
}

function AsOfForm({ day }: { day: string | null }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(day ? dotted(day) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const set = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('asOf', value);
    else next.delete('asOf');
    next.delete('after');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return set('');
    const parsed = parseDay(text);
    const today = new Date().toISOString().slice(0, 10);
    const found = !parsed ? 'asOf.invalid' : parsed > today ? 'asOf.future' : null;
    setProblem(found && t(found));
    if (parsed && !found) set(parsed);
  };
  return (
    <form className={`as-of${day ? ' as-of-active' : ''}`} onSubmit={submit} noValidate>
      {/* The label says the format, so nobody has to guess the order of day and month. */}
      <label htmlFor="as-of-date">
        {t('asOf.label')} <span className="as-of-format">({t('asOf.format')})</span>
      </label>
      <input
        id="as-of-date"
        inputMode="numeric"
        size={10}
        maxLength={10}
        aria-invalid={problem ? true : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">{t('asOf.show')}</button>
      {problem ? <span role="alert">{problem}</span> : null}
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
