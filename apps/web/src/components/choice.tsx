// A labelled choice among named options: a kind, a format, a unit. A few long options are offered as
// radio buttons (`radios`): a phone's select shows only what fits of the chosen one.
import { useId } from 'react';

export function Choice({
  label,
  value,
  onChange,
  options,
  none,
  radios,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** The option meaning "none" (e.g. a unit at the top), if there is one. */
  none?: string;
  radios?: boolean;
}) {
  const group = useId();
  const all = none !== undefined ? [{ value: '', label: none }, ...options] : options;
  if (radios)
    return (
      <fieldset>
        <legend>{label}</legend>
        {all.map((o) => (
          <label key={o.value} className="radio">
            <input type="radio" name={group} checked={o.value === value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
