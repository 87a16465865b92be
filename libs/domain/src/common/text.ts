import { DomainErrorCode, fail } from './domain-error';

/** Public texts are read in Kazakh, Russian or English; at least one must be present. */
export interface MultilingualText {
  kk?: string;
  ru?: string;
  en?: string;
}

const LANGUAGES = ['kk', 'ru', 'en'] as const;

export function requireText(field: string, text: MultilingualText | undefined, maxLength = 10_000): MultilingualText {
  const out: MultilingualText = {};
  for (const lang of LANGUAGES) {
    const value = text?.[lang];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') fail(DomainErrorCode.VALIDATION_FAILED, `${field}.${lang} must be a string`, { field });
    if (value.trim().length === 0) continue;
    if (value.length > maxLength) {
      fail(DomainErrorCode.VALIDATION_FAILED, `${field}.${lang} is longer than ${maxLength} characters`, { field });
    }
    out[lang] = value;
  }
  if (Object.keys(out).length === 0) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} needs text in at least one of kk, ru, en`, { field });
  }
  return out;
}

export function requireString(field: string, value: string | undefined, maxLength = 2_000): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} is required`, { field });
  }
  if (value.length > maxLength) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} is longer than ${maxLength} characters`, { field });
  }
  return value;
}
