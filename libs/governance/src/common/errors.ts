/** Errors outside the domain's own rules; `code` is what clients see in extensions.code. */
export class GovernanceError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | 'TIMEOUT',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GovernanceError';
  }
}

export const forbidden = (message: string) => new GovernanceError('FORBIDDEN', message);
export const unauthenticated = (message = 'sign in: this needs a bearer token') => new GovernanceError('UNAUTHENTICATED', message);
