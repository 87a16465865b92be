// What sign-in the server offers (GET /auth/config).
export interface AuthConfig {
  devSignIn: boolean;
  oidc: { issuer: string; clientId: string; scope: string; audience?: string } | null;
}

export async function fetchAuthConfig(): Promise<AuthConfig> {
  const res = await fetch('/auth/config');
  if (!res.ok) throw new Error(`GET /auth/config answered ${res.status}`);
  return (await res.json()) as AuthConfig;
}
