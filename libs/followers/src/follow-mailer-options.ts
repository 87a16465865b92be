import { DigestSchedule, MailSender } from '@gov/notifications';
import { FollowerAddresses } from './follower-addresses';

export interface FollowMailerOptions {
  clock: { now(): number };
  /** Unset: email is off, and nothing is sent or recorded to followers. */
  mail: MailSender | null;
  addresses: FollowerAddresses;
  publicUrl: string;
  messageIdDomain: string;
  /** Names this process in claims. */
  owner: string;
  digest: DigestSchedule;
  /** Messages a follower gets one by one in a digest day; the rest of that day's changes wait for one digest. */
  burstLimit?: number;
  leaseMs?: number;
  backoff?: { firstMs: number; maxMs: number };
  maxBatch?: number;
  onError?: (e: Error) => void;
}

export interface FollowTickResult {
  sent: number;
  failed: number;
  digests: number;
}
