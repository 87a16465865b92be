import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ORIGINS, Origin, PRIORITIES, Priority, RECOMMENDATION_STATUSES, RecommendationStatus } from '@gov/domain';
import { Actor } from '@gov/governance';
import { RecommendationFilter } from '@gov/read-model';
import { publishedOnly } from './visibility';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The recommendation filter a client sends, with its rules: the GraphQL input (which adds its
 * fields), and the JSON that /reports and /open-data accept, are checked by the same ones.
 */
export class RecommendationFilterRules {
  @IsOptional() @IsUUID('all', { each: true }) @ArrayMaxSize(100) bodyIds?: string[];
  @IsOptional() @IsUUID('all', { each: true }) @ArrayMaxSize(100) meetingIds?: string[];
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsBoolean() leadOnly?: boolean;
  @IsOptional() @IsIn(RECOMMENDATION_STATUSES, { each: true }) statuses?: RecommendationStatus[];
  @IsOptional() @IsBoolean() overdue?: boolean;
  @IsOptional() @Matches(DATE) dueFrom?: string;
  @IsOptional() @Matches(DATE) dueTo?: string;
  @IsOptional() @Type(() => Date) adoptedFrom?: Date;
  @IsOptional() @Type(() => Date) adoptedTo?: Date;
  @IsOptional() @IsIn(ORIGINS, { each: true }) origins?: Origin[];
  @IsOptional() @IsIn(PRIORITIES, { each: true }) priorities?: Priority[];
  @IsOptional() @IsString() @MaxLength(200) text?: string;
  @IsOptional() @IsBoolean() extensionPending?: boolean;
}

/** The filter as the query service takes it, narrowed to what the reader may see (GraphQL, reports, open data). */
export function filterOf(input: RecommendationFilterRules | undefined, actor: Actor): RecommendationFilter {
  return {
    ...input,
    adoptedFrom: input?.adoptedFrom?.toISOString(),
    adoptedTo: input?.adoptedTo?.toISOString(),
    publishedOnly: publishedOnly(actor),
  };
}
