import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LIMITS } from '@gov/domain';

/*
 * Command payloads: plain classes whose class-validator rules are the write side's input contract,
 * whatever transport filled them in. The shared pieces of several use cases live here.
 */

export const MAX_TEXT = LIMITS.text;

/** Text in Kazakh, Russian and/or English; the domain requires at least one. */
export class MultilingualTextPayload {
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) kk?: string;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) ru?: string;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) en?: string;
}

export const ValidText = () =>
  applyDecorators(
    ValidateNested(),
    Type(() => MultilingualTextPayload),
  );

/** Every command's options: an idempotency key, a revision pin and the business time. */
export abstract class CommandPayload {
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: 'expectedRevision must be a decimal revision' })
  expectedRevision?: string;

  @IsOptional()
  @Type(() => Date)
  occurredAt?: Date;
}

/** A command about one meeting and nothing else (approve minutes, publish). */
export class MeetingRefPayload extends CommandPayload {
  @IsUUID() meetingId: string;
}

export abstract class RecommendationRefPayload extends CommandPayload {
  @IsUUID() recommendationId: string;
}

/** A command a police unit sends about a recommendation it is responsible for. */
export abstract class UnitActionPayload extends RecommendationRefPayload {
  /** The unit acted for; needed only when the token carries several. */
  @IsOptional() @IsUUID() actingUnitId?: string;
}

export class RecommendationReasonPayload extends RecommendationRefPayload {
  @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class RecommendationNotePayload extends RecommendationRefPayload {
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) note?: string;
}
