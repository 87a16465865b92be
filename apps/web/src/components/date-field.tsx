// The one field every date and date-time is typed into: a text field in the format Kazakh and
// Russian documents use (10.02.2026 14:30), not the browser's date input, which shows the browser's
// own format (mm/dd/yyyy in an English browser) whatever language the screens are in.
import { KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dotted, dottedDateTime, isDateTime, isDay, parseDateTime, parseDay } from './day';

export interface DateFieldProps {
  label: string;
  /**
   * yyyy-mm-dd (with `time`: yyyy-mm-ddThh:mm on the reader's clock, as a datetime-local input
   * gives it), '' when empty, or the typed text itself while it is not a date: a form checks
   * `isDay`/`isDateTime` before sending, and a draft keeps what was typed.
   */
  value: string;
  onChange: (value: string) => void;
  time?: boolean;
  /** Bounds in the value's own form, inclusive. */
  min?: string;
  max?: string;
  /** The form's own word on this field (empty, too early), shown where the field's own would be. */
  error?: string | null;
  required?: boolean;
  /** Another note on the field (its id), read with the format. */
  describedBy?: string;
  /** Applies the value on leaving the field or Enter (a filter, not a form with a button). */
  onCommit?: () => void;
  className?: string;
  /** On a phone the format is shown inside the empty field, not beside the label (still read with the field): one short row. */
  compact?: boolean;
}

/** What is wrong with a typed value, in the reader's language; null when nothing is. */
export function useDateProblem(): (value: string, o: { time?: boolean; min?: string; max?: string; required?: boolean }) => string | null {
  const { t } = useTranslation();
  return (value, { time, min, max, required }) => {
    if (!value) return required ? t(time ? 'dateField.missingTime' : 'dateField.missing') : null;
    const show = time ? dottedDateTime : dotted;
    if (!(time ? isDateTime : isDay)(value)) return t(time ? 'dateField.invalidTime' : 'dateField.invalid');
    if (min && value < min) return t('dateField.before', { date: show(min) });
    if (max && value > max) return t('dateField.after', { date: show(max) });
    return null;
  };
}

export function DateField({
  label,
  value,
  onChange,
  time,
  min,
  max,
  error,
  required,
  describedBy,
  onCommit,
  className,
  compact,
}: DateFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const problemOf = useDateProblem();
  const shown = (v: string) => (time ? (isDateTime(v) ? dottedDateTime(v) : v) : isDay(v) ? dotted(v) : v);
  const read = (typed: string) => (time ? parseDateTime(typed) : parseDay(typed)) ?? typed.trim();
  const [text, setText] = useState(() => shown(value));
  // A value set from outside (a draft cleared, a choice brought back) replaces the text; the
  // person's own typing is not reformatted under the cursor.
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (read(text) !== value) setText(shown(value));
  }
  // The problem shows once the person has left the field or tried to send the form, not mid-typing.
  const [left, setLeft] = useState(false);
  const own = problemOf(read(text), { time, min, max, required });
  const message = error ?? (left ? own : null);
  const input = useRef<HTMLInputElement>(null);
  // The form's checkValidity() sees it too, so a form refuses to send a field that is not a date.
  useEffect(() => input.current?.setCustomValidity(own ?? ''), [own]);
  // Sending the form (a button, Enter in another field) shows the problem too.
  useEffect(() => {
    const form = input.current?.form;
    const show = () => setLeft(true);
    form?.addEventListener('submit', show);
    return () => form?.removeEventListener('submit', show);
  }, []);
  const commit = () => {
    setLeft(true);
    onCommit?.();
  };
  return (
    <label className={['date-field', className, compact ? 'compact' : null].filter(Boolean).join(' ')}>
      <span>
        <span id={`${id}-label`}>{label}</span>{' '}
        <span id={`${id}-format`} className="date-format">
          ({t(time ? 'dateField.formatTime' : 'dateField.format')})
        </span>
      </span>
      <input
        ref={input}
        id={id}
        value={text}
        size={time ? 16 : 10}
        maxLength={time ? 20 : 10}
        autoComplete="off"
        spellCheck={false}
        placeholder={compact ? t(time ? 'dateField.formatTime' : 'dateField.format') : undefined}
        aria-labelledby={`${id}-label`}
        aria-describedby={[`${id}-format`, describedBy, message ? `${id}-error` : null].filter(Boolean).join(' ')}
        aria-invalid={message ? true : undefined}
        aria-required={required || undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(read(e.target.value));
        }}
        onBlur={commit}
        onInvalid={() => setLeft(true)}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key !== 'Enter' || !onCommit) return;
          e.preventDefault();
          commit();
        }}
      />
      {message ? (
        <span id={`${id}-error`} className="error" role="alert">
          {message}
        </span>
      ) : null}
    </label>
  );
}
