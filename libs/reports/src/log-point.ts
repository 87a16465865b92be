import { EventStore, RecordedEvent, parseBigInt } from '@gov/event-store';
import { ReportError } from './report-error';

/** The log position a report reflects, and the time that position was recorded (null on an empty log). */
export interface LogPoint {
  position: bigint;
  at: string | null;
}

/** The first event at or after `position`, or null past the head. */
async function firstFrom(events: EventStore, position: bigint): Promise<RecordedEvent | null> {
  const [event] = await events.readAll({ after: position > 0n ? position - 1n : 0n, maxCount: 1 });
  return event ?? null;
}

/**
 * Where a report is taken: the head, a named position (which must be an event's), or the last
 * event recorded at or before a moment. Log time is never later for a later position, so a
 * moment is found by bisecting positions, a few reads whatever the length of the log.
 */
export async function resolveLogPoint(events: EventStore, query: { position?: string; asOf?: string }): Promise<LogPoint> {
  if (query.position && query.asOf) throw new ReportError('BAD_POSITION', 400, 'give position or asOf, not both');
  const head = await events.headPosition();
  if (query.position) {
    let position: bigint;
    try {
      position = parseBigInt('position', query.position);
    } catch {
      throw new ReportError('BAD_POSITION', 400, 'position must be a log position (a non-negative decimal integer)');
    }
    if (position > head) throw new ReportError('POSITION_PAST_HEAD', 400, `position ${position} is past the head of the log (${head})`);
    if (position === 0n) return { position, at: null };
    const event = await firstFrom(events, position);
    if (event?.position !== position) throw new ReportError('BAD_POSITION', 400, `no event is recorded at position ${position}`);
    return { position, at: event.recordedAt };
  }
  if (query.asOf) {
    const moment = Date.parse(query.asOf);
    if (!/^\d{4}-\d{2}-\d{2}/.test(query.asOf) || Number.isNaN(moment))
      throw new ReportError('BAD_AS_OF', 400, 'asOf must be an ISO-8601 date-time');
    let lo: RecordedEvent | null = null;
    let [low, high] = [0n, head];
    while (low < high) {
      const mid = (low + high + 1n) / 2n;
      const event = (await firstFrom(events, mid))!;
      if (Date.parse(event.recordedAt) <= moment) [low, lo] = [event.position, event];
      else high = mid - 1n;
    }
    return lo ? { position: lo.position, at: lo.recordedAt } : { position: 0n, at: null };
  }
  if (head === 0n) return { position: 0n, at: null };
  const last = await firstFrom(events, head);
  return { position: head, at: last!.recordedAt };
}
