import { enumOf } from './enums';

/** Statuses the read model shows (the domain's NONE never reaches a reader). */
export const MEETING_STATUSES = ['SCHEDULED', 'HELD', 'MINUTES_APPROVED', 'CANCELLED'] as const;
export const MeetingStatusEnum = enumOf(MEETING_STATUSES, 'MeetingStatus');
export const BodyStatusEnum = enumOf(['ACTIVE', 'DISSOLVED'] as const, 'BodyStatus');
