import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteFile } from '@gov/event-store';
import { NOTIFICATIONS_MIGRATIONS } from './notifications.projection';

const NOTIFIER_APPLICATION_ID = 0x4e4f5446; // "NOTF"
export const NOTIFIER_FILE = 'notifications.sqlite';

/** The notifier's own SQLite file in the data dir: the notifications projection's tables and its checkpoint. */
export class NotifierDb {
  readonly db: Database.Database;

  constructor(dataDir: string, file = join(dataDir, NOTIFIER_FILE)) {
    this.db = openSqliteFile(file, NOTIFIER_APPLICATION_ID, NOTIFICATIONS_MIGRATIONS, 'notifier');
    // The log can rebuild all of it (read marks too: they are events).
    this.db.pragma('synchronous = NORMAL');
  }

  checkpoint(): bigint {
    return BigInt((this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: number }).position);
  }

  saveCheckpoint(position: bigint): void {
    this.db.prepare('UPDATE checkpoint SET position = ? WHERE id = 1').run(Number(position));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
