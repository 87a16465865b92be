// The signed-in person: the bearer token of DESIGN section 4, kept for this browser tab only.
import { useSyncExternalStore } from 'react';

export interface Session {
  token: string;
  sub: string;
  name: string;
  roles: string[];
  /** Seconds since the epoch. */
  exp: number;
}

const KEY = 'gov.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function decode(token: string): Omit<Session, 'token'> | null {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles, exp: claims.exp };
  } catch {
    return null;
  }
}

function read(): Session | null {
  const token = sessionStorage.getItem(KEY);
  const claims = token ? decode(token) : null;
  return token && claims ? { token, ...claims } : null;
}

function emit() {
  for (const listener of listeners) listener();
}

export function signIn(token: string): Session {
  const claims = decode(token);
  if (!claims) throw new Error('the sign-in answered a token that is not a JWT');
  sessionStorage.setItem(KEY, token);
  current = { token, ...claims };
  emit();
  return current;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  current = null;
  emit();
}

export const getSession = () => current;
export const isExpired = (s: Session, now = Date.now()) => s.exp * 1000 <= now;

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** The UUID after `role:` in the session's roles, e.g. the body of `secretary:<id>`. */
export function scopedIds(session: Session | null, role: 'secretary' | 'unit'): string[] {
  return (session?.roles ?? []).filter((r) => r.startsWith(`${role}:`)).map((r) => r.slice(role.length + 1));
}

export const hasRole = (session: Session | null, role: string) => session?.roles.includes(role) ?? false;
export const canReadAll = (session: Session | null) => hasRole(session, 'admin') || hasRole(session, 'oversight');

/** Where each person lands after signing in (DESIGN section 7: each user lands on their own home). */
export function homeOf(session: Session | null): string {
  if (!session) return '/';
  if (hasRole(session, 'admin')) return '/admin';
  if (hasRole(session, 'oversight')) return '/dashboard';
  const [body] = scopedIds(session, 'secretary');
  if (body) return `/secretary?body=${body}`;
  if (scopedIds(session, 'unit').length) return '/unit';
  return '/';
}
