// Signing in again (an expired token) returns the person to the very screen they were on; the
// screen's drafts (useDraft) live in sessionStorage, so what they typed is still there.
import { useEffect, useState } from 'react';

const RETURN_KEY = 'gov.returnTo';

export function rememberReturn(path: string): void {
  sessionStorage.setItem(RETURN_KEY, path);
}

export function takeReturn(): string | null {
  const path = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  // Only paths of this app: never an absolute URL an attacker could plant.
  return path && path.startsWith('/') && !path.startsWith('//') ? path : null;
}

/** A form value that survives a trip through sign-in (kept per tab until cleared). */
export function useDraft(key: string, initial = ''): [string, (value: string) => void, () => void] {
  const storageKey = `gov.draft.${key}`;
  const [value, setValue] = useState(() => sessionStorage.getItem(storageKey) ?? initial);
  useEffect(() => {
    sessionStorage.setItem(storageKey, value);
  }, [storageKey, value]);
  return [value, setValue, () => sessionStorage.removeItem(storageKey)];
}
