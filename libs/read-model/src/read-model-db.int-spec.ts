import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReadModelDb } from './read-model-db';
import { RecommendationQueries } from './projections/recommendation-rows.queries';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('statements that follow the served read-model file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gov-rmdb-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('unfiltered stats asked 100 000 times keep the heap flat and replay their statement mode once on a file swap', () => {
    const rm = new ReadModelDb(dir);
    const queries = new RecommendationQueries(rm.db);
    const now = new Date('2026-06-01T00:00:00Z');
    const ask = (times: number) => {
      for (let i = 0; i < times; i++) queries.stats({ now, groupBy: 'BODY' });
    };
    ask(1_000);
    const before = heapAfterGc();
    ask(100_000);
    // The old proxy kept one entry per `.raw()` call: ~7 MB over these calls.
    expect(heapAfterGc() - before).toBeLessThan(1_000_000);

    const statementProto = Object.getPrototypeOf(rm.connection.prepare('SELECT 1')) as { raw: (...a: unknown[]) => unknown };
    const raw = jest.spyOn(statementProto, 'raw');
    rm.replaceWith(new ReadModelDb(dir, join(dir, 'next.sqlite')));
    ask(1);
    // Once, when the statement is prepared on the new file (the query's own call is recorded for it).
    expect(raw).toHaveBeenCalledTimes(1);
    raw.mockRestore();
    expect(queries.stats({ now, groupBy: 'BODY' })).toEqual([]);
    rm.close();
  });
});
