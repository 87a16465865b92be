import { Browser, Request } from 'playwright-core';
import { PostgresCluster, startPostgresCluster } from '../../libs/event-store/src/testing/postgres-cluster';
import { RunningApp, startApp, token } from '../support/app-process';
import { RoundRobinProxy, startRoundRobinProxy } from '../support/round-robin-proxy';
import { launchBrowser, newPage, problemsOf } from './browser';
import { signInWith } from './work';

const isGraphql = (r: Request) => new URL(r.url()).pathname === '/graphql' && r.method() === 'POST';
const asks = (r: Request, field: string) => ((r.postDataJSON() as { query?: string } | null)?.query ?? '').includes(field);

/**
 * Read-your-writes in the browser: two replicas on one PostgreSQL log behind a balancer that sends
 * every request to the other replica than the one before, so the screen after a write is usually
 * read from the replica that did not take it. The web app sends the position its mutation answered
 * as `x-after-position`, and that replica answers only once it shows the write.
 */
describe('the web app across two replicas behind a round-robin balancer', () => {
  let cluster: PostgresCluster;
  let replicas: RunningApp[];
  let proxy: RoundRobinProxy;
  let browser: Browser;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('web_read_your_writes');
    replicas = [];
    // One after another: the first creates the schema.
    for (let i = 0; i < 2; i++) replicas.push(await startApp({ POSTGRES_URL: url }, 'npm start'));
    [proxy, browser] = await Promise.all([startRoundRobinProxy(replicas), launchBrowser()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await Promise.all((replicas ?? []).map((r) => r.cleanup()));
    await cluster?.destroy();
  });

  it('shows each unit the admin registers on the very next screen, read from the other replica too', async () => {
    const { context, page } = await newPage(browser, proxy.url, 'ru');
    // What the page sent, in order, and where each registration's answer falls among its requests.
    const seen: Array<{ request: Request } | { wrote: Request }> = [];
    page.on('request', (request) => isGraphql(request) && seen.push({ request }));
    // Once its whole answer is in: the page can act on it from then on.
    page.on('requestfinished', (request) => isGraphql(request) && asks(request, 'registerUnit') && seen.push({ wrote: request }));
    await signInWith(page, await token(['admin'], 'Администратор'), '/admin/units');
    await page.getByRole('heading', { level: 1, name: 'Подразделения' }).waitFor();

    let readElsewhere = 0;
    // Until a read after a write has landed on the other replica (a page's first visit also fetches
    // its script, which can shift the turn), and at least twice.
    for (let round = 1; round <= 2 || (readElsewhere === 0 && round <= 8); round++) {
      const name = `Отдел ${round}`;
      const form = page.getByRole('form', { name: 'Зарегистрировать подразделение' });
      await form.getByLabel('На русском').fill(name);
      const from = seen.length;
      await form.getByRole('button', { name: 'Зарегистрировать подразделение' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();

      const at = seen.findIndex((s, i) => i >= from && 'wrote' in s);
      expect(at).toBeGreaterThanOrEqual(from);
      const wrote = (await (seen[at] as { wrote: Request }).wrote.response())!;
      const position = BigInt(((await wrote.json()) as { data: { registerUnit: { position: string } } }).data.registerUnit.position);
      const after = seen.slice(at + 1).map((s) => (s as { request: Request }).request);
      // Every request the page sent once the write had answered waits for it, wherever it lands.
      expect(after.length).toBeGreaterThan(0);
      for (const request of after) expect(BigInt(request.headers()['x-after-position'] ?? '0')).toBeGreaterThanOrEqual(position);
      // The screen's list came from the replica that took the write, or from the other one (a refetch
      // the page dropped for a newer one has no answer).
      const replicasRead = await Promise.all(
        after.filter((r) => asks(r, 'query Organisation')).map(async (r) => (await r.response())?.headers()['x-replica']),
      );
      if (replicasRead.some((replica) => replica !== undefined && replica !== wrote.headers()['x-replica'])) readElsewhere++;
      await page.getByRole('navigation', { name: 'Вы здесь' }).getByRole('link', { name: 'Подразделения' }).click();
      await page.getByRole('link', { name }).waitFor();
    }
    expect(readElsewhere).toBeGreaterThan(0);
    expect(new Set(proxy.served)).toEqual(new Set([0, 1]));
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  }, 180_000);
});
