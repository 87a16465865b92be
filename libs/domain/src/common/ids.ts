import { DomainErrorCode, fail } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function requireId(field: string, value: string | undefined): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be a UUID`, { field });
  }
  return value.toLowerCase();
}

export const streamIds = {
  unit: (id: string) => `unit-${id}`,
  body: (id: string) => `body-${id}`,
  meeting: (id: string) => `meeting-${id}`,
  recommendation: (id: string) => `recommendation-${id}`,
};
