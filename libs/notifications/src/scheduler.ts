import { DAY_MS } from '@gov/domain';
import { Clock } from './clock';
import { DEFAULT_DIGEST, DigestSchedule, catchUpId, digestId, digestMoment, renderCatchUp, renderDigest } from './digest';
import { DueQueries, DueRow } from './due-queries';
import { Leases } from './lease';
import { DeliveryFailure, MailSender, OutgoingMail, deliveryFailure } from './mail-sender';
import { renderMessage } from './messages';
import { NotificationsProjection } from './notifications.projection';
import { RuleConfig, latestOccurrence } from './rules';

/** What became of one delivery attempt: recorded as sent (`digest` for a daily digest or a catch-up summary), or failed and waiting to retry. */
export type DeliveryOutcome = { result: 'sent'; kind: 'message' | 'digest' } | { result: 'failed'; reason: DeliveryFailure };

export interface TickResult {
  sent: number;
  failed: number;
  skipped: number;
  expired: number;
  /** Daily digests sent. */
  digests: number;
  /** Catch-up summaries sent (after a first pass over a history, or a rules change). */
  summaries: number;
}

export interface SchedulerOptions {
  clock: Clock;
  mail: MailSender | null;
  messageIdDomain: string;
  publicUrl: string;
  rules: RuleConfig;
  digest?: DigestSchedule;
  /** Notifications (other than overdue ones) this much past their moment are dropped, not sent late: the window is for outages. */
  staleAfterMs: number;
  /** Deliveries in flight at once during a tick. */
  concurrency: number;
  /** Resolves once the projection has applied the log as it stands (what this tick recorded included). */
  caughtUp: () => Promise<void>;
  report: (outcome: DeliveryOutcome) => void;
}

/** Asks the projection what is due, claims each in the log, sends it, and records the outcome. */
export class Scheduler {
  private stopped = false;

