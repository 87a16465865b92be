// One form per command: fields kept as drafts (an expired sign-in or a refusal loses nothing),
// checked in the reader's language with the API's own limits before sending, sent through
// useCommand (one commandId per attempt), the refusal shown by its code.
import { FormEvent, ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDraft } from '../auth/return-to';
import { Refusal, RefusalNote } from './command';
import { DateField } from './date-field';
import { dotted, isDay } from './day';
import './forms.css';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'percent' | 'date';
  required?: boolean;
  /** The API's limit for this field. */
  max?: number;
  /** For dates: the value must be after this one (YYYY-MM-DD). */
  after?: string;
  initial?: string;
}

export type Values = Record<string, string>;

function problemOf(t: (key: string, o?: Record<string, unknown>) => string, spec: FieldSpec, value: string): string | null {
  if (spec.required && !value.trim()) return t('required');
  if (spec.max && value.length > spec.max) return t('tooLong', { max: spec.max });
  if (spec.kind === 'percent' && value && !(/^\d{1,3}$/.test(value) && Number(value) <= 100)) return t('percent');
  if (spec.kind === 'date' && value && !isDay(value)) return t('common:dateField.invalid');
  if (spec.kind === 'date' && value && spec.after && value <= spec.after) return t('dateAfter', { date: dotted(spec.after) });
  return null;
}

function Field({
  spec,
  draftKey,
  error,
  onValue,
}: {
  spec: FieldSpec;
  draftKey: string;
  error: string | null;
  onValue: (name: string, value: string, clear: () => void) => void;
}) {
  const id = useId();
  const [value, setValue, clear] = useDraft(draftKey, spec.initial ?? '');
  onValue(spec.name, value, () => {
    clear();
    setValue(spec.initial ?? '');
  });
  const common = {
    id,
    value,
    required: spec.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setValue(e.target.value),
  };
  if (spec.kind === 'date')
    return (
      <div className="field">
        <DateField label={spec.label} value={value} onChange={setValue} error={error} required={spec.required} />
      </div>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {spec.kind === 'textarea' ? (
        <textarea rows={3} {...common} />
      ) : (
        <input
          type={spec.kind === 'percent' ? 'number' : 'text'}
          min={spec.kind === 'percent' ? 0 : undefined}
          max={spec.kind === 'percent' ? 100 : undefined}
          {...common}
        />
      )}
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function ActionForm({
  id,
  title,
  fields,
  submitLabel,
  disabledReason,
  busy,
  refusal,
  onSubmit,
  extra,
  done,
}: {
  /** Draft keys start with this: unique per screen and subject. */
  id: string;
  title: string;
  fields: FieldSpec[];
  submitLabel: string;
  /** Set when the subject's state does not allow this action: the form is disabled and says why. */
  disabledReason?: string | null;
  busy: boolean;
  refusal: Refusal | null;
  /** Resolves true when the command was written (the drafts are then cleared). */
  onSubmit: (values: Values) => Promise<boolean>;
  extra?: ReactNode;
  done?: string | null;
}) {
  const { t } = useTranslation('errors');
  const headingId = useId();
  const values: Values = {};
  const clears: Array<() => void> = [];
  const [problems, setProblems] = useState<Record<string, string | null>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = Object.fromEntries(fields.map((f) => [f.name, problemOf(t, f, values[f.name] ?? '')]));
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    if (await onSubmit(values)) for (const clear of clears) clear();
  };
  return (
    <section aria-labelledby={headingId} className="action">
      <h3 id={headingId}>{title}</h3>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={!!disabledReason} aria-describedby={disabledReason ? `${headingId}-why` : undefined}>
          <legend className="sr-only">{title}</legend>
          {fields.map((f) => (
            <Field
              key={f.name}
              spec={f}
              draftKey={`${id}.${f.name}`}
              error={problems[f.name] ?? null}
              onValue={(name, value, clear) => {
                values[name] = value;
                clears.push(clear);
              }}
            />
          ))}
          {extra}
          <button type="submit" className="primary" aria-busy={busy}>
            {submitLabel}
          </button>
        </fieldset>
        {disabledReason ? (
          <p id={`${headingId}-why`} className="muted">
            {disabledReason}
          </p>
        ) : null}
        <RefusalNote refusal={refusal} onRetry={() => void submit({ preventDefault() {} } as FormEvent)} />
        {done ? (
          <p role="status" className="notice">
            {done}
          </p>
        ) : null}
      </form>
    </section>
  );
}
