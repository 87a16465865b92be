import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { eventStoreConformance } from '../testing/event-store-conformance';
import { SqliteEventStore } from './sqlite-event-store';
import { StoreFileError } from './sqlite-file';
import { verifyStore } from '../verify';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gov-es-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

eventStoreConformance('sqlite', { open: async () => new SqliteEventStore({ dataDir: tempDir() }) });

describe('sqlite event store file', () => {
  it('uses WAL with synchronous=FULL', async () => {
    const store = new SqliteEventStore({ dataDir: tempDir() });
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await store.close();
  });

  it('refuses a file that is not SQLite', () => {
    const file = join(tempDir(), 'events.sqlite');
    writeFileSync(file, 'this is a spreadsheet, not an event log'.repeat(20));
    expect(() => new SqliteEventStore({ file })).toThrow(StoreFileError);
  });

  it('refuses a SQLite file that belongs to another application', () => {
    const file = join(tempDir(), 'events.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER)');
    db.close();
    expect(() => new SqliteEventStore({ file })).toThrow(/another application/);
  });

  it('refuses a file written by a newer schema', async () => {
    const dir = tempDir();
    await new SqliteEventStore({ dataDir: dir }).close();
    const db = new Database(join(dir, 'events.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteEventStore({ dataDir: dir })).toThrow(/newer version/);
  });

  it('keeps events across reopening the file', async () => {
    const dir = tempDir();
    const first = new SqliteEventStore({ dataDir: dir });
    await first.appendToStream('unit-1', [{ id: randomUUID(), type: 'A', data: { x: 'Қ' } }]);
    await first.close();
    const second = new SqliteEventStore({ dataDir: dir });
    expect((await second.readStream('unit-1'))[0]!.data).toEqual({ x: 'Қ' });
    await second.close();
  });

  describe('verify', () => {
    const seeded = async () => {
      const dir = tempDir();
      const store = new SqliteEventStore({ dataDir: dir });
      for (let i = 0; i < 3; i++) await store.appendToStream('recommendation-1', [{ id: randomUUID(), type: 'E', data: { i } }]);
      await store.appendToStream('recommendation-2', [{ id: randomUUID(), type: 'E', data: { i: 9 } }]);
      await store.close();
      return join(dir, 'events.sqlite');
    };
    const tamper = (file: string, sql: string) => {
      const db = new Database(file);
      db.exec(sql);
      db.close();
    };
    const verifyFile = async (file: string) => {
      const store = new SqliteEventStore({ file });
      try {
        return await verifyStore(store);
      } finally {
        await store.close();
      }
    };

    it('passes an untouched store', async () => {
      const report = await verifyFile(await seeded());
      expect(report).toMatchObject({ checked: 4, problems: [] });
    });

    it('detects an edited event', async () => {
      const file = await seeded();
      tamper(file, `UPDATE events SET data = '{"i":7}' WHERE stream_id = 'recommendation-1' AND revision = 1`);
      expect((await verifyFile(file)).problems).toEqual([
        expect.objectContaining({ streamId: 'recommendation-1', revision: '1', problem: 'EDITED' }),
      ]);
    });

    it('detects a removed event', async () => {
      const file = await seeded();
      tamper(file, `DELETE FROM events WHERE stream_id = 'recommendation-1' AND revision = 1`);
      const problems = (await verifyFile(file)).problems.map((p) => p.problem);
      expect(problems).toEqual(expect.arrayContaining(['REVISION_GAP', 'MISSING_OR_REORDERED']));
    });

    it('detects reordered events', async () => {
      const file = await seeded();
      tamper(
        file,
        `
        UPDATE events SET revision = -1 WHERE stream_id = 'recommendation-1' AND revision = 0;
        UPDATE events SET revision = 0 WHERE stream_id = 'recommendation-1' AND revision = 1;
        UPDATE events SET revision = 1 WHERE stream_id = 'recommendation-1' AND revision = -1;`,
      );
      expect((await verifyFile(file)).problems.length).toBeGreaterThan(0);
    });
  });
});

describe('sqlite bulk import', () => {
  it('appends to many streams in one transaction, and rolls all back when one conflicts', async () => {
    const store = new SqliteEventStore({ dataDir: tempDir() });
    const ev = () => ({ id: randomUUID(), type: 'E', data: {} });
    const results = store.appendBatch([
      { streamId: 'a', events: [ev(), ev()], expectedRevision: 'no_stream', recordedAt: new Date('2020-01-01T00:00:00Z') },
      { streamId: 'b', events: [ev()] },
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 0n]);
    expect((await store.readStream('a'))[0]!.recordedAt).toBe('2020-01-01T00:00:00.000Z');
    expect(() =>
      store.appendBatch([
        { streamId: 'c', events: [ev()] },
        { streamId: 'a', events: [ev()], expectedRevision: 'no_stream' },
      ]),
    ).toThrow();
    expect(await store.readStream('c')).toEqual([]);
    await store.close();
  });
});

describe('sqlite group commit', () => {
  const ev = (type = 'E') => ({ id: randomUUID(), type, data: {} });

  it('commits appends issued in the same turn in one transaction, in the order they were issued', async () => {
    const store = new SqliteEventStore({ dataDir: tempDir() });
    const before = store.commitStats();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.appendToStream(i < 5 ? 'same' : `other-${i}`, [ev(`E${i}`)])),
    );
    expect(store.commitStats()).toEqual({ commits: before.commits + 1, appends: before.appends + 10 });
    expect(results.slice(0, 5).map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(results.map((r) => r.position)).toEqual(results.map((_, i) => BigInt(i + 1)));
    expect((await store.readStream('same')).map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
    await store.appendToStream('same', [ev()]);
    expect(store.commitStats().commits).toBe(before.commits + 2);
    await store.close();
  });

  it('commits each append on its own when group commit is off', async () => {
    const store = new SqliteEventStore({ dataDir: tempDir(), groupCommit: false });
    await Promise.all(Array.from({ length: 4 }, () => store.appendToStream('solo', [ev()])));
    expect(store.commitStats()).toEqual({ commits: 4, appends: 4 });
    expect((await store.readStream('solo')).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    await store.close();
  });

  it('undoes a failing append alone while the rest of its group commits', async () => {
    const store = new SqliteEventStore({ dataDir: tempDir() });
    const twice = ev('Twice');
    // The second insert of the same event id fails after the first went in: its savepoint undoes both.
    const [before, failing, after] = await Promise.allSettled([
      store.appendToStream('a', [ev('A')]),
      store.appendToStream('broken', [twice, ev('Between'), twice]),
      store.appendToStream('a', [ev('B')]),
    ]);
    expect(failing.status).toBe('rejected');
    expect(before).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(after).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1n } });
    expect(await store.readStream('broken')).toEqual([]);
    expect((await store.readAll()).map((e) => e.type)).toEqual(['A', 'B']);
    expect(store.commitStats()).toEqual({ commits: 1, appends: 3 });
    await store.close();
  });

  it('commits appends still queued when the store closes', async () => {
    const dir = tempDir();
    const store = new SqliteEventStore({ dataDir: dir });
    const pending = store.appendToStream('late', [ev('Late')]);
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
    const reopened = new SqliteEventStore({ dataDir: dir });
    expect((await reopened.readStream('late')).map((e) => e.type)).toEqual(['Late']);
    await reopened.close();
  });
});
