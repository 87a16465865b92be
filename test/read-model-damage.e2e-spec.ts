import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Answer, GqlResult, RunningApp, codeOf, gql, health, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';
import { mutate } from './support/scenario';

const UNITS = '{ units { id name { ru } } }';

/**
 * Overwrites the middle third of the `units` table's leaf pages in a stopped app's read model with
 * bytes no page holds, as a failing disk would. After a clean stop the WAL is checkpointed away;
 * after a crash it holds only what the last start wrote (not the units).
 */
function damageUnitPages(dataDir: string, stopped: 'cleanly' | 'crashed'): number[] {
  const file = join(dataDir, 'read-model.sqlite');
  if (stopped === 'cleanly') expect(existsSync(`${file}-wal`)).toBe(false);
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'units' AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all() as number[];
  db.close();
  expect(leaves.length).toBeGreaterThan(6);
  const damaged = leaves.slice(Math.floor(leaves.length / 3), Math.floor((2 * leaves.length) / 3));
  const fd = openSync(file, 'r+');
  try {
    for (const page of damaged) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return damaged;
}

describe('a damaged read model is rebuilt by the service itself, and answers UNAVAILABLE meanwhile', () => {
  let app: RunningApp;
  let oversight: string;
  let expected: Answer;

  beforeAll(async () => {
    app = await startApp();
    const admin = await token(['admin'], 'Администратор');
    oversight = await token(['oversight'], 'Прокурор');
    // Enough units (long names) for the table to span a few dozen pages of the file.
    for (let i = 0; i < 300; i++)
      await mutate(app, 'registerUnit', { name: { ru: `Отдел ${i} ${'ж'.repeat(300)}` }, kind: 'SERVICE' }, admin, 'unit { id }');
    expected = (await gql(app.url, UNITS, {}, oversight)).data!;
    expect(expected.units).toHaveLength(300);
  }, 300_000);
  afterAll(() => app?.cleanup());

  /** Each answer while the damage lasts: UNAVAILABLE naming it, or the right units, never anything else. */
  const judge = (answer: GqlResult) => {
    if (codeOf(answer) === 'OK') return expect(answer.data).toEqual(expected);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAVAILABLE', details: { resource: 'read model', reason: 'DAMAGED' } });
  };

  it('damage met by a query while serving: UNAVAILABLE and /health says so, then the right answer without npm run rebuild', async () => {
    await app.stop();
    damageUnitPages(app.dataDir, 'cleanly');
    // A clean stop: nothing tells the new start to check the file, so the first query that reads the damage finds it.
    await app.restart();
    const first = await gql(app.url, UNITS, {}, oversight);
    expect(codeOf(first)).toBe('UNAVAILABLE');
    judge(first);
    const down = await health(app);
    expect(down.status).toBe(503);
    expect(down.body.error?.readModel).toMatchObject({
      status: 'down',
      error: expect.stringMatching(/read model is unavailable: its file is damaged/),
    });

    await eventually(async () => expect((await gql(app.url, UNITS, {}, oversight)).data).toEqual(expected));
    await eventually(async () => expect((await health(app)).status).toBe(200));
    await app.waitForOutput(/now serving read model version/);
  }, 180_000);

  it('damage found at start after an unclean shutdown (quick_check): served as UNAVAILABLE or right, never an internal error, and rebuilt', async () => {
    // Checkpointed by a clean stop, then a start that is killed: the next start knows it was not shut down cleanly.
    await app.stop();
    await app.restart();
    await app.kill();
    damageUnitPages(app.dataDir, 'crashed');
    const answers: GqlResult[] = [];
    let asking = true;
    const asker = (async () => {
      while (asking) {
        try {
          answers.push(await gql(app.url, UNITS, {}, oversight));
        } catch {
          // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      // restart() returns once /health answers ok: after the rebuilt file is served.
      await app.restart();
      await app.waitForOutput(/read-model\.sqlite is damaged \(quick_check: /);
      await eventually(async () => expect((await gql(app.url, UNITS, {}, oversight)).data).toEqual(expected));
    } finally {
      asking = false;
      await asker;
    }
    answers.forEach(judge);
    expect((await health(app)).status).toBe(200);
  }, 180_000);
});
