// A destructive action asks once more, in place: the first click names what will happen, the
// second does it (or Cancel leaves everything as it was). Focus goes to the question's answer.
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
  busy,
  disabled,
}: {
  label: string;
  /** A longer name for screen readers, e.g. which member is removed. */
  accessibleLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<unknown>;
  busy?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger-quiet" aria-label={accessibleLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span role="group" aria-label={accessibleLabel ?? label} className="confirm">
      <span className="confirm-question">{question}</span>{' '}
      <button
        type="button"
        className="danger"
        aria-busy={busy}
        autoFocus
        onClick={() => void Promise.resolve(onConfirm()).finally(() => setAsking(false))}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}
