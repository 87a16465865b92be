import { applyDecorators } from '@nestjs/common';
import { Field, GraphQLISODateTime, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import {
  BODY_KINDS,
  GUEST_CATEGORIES,
  MEETING_FORMATS,
  MEETING_KINDS,
  MEMBER_ROLES,
  ORIGINS,
  PRIORITIES,
  RECOMMENDATION_STATUSES,
  UNIT_KINDS,
} from '@gov/domain';

const enumOf = <T extends readonly string[]>(values: T, name: string) => {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(e, { name });
  return e;
};
export const UnitKindEnum = enumOf(UNIT_KINDS, 'UnitKind');
export const BodyKindEnum = enumOf(BODY_KINDS, 'BodyKind');
export const MemberRoleEnum = enumOf(MEMBER_ROLES, 'MemberRole');
export const MeetingKindEnum = enumOf(MEETING_KINDS, 'MeetingKind');
export const MeetingFormatEnum = enumOf(MEETING_FORMATS, 'MeetingFormat');
export const GuestCategoryEnum = enumOf(GUEST_CATEGORIES, 'GuestCategory');
export const OriginEnum = enumOf(ORIGINS, 'RecommendationOrigin');
export const PriorityEnum = enumOf(PRIORITIES, 'RecommendationPriority');
export const RecommendationStatusEnum = enumOf(RECOMMENDATION_STATUSES, 'RecommendationStatus');

export const MAX_TEXT = 10_000;

@InputType('MultilingualTextInput', { description: 'Text in Kazakh, Russian and/or English; at least one is required.' })
export class MultilingualTextInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) kk?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) ru?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) en?: string;
}

@InputType('EvidenceInput')
export class EvidenceInput {
  @Field() @IsString() @MaxLength(300) name: string;
  @Field({ description: 'SHA-256 of the file, 64 hex digits' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^https?:\/\/\S{1,2000}$/, { message: 'uri must be an http(s) URL' }) uri?: string;
}

/** Every mutation's input: an optional idempotency key, revision pin and business time. */
@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => ID, { nullable: true, description: 'Idempotency key: repeating it returns the first result.' })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field({ nullable: true, description: 'Revision you last read (decimal); a mismatch is a CONFLICT.' })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: 'expectedRevision must be a decimal revision' })
  expectedRevision?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it happened, if not now.' })
  @IsOptional()
  @Type(() => Date)
  occurredAt?: Date;
}

export const ValidEvidence = () =>
  applyDecorators(
    IsOptional(),
    ValidateNested({ each: true }),
    Type(() => EvidenceInput),
    ArrayMaxSize(50),
  );
export const ValidText = () =>
  applyDecorators(
    ValidateNested(),
    Type(() => MultilingualTextInput),
  );
