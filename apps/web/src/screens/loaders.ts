// Every screen's module, fetched on demand; the first import of the entry, so the current address's
// screen starts downloading before the rest of the entry (React, the router, the catalogues) has
// even run: on a slow phone that overlaps a round trip with a second of script evaluation.
// No imports here: anything imported would be evaluated first and delay the request.

type Loader = () => Promise<{ default: () => unknown }>;

export const SCREENS: Record<string, Loader> = {
  '/': () => import('./public/home'),
  '/bodies/:id': () => import('./public/body'),
  '/meetings/:id': () => import('./public/meeting'),
  '/recommendations': () => import('./public/register'),
  '/recommendations/:id': () => import('./public/recommendation'),
  '/follow/confirm': () => import('./public/follow-link'),
  '/follow/unsubscribe': () => import('./public/follow-link'),
  '/follow/erase': () => import('./public/follow-link'),
  '/dashboard': () => import('./oversight/dashboard'),
  '/register': () => import('./oversight/register'),
  '/admin': () => import('./admin/admin'),
  '/admin/units': () => import('./admin/units'),
  '/admin/units/:id': () => import('./admin/unit'),
  '/admin/bodies': () => import('./admin/bodies'),
  '/admin/bodies/:id': () => import('./admin/body'),
  '/unit': () => import('./unit/inbox'),
  '/unit/recommendations/:id': () => import('./unit/recommendation'),
  '/secretary': () => import('./secretary/meetings'),
  '/secretary/meetings/:id': () => import('./secretary/meeting'),
  '/secretary/queue': () => import('./secretary/queue'),
  '/secretary/members': () => import('./secretary/members'),
};

/** The path's parameters (`:id`) when it is the pattern's address, else null. */
export function matchScreen(pattern: string, path: string): Record<string, string> | null {
  if (pattern === '/') return path === '/' ? {} : null;
  const want = pattern.split('/');
  const got = path.replace(/\/$/, '').split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    if (!part.startsWith(':')) {
      if (part !== got[i]) return null;
    } else {
      // As the router decodes it; a malformed escape is no address of a screen.
      try {
        params[part.slice(1)] = decodeURIComponent(got[i]!);
      } catch {
        return null;
      }
    }
  }
  return params;
}

for (const [pattern, load] of Object.entries(SCREENS)) if (matchScreen(pattern, location.pathname)) void load();
