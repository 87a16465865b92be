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

/** What the file store knows of a hash for citing it: who uploaded it (null: stored before owners were kept), and whether anything cites it. */
export interface EvidenceFileFacts {
  owners: readonly string[] | null;
  cited: boolean;
}

/** The port to the evidence file store: the facts of a stored file, null when no such bytes are stored. */
export interface EvidenceFiles {
  facts(sha256: string): Promise<EvidenceFileFacts | null>;
}
export const EVIDENCE_FILES = Symbol('EVIDENCE_FILES');

/** The scopes files belong to: a unit, or a body (whose secretary uploads and attaches its papers). */
export const evidenceScope = { unit: (unitId: string) => `unit:${unitId}`, body: (bodyId: string) => `body:${bodyId}` };

/** The scopes an upload by this actor belongs to: every unit and body the actor acts for. */
export const uploaderScopes = (actor: Actor): string[] => [
  ...scopedIds(actor, 'unit').map(evidenceScope.unit),
  ...scopedIds(actor, 'secretary').map(evidenceScope.body),
];

/**
 * Evidence names a file `scope` may cite, or carries a URI to where it lives. An uncited file is its
 * uploaders' (every scope that uploaded those bytes); once cited, or stored before owners were kept,
 * anyone's. A file nobody uploaded and another scope's file are refused alike, so the answer never
 * tells whether a file exists. A URI citation never serves the stored bytes (see EvidenceQueries.citing).
 */
export async function requireUploadedEvidence(
  files: EvidenceFiles,
  scope: string,
  evidence: ReadonlyArray<{ sha256: string; uri?: string | null }> | undefined,
): Promise<void> {
  for (const [i, item] of (evidence ?? []).entries()) {
    if (item.uri) continue;
    const file = await files.facts(item.sha256.toLowerCase());
    if (file && (file.owners === null || file.cited || file.owners.includes(scope))) continue;
    throw new GovernanceError(
      'BAD_USER_INPUT',
      `evidence[${i}]: there is no file with SHA-256 ${item.sha256} that you may cite; upload it with POST /files first, or give its uri`,
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
