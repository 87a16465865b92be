import { registerEnumType } from '@nestjs/graphql';
import {
  BODY_KINDS,
  GUEST_CATEGORIES,
  LANGUAGES,
  MEETING_FORMATS,
  MEETING_KINDS,
  MEMBER_ROLES,
  ORIGINS,
  PRIORITIES,
  RECOMMENDATION_STATUSES,
  UNIT_KINDS,
} from '@gov/domain';

/** The domain's closed lists as GraphQL enums. */
export const enumOf = <T extends readonly string[]>(values: T, name: string) => {
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
export const LanguageEnum = enumOf(LANGUAGES, 'Language');
