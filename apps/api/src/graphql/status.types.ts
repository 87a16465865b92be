import { registerEnumType } from '@nestjs/graphql';

export const MEETING_STATUSES = ['SCHEDULED', 'HELD', 'MINUTES_APPROVED', 'CANCELLED'] as const;
export const MeetingStatusEnum = Object.fromEntries(MEETING_STATUSES.map((s) => [s, s])) as {
  [S in (typeof MEETING_STATUSES)[number]]: S;
};
registerEnumType(MeetingStatusEnum, { name: 'MeetingStatus' });

export const BODY_STATUSES = ['ACTIVE', 'DISSOLVED'] as const;
export const BodyStatusEnum = Object.fromEntries(BODY_STATUSES.map((s) => [s, s])) as { [S in (typeof BODY_STATUSES)[number]]: S };
registerEnumType(BodyStatusEnum, { name: 'BodyStatus' });
