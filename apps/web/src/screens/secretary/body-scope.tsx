// The body a secretary works for: one of the `secretary:<id>` roles; with several, ?body= picks.
import { useSearchParams } from 'react-router';
import { Session, scopedIds, useSession } from '../../auth/session';

/** The same outside React: what the entry asks for the screen before the screen is loaded. */
export function bodyScope(session: Session | null, params: URLSearchParams): { bodyId: string | null; bodyIds: string[] } {
  const bodyIds = scopedIds(session, 'secretary');
  const wanted = params.get('body');
  return { bodyId: wanted && bodyIds.includes(wanted) ? wanted : (bodyIds[0] ?? null), bodyIds };
}

export function useBodyScope(): { bodyId: string | null; bodyIds: string[] } {
  const [params] = useSearchParams();
  return bodyScope(useSession(), params);
}

/** A datetime-local value (the reader's clock) as an ISO instant, and back. */
export const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
export const toLocal = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
