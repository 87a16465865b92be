import { SentNotification } from '@gov/domain';
import { DueQueries } from './due-queries';
import { DeliveryOutcome } from './scheduler';

/** What the in-app list gained in one applied batch: notifications recorded, and the people whose read marks changed. */
export interface ListedChange {
  sent: SentNotification[];
  readers: string[];
}

/**
 * The notifier as the serving process sees it, whether it runs in this thread (tests, tools) or in
 * a worker thread (the service): its position in the log, what its list gained, its outcomes.
 */
export abstract class NotifierPort {
  abstract readonly position: bigint;
  /** Resolves once caught up with the log as it stood at start. */
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** Resolves once the list includes the log up to `position`, or fails after `timeoutMs`. */
  abstract waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  abstract onListed(listener: (change: ListedChange) => void): () => void;
  /** Tells `observer` of every delivery attempt's outcome (metrics). */
  abstract observe(observer: (outcome: DeliveryOutcome) => void): void;
  abstract backlog(): { due: number; retrying: number };
  abstract failing(): ReturnType<DueQueries['failing']>;
}
