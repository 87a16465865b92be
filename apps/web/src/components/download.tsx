// A file from /files or /reports: fetched with the bearer token (a plain link cannot send it), saved
// through a blob, and, for reports, the log position the file reflects shown once it is saved.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { useFormat } from './format';

type State =
  { phase: 'idle' | 'busy' } | { phase: 'done'; position: string | null; time: string | null } | { phase: 'failed'; message: string };

/** A report address with the reader's language and, when an as-of is active, the moment. */
export function reportUrl(path: string, lang: string, asOf: string | undefined, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ lang, ...(asOf ? { asOf } : {}), ...extra });
  return `${path}?${query.toString()}`;
}

export function DownloadButton({ url, filename, label, name }: { url: string; filename: string; label: string; name?: string }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const session = useSession();
  // The state of the last download of this address: a changed filter or language clears it.
  const [last, setLast] = useState<{ url: string; state: State }>({ url, state: { phase: 'idle' } });
  const state = last.url === url ? last.state : { phase: 'idle' as const };
  const setState = (next: State) => setLast({ url, state: next });
  const download = async () => {
    setState({ phase: 'busy' });
    try {
      const response = await fetch(url, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
      if (!response.ok) {
        const refusal = (await response.json().catch(() => null)) as { message?: string } | null;
        setState({ phase: 'failed', message: refusal?.message ?? String(response.status) });
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
    } catch (error) {
      setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
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
            ? t('download.failed', { message: state.message })
            : state.phase === 'done' && state.position
              ? t('download.position', { position: state.position, time: dateTime(state.time) })
              : ''}
      </span>
    </span>
  );
}
