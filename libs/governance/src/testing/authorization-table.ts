import { randomUUID } from 'node:crypto';
import { ANONYMOUS, Actor } from '../common/actor';

/** The callers and the rules of the table-driven authorization spec (common/authorization.spec.ts). */

export const actor = (sub: string, ...roles: string[]): Actor => ({ sub, name: sub, roles });

/** Units every case shares: the host of each body, and the three a recommendation is assigned among. */
export const hostUnit = randomUUID();
export const leadUnit = randomUUID();
export const coUnit = randomUUID();
export const strangerUnit = randomUUID();
export const otherBody = randomUUID();

/** What a command acts on: the stream it writes to, the body it belongs to, and the ids it names. */
export interface Target {
  streamId: string;
  bodyId: string;
  unitId?: string;
  memberId?: string;
  meetingId?: string;
  earlierMeetingId?: string;
  itemIds?: string[];
  recommendationId?: string;
}

export const CALLERS = {
  admin: ['an administrator', () => actor('admin', 'admin'), () => 'admin'],
  secretary: ["the body's secretary", (t) => actor('secretary', `secretary:${t.bodyId}`), (t) => `secretary:${t.bodyId}`],
  otherSecretary: ["another body's secretary", () => actor('other-secretary', `secretary:${otherBody}`), () => ''],
  ownUnit: ['an officer of that unit', (t) => actor('own-officer', `unit:${t.unitId}`), () => ''],
  lead: ['the lead unit', () => actor('lead-officer', `unit:${leadUnit}`), () => `unit:${leadUnit}`],
  coExecutor: ['a co-executor unit', () => actor('co-officer', `unit:${coUnit}`), () => `unit:${coUnit}`],
  stranger: ['a unit not responsible for it', () => actor('stranger-officer', `unit:${strangerUnit}`), () => ''],
  oversight: ['oversight', () => actor('prosecutor', 'oversight'), () => ''],
  anonymous: ['an anonymous caller', () => ANONYMOUS, () => ''],
} satisfies Record<string, [string, (t: Target) => Actor, (t: Target) => string]>;
export type Caller = keyof typeof CALLERS;

/** A caller and the outcome: ALLOWED, or the refusal's code. */
export type Rule = Array<[Caller, 'ALLOWED' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_RESPONSIBLE_UNIT']>;

export const ADMIN_ONLY: Rule = [
  ['admin', 'ALLOWED'],
  ['secretary', 'FORBIDDEN'],
  ['lead', 'FORBIDDEN'],
  ['oversight', 'FORBIDDEN'],
  ['anonymous', 'UNAUTHENTICATED'],
];
export const ADMIN_ONLY_FOR_A_UNIT: Rule = [
  ['admin', 'ALLOWED'],
  ['ownUnit', 'FORBIDDEN'],
  ['secretary', 'FORBIDDEN'],
  ['oversight', 'FORBIDDEN'],
  ['anonymous', 'UNAUTHENTICATED'],
];
export const ADMIN_OR_SECRETARY: Rule = [
  ['admin', 'ALLOWED'],
  ['secretary', 'ALLOWED'],
  ['otherSecretary', 'FORBIDDEN'],
  ['lead', 'FORBIDDEN'],
  ['oversight', 'FORBIDDEN'],
  ['anonymous', 'UNAUTHENTICATED'],
];
export const SECRETARY: Rule = [
  ['secretary', 'ALLOWED'],
  ['otherSecretary', 'FORBIDDEN'],
  ['admin', 'FORBIDDEN'],
  ['lead', 'FORBIDDEN'],
  ['oversight', 'FORBIDDEN'],
  ['anonymous', 'UNAUTHENTICATED'],
];
export const RESPONSIBLE_UNIT: Rule = [
  ['lead', 'ALLOWED'],
  ['coExecutor', 'ALLOWED'],
  ['stranger', 'NOT_RESPONSIBLE_UNIT'],
  ['secretary', 'FORBIDDEN'],
  ['admin', 'FORBIDDEN'],
  ['oversight', 'FORBIDDEN'],
  ['anonymous', 'UNAUTHENTICATED'],
];
