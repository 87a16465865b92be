import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Evidence } from '@gov/domain';

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