  constructor(
    private readonly due: DueQueries,
    private readonly projection: NotificationsProjection,
    private readonly leases: Leases,
    private readonly options: SchedulerOptions,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  async tick(limit: number): Promise<TickResult> {
    const now = this.options.clock.now();
    const rows = this.due.due(new Date(now).toISOString(), limit);
    const result: TickResult = { sent: 0, failed: 0, skipped: 0, expired: 0, digests: 0, summaries: 0 };
    let next = 0;
    // A few deliveries in flight at once: each waits on the SMTP server and on two appends.
    const worker = async () => {
      while (next < rows.length && !this.stopped) {
        const row = rows[next++]!;
        let dueAt = row.due_at;
        if (row.rule === 'OVERDUE') {
          // Weeks missed while nothing ran collapse into the latest: a unit is not sent a backlog. The
          // message keeps the planned row's id, so its claim and failures land on the row the failing
          // list reads, and notifiers whose clocks fall in different weeks still claim one message.
          dueAt = latestOccurrence(row.due_at, now, this.options.rules.overdueRepeatDays);
        } else if (Date.parse(row.due_at) < now - this.options.staleAfterMs) {
          this.projection.expire(row.id);
          result.expired += 1;
          continue;
        }
        result[await this.deliver(row, dueAt, now)] += 1;
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    // What is waiting for a digest or a summary is what the projection has applied: caught up first,
    // or one recorded by another notifier but not yet applied here would go out again.
    const listed = await this.options.caughtUp().then(
      () => true,
      () => false,
    );
    if (listed && !this.stopped) {
      result.summaries = await this.sendCatchUps(now);
      result.digests = await this.sendDigests(now);
      await this.options.caughtUp().catch(() => undefined);
    }
    return result;
  }

  /** Claim in the log, send, record. A recipient who chose the daily digest gets it recorded (and listed in the app) now, emailed in the day's digest. */
  private async deliver(row: DueRow, dueAt: string, now: number): Promise<'sent' | 'failed' | 'skipped'> {
    const { id } = row;
    if ((await this.leases.claim(id, now)).state !== 'claimed') return 'skipped';
    const { emails, language, digest } = this.due.contactOf(row.recipient);
    const message = renderMessage(
      row.rule,
      this.due.subjectOf(row.subject_id, row.rule),
      language,
      this.options.publicUrl,
      this.options.rules,
    );
    const messageId = this.messageId(id);
    const mail = this.options.mail;
    const emailed = !!mail && emails.length > 0 && !digest;
    if (emailed && !(await this.send(id, { to: emails, subject: message.subject, text: message.text, html: message.html, messageId }, now)))
      return 'failed';
    await this.leases.sent(
      {
        notificationId: id,
        recipient: row.recipient,
        rule: row.rule,
        subjectId: row.subject_id,
        subjectKind: row.subject_kind,
        dueAt,
        sentAt: new Date(now).toISOString(),
        emails: emailed ? emails : [],
        language,
        messageId: emailed ? messageId : null,
        title: message.subject,
        ...(mail && emails.length > 0 && digest ? { digest: true as const } : {}),
      },
      now,
    );
    this.options.report({ result: 'sent', kind: 'message' });
    return 'sent';
  }

  /** Sends one claimed message; a failure is recorded in the log with its backoff, which every notifier honours. */
  private async send(id: string, mail: OutgoingMail, now: number): Promise<boolean> {
    try {
      await this.options.mail!.send(mail);
      return true;
    } catch (error) {
      const reason = deliveryFailure(error);
      this.options.report({ result: 'failed', reason });
      await this.leases.failed(id, reason, (error as Error).message, now);
      return false;
    }
  }

  /**
   * Each recipient who has notifications waiting for a digest gets one message for the latest digest
   * moment (DIGEST_HOUR of a local day) listing those due by then, under an id from the recipient and the day.
   */
  private async sendDigests(now: number): Promise<number> {
    if (!this.options.mail || !this.due.digestsWaiting()) return 0;
    const { day, at } = digestMoment(now, this.options.digest ?? DEFAULT_DIGEST);
    let sent = 0;
    for (const recipient of this.due.digestRecipients(at)) {
      const id = digestId(recipient, day);
      if (this.stopped || this.due.digestRecorded(id)) continue;
      const { emails, language } = this.due.contactOf(recipient);
      if (emails.length === 0) continue; // the addresses were removed: the notifications stay listed in the app
      if ((await this.leases.claim(id, now)).state !== 'claimed') continue;
      const items = this.due.digestItems(recipient, at);
      const lines = items.map((i) => ({ rule: i.rule, subject: this.due.subjectOf(i.subjectId, i.rule) }));
      const message = renderDigest(day, lines, language, this.options.publicUrl, this.options.rules);
      const messageId = this.messageId(id);
      if (!(await this.send(id, { to: emails, ...message, messageId }, now))) continue;
      const notificationIds = items.map((i) => i.id);
      await this.leases.digestSent(
        { digestId: id, recipient, day, notificationIds, sentAt: new Date(now).toISOString(), emails, language, messageId },
        now,
      );
      this.options.report({ result: 'sent', kind: 'digest' });
      sent += 1;
    }
    return sent;
  }

  /**
   * After a first pass over a history: each recipient gets one summary of what was already due,
   * instead of each reminder on its own, under an id from the recipient and the rules, so whichever
   * notifier claims it first sends it and the others leave those reminders be.
   */
  private async sendCatchUps(now: number): Promise<number> {
    let sent = 0;
    for (const recipient of this.due.catchUpRecipients()) {
      const id = catchUpId(recipient, this.options.rules);
      if (this.stopped || this.due.digestRecorded(id)) continue;
      if ((await this.leases.claim(id, now)).state !== 'claimed') continue;
      const items = this.due.catchUpItems(recipient);
      const { emails, language } = this.due.contactOf(recipient);
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.rule] = (counts[i.rule] ?? 0) + 1;
      const listed = items.slice(-CATCH_UP_LISTED).map((i) => ({ ...i, subject: this.due.subjectOf(i.subjectId, i.rule) }));
      const day = new Date(now).toISOString().slice(0, 10);
      const message = renderCatchUp(counts, listed, language, this.options.publicUrl, this.options.rules);
      const messageId = this.messageId(id);
      const emailed = !!this.options.mail && emails.length > 0;
      if (emailed && !(await this.send(id, { to: emails, ...message, messageId }, now))) continue;
      await this.leases.digestSent(
        {
          digestId: id,
          recipient,
          day,
          notificationIds: listed.map((i) => i.id),
          sentAt: new Date(now).toISOString(),
          emails: emailed ? emails : [],
          language,
          messageId,
          kind: 'catch-up',
          counts,
        },
        now,
      );
      if (emailed) this.options.report({ result: 'sent', kind: 'digest' });
      sent += 1;
    }
    return sent;
  }

  private messageId(id: string): string {
    return `<${id}@${this.options.messageIdDomain}>`;
  }
}

/** A summary lists the most recent reminders of each recipient by name and counts the rest. */
const CATCH_UP_LISTED = 50;

export const DEFAULT_STALE_MS = 3 * DAY_MS;
