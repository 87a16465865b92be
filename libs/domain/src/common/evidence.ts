import { DomainErrorCode, fail } from './domain-error';
import { requireString } from './text';

/** A file cited by the record: its name, SHA-256 and maybe where it lives; the bytes are in the evidence store. */
export interface Evidence {
  name: string;
  sha256: string;
  uri: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/i;

/** One cited file, checked and normalized (lower-case hash); `field` names it in errors. */
export function requireEvidenceItem(field: string, e: Evidence | undefined): Evidence {
  if (!SHA256.test(e?.sha256 ?? ''))
    fail(DomainErrorCode.VALIDATION_FAILED, `${field}.sha256 must be 64 hex digits`, { field: `${field}.sha256` });
  return {
    name: requireString(`${field}.name`, e!.name, 300),
    sha256: e!.sha256.toLowerCase(),
    uri: e!.uri ? requireString(`${field}.uri`, e!.uri, 2000) : null,
  };
}
