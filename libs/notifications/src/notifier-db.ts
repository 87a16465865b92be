import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteFile } from '@gov/event-store';

const NOTIFIER_APPLICATION_ID = 0x4e4f5446; // "NOTF"

const MIGRATIONS = [
  {
    version: 1,
    up: `
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
      INSERT INTO checkpoint (id, position) VALUES (1, 0);
      -- What the notifier knows about each recommendation or meeting (JSON of Tracked).
      CREATE TABLE tracked (subject_id TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE contacts (recipient TEXT PRIMARY KEY, emails TEXT NOT NULL, language TEXT NOT NULL);
      -- Notifications due now or later, not yet recorded as sent.
      CREATE TABLE pending (
        id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, subject_kind TEXT NOT NULL, recipient TEXT NOT NULL,
        rule TEXT NOT NULL, cycle INTEGER NOT NULL, due_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
      CREATE INDEX pending_next ON pending (next_attempt_at);
      CREATE INDEX pending_subject ON pending (subject_id);
      -- Every NotificationSent in the log: the in-app list and the "already sent" set.
      CREATE TABLE sent (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, recipient TEXT NOT NULL, rule TEXT NOT NULL,
        subject_id TEXT NOT NULL, subject_kind TEXT NOT NULL, due_at TEXT NOT NULL, sent_at TEXT NOT NULL,
        emails TEXT NOT NULL, message_id TEXT, title TEXT NOT NULL);
      CREATE INDEX sent_recipient ON sent (recipient, position DESC);
      CREATE TABLE read_mark (sub TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (sub, id)) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    up: `
      -- Daily digests: a recipient's choice, and which notifications waited for (then went out in) a digest.
      ALTER TABLE contacts ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sent ADD COLUMN via_digest INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sent ADD COLUMN digest_id TEXT;
      CREATE INDEX sent_digest_waiting ON sent (recipient, due_at) WHERE via_digest = 1 AND digest_id IS NULL;
      -- Every DigestSent in the log.
      CREATE TABLE digest (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, day TEXT NOT NULL, position INTEGER NOT NULL, sent_at TEXT NOT NULL);
      -- The rules the pending reminders were planned with: others, and they are planned again.
      CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];

/** The notifier's own SQLite file in the data dir: its checkpoint, what is due, what was sent, who read what. */
export class NotifierDb {
  readonly db: Database.Database;

  constructor(dataDir: string, file = join(dataDir, 'notifications.sqlite')) {
    this.db = openSqliteFile(file, NOTIFIER_APPLICATION_ID, MIGRATIONS, 'notifier');
    // The log can rebuild all of it but the read marks, which are small and rare.
    this.db.pragma('synchronous = NORMAL');
  }

  checkpoint(): bigint {
    return BigInt((this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: number }).position);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
