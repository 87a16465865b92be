import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteFile } from '@gov/event-store';
import {
  PROJECTION_TABLES,
  PROJECTION_TABLE_NAMES,
  PROJECTION_VERSION,
  QUERY_INDEXES,
  READ_MODEL_APPLICATION_ID,
  READ_MODEL_MIGRATIONS,
} from './schema';

/** The read model's SQLite file: projected tables plus the checkpoint they are consistent with. */
export class ReadModelDb {
  readonly db: Database.Database;
  readonly file: string;
  private readonly readCheckpoint;
  private readonly writeCheckpoint;

  constructor(dataDir: string, file = join(dataDir, 'read-model.sqlite')) {
    this.file = file;
    this.db = openSqliteFile(file, READ_MODEL_APPLICATION_ID, READ_MODEL_MIGRATIONS, 'read model');
    // The log is the durable truth and the projector can replay it, so the read side trades fsyncs for speed.
    this.db.pragma('synchronous = NORMAL');
    this.readCheckpoint = this.db.prepare('SELECT position, projection_version AS v FROM checkpoint WHERE id = 1');
    this.writeCheckpoint = this.db.prepare('UPDATE checkpoint SET position = ?, projection_version = ? WHERE id = 1');
    if (this.checkpoint().projectionVersion !== PROJECTION_VERSION) this.reset();
  }

  checkpoint(): { position: bigint; projectionVersion: number } {
    const row = this.readCheckpoint.get() as {
      position: number;
      v: number;
    };
    return { position: BigInt(row.position), projectionVersion: row.v };
  }

  /** Records that the projected tables include the log up to `position`; inside the projector's transaction. */
  saveCheckpoint(position: bigint): void {
    this.writeCheckpoint.run(Number(position), PROJECTION_VERSION);
  }

  /** Drops every projected table and the checkpoint: the next start replays the whole log. */
  reset(): void {
    this.db.transaction(() => {
      for (const table of PROJECTION_TABLE_NAMES) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(PROJECTION_TABLES);
      this.saveCheckpoint(0n);
    })();
  }

  /** Builds the query indexes a replay from zero left out; a no-op once they exist. */
  ensureIndexes(): void {
    this.db.exec(QUERY_INDEXES);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
