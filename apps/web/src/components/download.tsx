// A file from /files or /reports: fetched with the bearer token (a plain link cannot send it), saved
// through a blob, and, for reports, the log position the file reflects shown once it is saved.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { useFormat } from './format';

type State =
  { phase: 'idle' | 'busy' } | { phase: 'done'; position: string | null; time: string | null } | { phase: 'failed'; code: string };

/** A report address with the reader's language and, when an as-of is active, the moment. */
export function reportUrl(path: string, lang: string, asOf: string | undefined, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ lang, ...(asOf ? { asOf } : {}), ...extra });
  return `${path}?${query.toString()}`;
}

export function DownloadButton({ url, filename, label, name }: { url: string; filename: string; label: string; name?: string }) {
  const { t, i18n } = useTranslation();
  const { dateTime } = useFormat();
  const session = useSession();
  // Said in the reader's language by the refusal's code (the server's own words are English).
  const why = (code: string) =>
    i18n.exists(`download.why.${code}`)
      ? t(`download.why.${code}`)
      : i18n.exists(code, { ns: 'errors' })
        ? t(code, { ns: 'errors' })
        : t('download.why.other');
  // The state of the last download of this address: a changed filter or language clears it.
  const [last, setLast] = useState<{ url: string; state: State }>({ url, state: { phase: 'idle' } });
  const state = last.url === url ? last.state : { phase: 'idle' as const };
  const setState = (next: State) => setLast({ url, state: next });
  const download = async () => {
    setState({ phase: 'busy' });
    try {
      const response = await fetch(url, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
      if (!response.ok) {
        const refusal = (await response.json().catch(() => null)) as { code?: string } | null;
        setState({ phase: 'failed', code: refusal?.code ?? `HTTP_${response.status}` });
        return;
      }
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = href;
      anchor.download = filename;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setState({
        phase: 'done',
        position: response.headers.get('X-Log-Position'),
        time: response.headers.get('X-Log-Position-Time'),
      });
    } catch {
      setState({ phase: 'failed', code: 'NETWORK' });
    }
  };
  return (
    <span className="download">
      <button type="button" onClick={() => void download()} disabled={state.phase === 'busy'} aria-label={name}>
        {label}
      </button>
      <span role="status" className={state.phase === 'failed' ? 'error' : 'muted'}>
        {state.phase === 'busy'
          ? t('download.busy')
          : state.phase === 'failed'
            ? t('download.failed', { message: why(state.code) })
            : state.phase === 'done' && state.position
              ? t('download.position', { position: state.position, time: dateTime(state.time) })
              : ''}
      </span>
    </span>
  );
}
