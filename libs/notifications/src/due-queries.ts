import Database from 'better-sqlite3';
import { Language } from '@gov/domain';
import { MessageSubject } from './messages';
import { Rule, Tracked } from './rules';

export interface DueRow {
  id: string;
  subject_id: string;
  subject_kind: Tracked['kind'];
  recipient: string;
  rule: Rule;
  cycle: number;
  due_at: string;
  attempts: number;
}

export interface Contact {
  emails: string[];
  language: Language;
  digest: boolean;
}

/** What the scheduler asks the notifications projection's tables: what is due, to whom, about what. */
export class DueQueries {
  constructor(private readonly db: Database.Database) {}

  /** Reminders due by `now` and not waiting for a lease or a retry, oldest first (catch-up ones go in summaries). */
  due(now: string, limit: number): DueRow[] {
    return this.db
      .prepare(
        'SELECT id, subject_id, subject_kind, recipient, rule, cycle, due_at, attempts FROM pending WHERE next_attempt_at <= ? AND catch_up = 0 ORDER BY next_attempt_at LIMIT ?',
      )
      .all(now, limit) as DueRow[];
  }

  contactOf(recipient: string): Contact {
    const row = this.db.prepare('SELECT emails, language, digest FROM contacts WHERE recipient = ?').get(recipient) as
      { emails: string; language: Language; digest: number } | undefined;
    return { emails: row ? (JSON.parse(row.emails) as string[]) : [], language: row?.language ?? 'ru', digest: row?.digest === 1 };
  }

  subjectOf(subjectId: string, rule: Rule): MessageSubject {
    const json = this.db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck().get(subjectId) as string | undefined;
    const tracked = json ? (JSON.parse(json) as Tracked) : undefined;
    if (tracked?.kind === 'meeting') return { kind: 'meeting', id: tracked.meetingId, number: tracked.number, text: null, dueDate: null };
    const s = tracked?.state;
    // The unit is told why its report came back or its extension was refused.
    const reason =
      rule === 'RETURNED' ? tracked?.reasons?.returned : rule === 'EXTENSION_REFUSED' ? tracked?.reasons?.extensionRefused : undefined;
    return {
      kind: 'recommendation',
      id: subjectId,
      number: s?.number ?? '',
      text: s?.text ?? null,
      dueDate: s?.dueDate ?? null,
      reason: reason ?? null,
    };
  }

  /** Whether any notification waits for a daily digest. */
  digestsWaiting(): boolean {
    return !!this.db.prepare('SELECT 1 FROM sent WHERE via_digest = 1 AND digest_id IS NULL LIMIT 1').get();
  }

  /** Recipients with notifications due by `at` waiting for their digest. */
  digestRecipients(at: string): string[] {
    return this.db
      .prepare('SELECT DISTINCT recipient FROM sent WHERE via_digest = 1 AND digest_id IS NULL AND due_at <= ?')
      .pluck()
      .all(at) as string[];
  }

  digestItems(recipient: string, at: string): Array<{ id: string; rule: Rule; subjectId: string }> {
    return this.db
      .prepare(
        'SELECT id, rule, subject_id AS subjectId FROM sent WHERE recipient = ? AND via_digest = 1 AND digest_id IS NULL AND due_at <= ? ORDER BY due_at, position',
      )
      .all(recipient, at) as Array<{ id: string; rule: Rule; subjectId: string }>;
  }

  digestRecorded(id: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM digest WHERE id = ?').get(id);
  }

  /** Recipients with reminders waiting for their catch-up summary. */
  catchUpRecipients(): string[] {
    return this.db.prepare('SELECT DISTINCT recipient FROM pending WHERE catch_up = 1').pluck().all() as string[];
  }

  catchUpItems(recipient: string): Array<{ id: string; rule: Rule; subjectId: string; dueAt: string }> {
    return this.db
      .prepare(
        'SELECT id, rule, subject_id AS subjectId, due_at AS dueAt FROM pending WHERE recipient = ? AND catch_up = 1 ORDER BY due_at',
      )
      .all(recipient) as Array<{ id: string; rule: Rule; subjectId: string; dueAt: string }>;
  }

  /** Notifications due by now and not yet recorded as sent, and of them those waiting for a retry after a failure. */
  backlog(now: string): { due: number; retrying: number } {
    return this.db
      .prepare('SELECT count(*) FILTER (WHERE due_at <= ?) AS due, count(*) FILTER (WHERE attempts > 0) AS retrying FROM pending')
      .get(now) as { due: number; retrying: number };
  }

  /** Deliveries that failed and wait for their next attempt: the admin's list. */
  failing(): Array<{ id: string; recipient: string; rule: string; attempts: number; nextAttemptAt: string; lastError: string | null }> {
    return this.db
      .prepare(
        'SELECT id, recipient, rule, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError FROM pending WHERE attempts > 0 ORDER BY next_attempt_at',
      )
      .all() as ReturnType<DueQueries['failing']>;
  }
}
