// OpenID Connect, authorization code flow with PKCE (a public client: no secret in the browser).
// The access token the provider issues is the bearer token of DESIGN section 4.
import type { AuthConfig } from './server-config';

type Oidc = NonNullable<AuthConfig['oidc']>;
const PENDING_KEY = 'gov.oidc.pending';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}/signin/callback`;

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`the provider's discovery answered ${res.status}`);
  return (await res.json()) as Discovery;
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(oidc: Oidc): Promise<void> {
  const { authorization_endpoint } = await discover(oidc.issuer);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(oidc.audience ? { resource: oidc.audience } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  location.assign(url.toString());
}

/** On the way back: checks the state and exchanges the code (with the PKCE verifier) for the access token. */
export async function finishOidcSignIn(oidc: Oidc, search: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const error = search.get('error');
  if (error) throw new Error(search.get('error_description') ?? error);
  const code = search.get('code');
  if (!pending || !code || search.get('state') !== pending.state)
    throw new Error('the sign-in answer does not match the sign-in this tab started');
  const { token_endpoint } = await discover(oidc.issuer);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: oidc.clientId,
    code_verifier: pending.verifier,
    ...(oidc.audience ? { resource: oidc.audience } : {}),
  });
  const res = await fetch(token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const answer = (await res.json()) as { access_token?: string; error_description?: string; error?: string };
  if (!res.ok || !answer.access_token)
    throw new Error(answer.error_description ?? answer.error ?? `the token endpoint answered ${res.status}`);
  return answer.access_token;
}
