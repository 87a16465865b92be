// One language's version of a multilingual text, labelled and marked with its language so screen
// readers and spell-checkers switch to it; a textarea when rows are given, otherwise one line.
export function LangField({
  label,
  lang,
  value,
  onChange,
  maxLength,
  rows,
}: {
  label: string;
  lang: 'kk' | 'ru' | 'en';
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  rows?: number;
}) {
  return (
    <label>
      {label}
      {rows ? (
        <textarea lang={lang} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} maxLength={maxLength} />
      ) : (
        <input lang={lang} value={value} onChange={(e) => onChange(e.target.value)} maxLength={maxLength} />
      )}
    </label>
  );
}
