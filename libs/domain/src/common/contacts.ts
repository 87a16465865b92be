import { DomainErrorCode, fail } from './domain-error';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where a unit's or a body's notifications go, in which language they are written, and whether as one daily digest. */
export interface Contacts {
  emails: string[];
  language: Language;
  /** One message a day listing what became due, instead of one message each. */
  digest: boolean;
}

export const MAX_CONTACT_EMAILS = 20;
// A pragmatic address check (local@domain.tld, no spaces or angle brackets): the SMTP server has the last word.
const EMAIL = /^[^\s@<>(),;:"\\]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Validates and normalises contact addresses: trimmed, domain lower-cased, no duplicates; an empty list turns email off. */
export function requireContacts(emails: readonly string[], language: string, digest: unknown = false): Contacts {
  requireLanguage(language);
  if (!Array.isArray(emails) || emails.length > MAX_CONTACT_EMAILS)
    fail(DomainErrorCode.VALIDATION_FAILED, `at most ${MAX_CONTACT_EMAILS} notification addresses`, { field: 'emails' });
  const normalised: string[] = [];
  for (const raw of emails) {
    const address = normalisedEmail(raw);
    if (address === null) fail(DomainErrorCode.VALIDATION_FAILED, `not an email address: ${JSON.stringify(raw)}`, { field: 'emails' });
    if (!normalised.includes(address)) normalised.push(address);
  }
  if (typeof digest !== 'boolean') fail(DomainErrorCode.VALIDATION_FAILED, 'digest must be true or false', { field: 'digest' });
  return { emails: normalised, language: language as Language, digest };
}

export function requireLanguage(language: string): Language {
  if (!(LANGUAGES as readonly string[]).includes(language))
    fail(DomainErrorCode.VALIDATION_FAILED, `language must be one of ${LANGUAGES.join(', ')}`, { field: 'language' });
  return language as Language;
}

/** An address trimmed with its domain lower-cased, or null when it is not one. */
export function normalisedEmail(raw: unknown): string | null {
  const email = typeof raw === 'string' ? raw.trim() : '';
  if (email.length > 254 || !EMAIL.test(email)) return null;
  const at = email.lastIndexOf('@');
  return email.slice(0, at) + email.slice(at).toLowerCase();
}
