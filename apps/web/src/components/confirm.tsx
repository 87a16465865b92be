// A destructive or final action asks once more, in place: the first click names what will happen, the
// second does it (or Cancel leaves everything as it was). Focus goes to the question's answer.
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The question and its two answers; `onCancel` puts back what asked (a button, or a form's submit). */
export function ConfirmQuestion({
  label,
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  className = 'danger',
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<unknown>;
  onCancel: () => void;
  busy?: boolean;
  /** The confirming button's look: `danger` for what removes, `primary` for a step forward. */
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <span role="group" aria-label={label} className="confirm">
      <span className="confirm-question">{question}</span>{' '}
      <button
        type="button"
        className={className}
        aria-busy={busy}
        autoFocus
        onClick={() => void Promise.resolve(onConfirm()).finally(onCancel)}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </span>
  );
}

export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
  busy,
  disabled,
  className = 'danger-quiet',
}: {
  label: string;
  /** A longer name for screen readers, e.g. which member is removed. */
  accessibleLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<unknown>;
  busy?: boolean;
  disabled?: boolean;
  /** The asking button's look; a step forward (approve, publish) asks in `primary`, and confirms in it. */
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={className} aria-label={accessibleLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <ConfirmQuestion
      label={accessibleLabel ?? label}
      question={question}
      confirmLabel={confirmLabel}
      onConfirm={onConfirm}
      onCancel={() => setAsking(false)}
      busy={busy}
      className={className === 'primary' ? 'primary' : 'danger'}
    />
  );
}
