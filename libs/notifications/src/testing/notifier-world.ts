import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { Clock } from '../clock';
import { SmtpMailSender } from '../mail-sender';
import { Notifier, NotifierOptions } from '../notifier';
import { NotifierDb } from '../notifier-db';
import { SmtpSink } from './smtp-sink';

/** A clock the test sets. */
export class FakeClock implements Clock {
  constructor(private t = 0) {}
  now = () => this.t;
  set = (iso: string) => void (this.t = Date.parse(iso));
}

/**
 * What the notifier's int-specs run in, made afresh for each test of the `describe` that calls
 * `NotifierWorld.use`: a temporary data dir, a log that records events at the fake clock's time, a
 * real SMTP server, and notifiers each on a file of its own; all of it closed and removed after.
 */
export class NotifierWorld {
  dir!: string;
  events!: EventStore;
  sink!: SmtpSink;
  readonly clock = new FakeClock();
  private smtpUrl!: string;
  private readonly running: Notifier[] = [];
  private readonly senders: SmtpMailSender[] = [];

  private constructor(private readonly o: { startsAt: string; mailTimeoutMs: number }) {}

  static use(o: { startsAt: string; mailTimeoutMs: number }): NotifierWorld {
    const world = new NotifierWorld(o);
    beforeEach(() => world.setUp());
    afterEach(() => world.tearDown());
    return world;
  }

  /** A started notifier named `name` (its file `<name>.sqlite`, its owner name) sending to the SMTP server. */
  async notifier(name: string, overrides: Partial<NotifierOptions> = {}, log: EventStore = this.events): Promise<Notifier> {
    const mail = new SmtpMailSender({ url: this.smtpUrl, from: 'kso@police.kz', timeoutMs: this.o.mailTimeoutMs });
    this.senders.push(mail);
    const n = new Notifier(log, new NotifierDb(this.dir, join(this.dir, `${name}.sqlite`)), {
      clock: this.clock,
      mail,
      messageIdDomain: 'police.kz',
      publicUrl: 'https://kso.example.kz',
      owner: name,
      ...overrides,
    });
    this.running.push(n);
    await n.start();
    return n;
  }

  /** Appends to `stream` and waits until every running notifier has applied it. */
  async append(stream: string, ...domainEvents: Array<{ type: string; data: object }>): Promise<void> {
    const result = await this.events.appendToStream(
      stream,
      domainEvents.map((e) => ({ id: crypto.randomUUID(), type: e.type, data: e.data as Record<string, unknown> })),
    );
    for (const n of this.running) await n.waitFor(result.position);
  }

  private async setUp(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'notifier-'));
    this.clock.set(this.o.startsAt);
    this.events = new SqliteEventStore({ dataDir: this.dir, now: () => new Date(this.clock.now()) });
    this.sink = new SmtpSink();
    this.smtpUrl = await this.sink.start();
  }

  private async tearDown(): Promise<void> {
    for (const n of this.running.splice(0)) {
      await n.stop();
      n.store.close();
    }
    for (const s of this.senders.splice(0)) s.close();
    await this.sink.stop();
    await this.events.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
