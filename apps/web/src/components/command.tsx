// One submission path for every form that writes: a commandId per submission attempt (kept across
// retries of the same attempt, so a double click or a retry after a network error writes once;
// new after success), the server's refusal keyed by its code and shown in the reader's language,
// and a stale expectedRevision reported as such so the person can retry on the fresh state.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnyVariables, CombinedError, DocumentInput, useMutation } from 'urql';

export interface Refusal {
  /** extensions.code, with a domain validation's own code (details.domainCode) when it has one. */
  code: string;
  message: string;
  /** The domain's own code under BAD_USER_INPUT (e.g. VALIDATION_FAILED). */
  domainCode?: string;
}

export function refusalOf(error: CombinedError): Refusal {
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'NETWORK', message: error.message };
  const ext = (first.extensions ?? {}) as { code?: string; details?: { domainCode?: string }; domainCode?: string };
  return { code: ext.code ?? 'INTERNAL_SERVER_ERROR', message: first.message, domainCode: ext.details?.domainCode ?? ext.domainCode };
}

const newId = () => crypto.randomUUID();

/**
 * Runs one mutation whose input takes a commandId. `submit(input)` adds the attempt's commandId;
 * while one submission is on its way, further calls return it instead of sending again.
 */
export function useCommand<Data, Input extends Record<string, unknown>>(
  document: DocumentInput<Data, { input: Input } & AnyVariables>,
): {
  submit: (input: Omit<Input, 'commandId'>) => Promise<Data | null>;
  busy: boolean;
  refusal: Refusal | null;
  /** The last attempt's refusal, readable right after `submit` resolves (the state above renders later). */
  lastRefusal: () => Refusal | null;
  clear: () => void;
} {
  const [, run] = useMutation(document);
  const commandId = useRef(newId());
  const inFlight = useRef<Promise<Data | null> | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const last = useRef<Refusal | null>(null);
  const submit = useCallback(
    (input: Omit<Input, 'commandId'>) => {
      if (inFlight.current) return inFlight.current;
      setBusy(true);
      setRefusal(null);
      last.current = null;
      const attempt = (async () => {
        try {
          const result = await run({ input: { ...input, commandId: commandId.current } as unknown as Input });
          if (result.error) {
            const r = refusalOf(result.error);
            last.current = r;
            setRefusal(r);
            // A refusal on the merits ends this attempt; a network failure is retried with the same id.
            if (r.code !== 'NETWORK') commandId.current = newId();
            return null;
          }
          commandId.current = newId();
          return result.data ?? null;
        } finally {
          inFlight.current = null;
          setBusy(false);
        }
      })();
      inFlight.current = attempt;
      return attempt;
    },
    [run],
  );
  return { submit, busy, refusal, lastRefusal: () => last.current, clear: () => setRefusal(null) };
}

/** Codes whose text in the catalogue says nothing specific: the server's words add the detail. */
const GENERIC = ['UNKNOWN', 'BAD_USER_INPUT'];

/**
 * The refusal in the reader's language (errors namespace, by code). The server's words are English and
 * technical (ids included), so they are shown only where the catalogue has nothing specific to say.
 */
export function RefusalNote({ refusal, onRetry }: { refusal: Refusal | null; onRetry?: () => void }) {
  const { t, i18n } = useTranslation('errors');
  if (!refusal) return null;
  const key = refusal.domainCode && refusal.domainCode !== 'VALIDATION_FAILED' ? refusal.domainCode : refusal.code;
  const specific = i18n.exists(key, { ns: 'errors' }) && !GENERIC.includes(key);
  return (
    <div role="alert" className="error refusal">
      <p>{t(key, { defaultValue: t('UNKNOWN') })}</p>
      {specific ? null : (
        <p className="muted" lang="en">
          {refusal.message}
        </p>
      )}
      {refusal.code === 'CONFLICT' && onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('reloadAndRetry')}
        </button>
      ) : null}
    </div>
  );
}
