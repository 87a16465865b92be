import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Evidence } from '@gov/domain';
import { Actor, hasRole, isAnonymous, scopedIds } from './actor';
import { canReadAll } from './authorization';
import { GovernanceError, forbidden, unauthenticated } from './errors';

/** A file cited as evidence of progress or implementation: its name, SHA-256 and maybe a URI. */
export class EvidencePayload {
  @IsString() @MaxLength(300) name: string;
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' }) sha256: string;
  @IsOptional() @Matches(/^https?:\/\/\S{1,2000}$/, { message: 'uri must be an http(s) URL' }) uri?: string;
}

export const ValidEvidence = () =>
  applyDecorators(
    IsOptional(),
    ValidateNested({ each: true }),
    Type(() => EvidencePayload),
    ArrayMaxSize(50),
  );

/** The evidence a report cites, as the domain records it. */
export const evidenceOf = (list: EvidencePayload[] | undefined): Evidence[] =>
  (list ?? []).map((e) => ({ name: e.name, sha256: e.sha256, uri: e.uri ?? null }));

/** The port to the evidence file store: whether the bytes of a hash were uploaded. */
export interface EvidenceFiles {
  has(sha256: string): Promise<boolean>;
}
export const EVIDENCE_FILES = Symbol('EVIDENCE_FILES');

/** Evidence names an uploaded file, or carries a URI to where it lives; a hash nobody uploaded is refused. */
export async function requireUploadedEvidence(
  files: EvidenceFiles,
  evidence: ReadonlyArray<{ sha256: string; uri?: string | null }> | undefined,
): Promise<void> {
  for (const [i, item] of (evidence ?? []).entries()) {
    if (item.uri || (await files.has(item.sha256))) continue;
    throw new GovernanceError(
      'BAD_USER_INPUT',
      `evidence[${i}]: no file with SHA-256 ${item.sha256} was uploaded; upload it with POST /files first, or give its uri`,
      { field: `evidence[${i}].sha256` },
    );
  }
}

/** Files are uploaded by those who report on recommendations: a unit, or a body's secretary. */
export function requireEvidenceUploader(actor: Actor): void {
  if (isAnonymous(actor)) throw unauthenticated('sign in to upload evidence');
  if (scopedIds(actor, 'unit').length === 0 && scopedIds(actor, 'secretary').length === 0)
    throw forbidden('only a police unit or a body secretary may upload evidence');
}

/**
 * Who may download a stored file, given what cites it: recommendations' reports (EVIDENCE) and
 * meeting papers (PAPER), and whether each is published. A published meeting's papers are the
 * public's; evidence is read with a role only.
 */
export function evidenceDownload(
  actor: Actor,
  citedBy: ReadonlyArray<{ kind: 'EVIDENCE' | 'PAPER'; published: boolean }>,
): 'SERVE' | 'FORBIDDEN' | 'NOT_FOUND' {
  if (hasRole(actor, 'admin')) return 'SERVE';
  if (citedBy.length === 0) return 'NOT_FOUND';
  if (canReadAll(actor) || citedBy.some((c) => c.kind === 'PAPER' && c.published)) return 'SERVE';
  // Readers without a role see published evidence's names and hashes, never its contents.
  return citedBy.some((c) => c.published) ? 'FORBIDDEN' : 'NOT_FOUND';
}
