// npm run bench:web -- [--rounds R] [--only oversight/register,secretary/queue] [--waterfall]
// Every screen of every role on `npm run demo`'s history, in Chromium throttled as a district
// officer's phone (1.6 Mbps down, 750 kbps up, 150 ms latency, a 4× slower CPU): the time from
// navigation to the screen's ready marker (its own figures or list shown, its controls wired), as a
// ratio to a static page served by the same app in the same run; and the first load, the compressed
// JavaScript whose download started before that marker. Each visit is a fresh browser context, so
// nothing is cached.
import { ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Browser } from 'playwright-core';
import { signToken } from '../apps/api/src/auth/sign-token';
import { freePort } from '../test/support/app-process';
import { PHONE, launchBrowser } from '../test/web/browser';

const ROOT = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    /** Screens as role/name, comma-separated (the static page is always measured): to compare a change on a few. */
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/web.json') },
    /** Prints each screen's requests of its last visit (start, first byte, end, bytes): where its time went. */
    waterfall: { type: 'boolean', default: false },
  },
});
const SECRET = 'bench-secret-long-enough-for-hs256-signing';
/** The demo's data dir: filled on the first run (seconds), served as it is on the next. */
const DATA = join(ROOT, 'bench/results/tmp/web-demo');
const STATIC = 'bench-static.html';
/** Chromium DevTools' "Fast 3G": what the issue names as a district officer's phone. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;
/** Targets from issue #24. */
const TARGET_MS = 3000;
const TARGET_FIRST_LOAD_KB = 250;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfNeeded } = require('../scripts/build-if-needed') as { buildIfNeeded: () => string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `npm run demo` on the bench's own data dir, with signed tokens accepted; resolves once it serves. */
async function startDemo(): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.js'), 'apps/api/src/cli/demo.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      GRPC_PORT: String(await freePort()),
      GOVERNANCE_DATA_DIR: DATA,
      AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '100000000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Demo ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm run demo exited (${code}) before it was ready`)));
  });
  child.stdout.resume();
  return { child, base: `http://127.0.0.1:${port}` };
}

async function gql<T>(base: string, token: string, query: string): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface Screen {
  role: string;
  name: string;
  path: string;
  token?: string;
}

/** Every screen of every role, on the demo's Karaganda body and its first district unit. */
async function screens(base: string): Promise<Screen[]> {
  const oversight = await signToken(SECRET, { roles: ['oversight'], name: 'Bench' });
  const admin = await signToken(SECRET, { roles: ['admin'], name: 'Bench' });
  const org = await gql<{ bodies: Array<{ id: string }>; units: Array<{ id: string; name: { ru: string | null } }> }>(
    base,
    oversight,
    '{ bodies { id } units { id name { ru } } }',
  );
  const body = org.bodies[0]!.id;
  const unit = org.units.find((u) => u.name.ru === 'УП района имени Казыбек би')!.id;
  const data = await gql<{
    meetings: { nodes: Array<{ id: string; published: boolean; recommendations: Array<{ id: string }> }> };
    ofUnit: { edges: Array<{ node: { id: string } }> };
  }>(
    base,
    oversight,
    `{
      meetings(first: 50, filter: { bodyIds: ["${body}"] }) { nodes { id published recommendations { id } } }
      ofUnit: recommendations(first: 1, filter: { unitId: "${unit}", leadOnly: true, statuses: [IN_PROGRESS] }) { edges { node { id } } }
    }`,
  );
  const published = data.meetings.nodes.find((m) => m.published && m.recommendations.length)!;
  const meeting = published.id;
  const secretary = await signToken(SECRET, { roles: [`secretary:${body}`], name: 'Bench' });
  const unitToken = await signToken(SECRET, { roles: [`unit:${unit}`], name: 'Bench' });
  const rec = published.recommendations[0]!.id;
  return [
    { role: 'public', name: 'home', path: '/' },
    { role: 'public', name: 'body', path: `/bodies/${body}` },
    { role: 'public', name: 'meeting', path: `/meetings/${meeting}` },
    { role: 'public', name: 'register', path: '/recommendations' },
    { role: 'public', name: 'recommendation', path: `/recommendations/${rec}` },
    { role: 'public', name: 'signin', path: '/signin' },
    { role: 'oversight', name: 'dashboard', path: '/dashboard', token: oversight },
    { role: 'oversight', name: 'register', path: '/register', token: oversight },
    { role: 'secretary', name: 'meetings', path: `/secretary?body=${body}`, token: secretary },
    { role: 'secretary', name: 'meeting', path: `/secretary/meetings/${meeting}`, token: secretary },
    { role: 'secretary', name: 'queue', path: '/secretary/queue', token: secretary },
    { role: 'secretary', name: 'members', path: '/secretary/members', token: secretary },
    { role: 'unit', name: 'inbox', path: '/unit', token: unitToken },
    { role: 'unit', name: 'recommendation', path: `/unit/recommendations/${data.ofUnit.edges[0]!.node.id}`, token: unitToken },
    { role: 'admin', name: 'home', path: '/admin', token: admin },
    { role: 'admin', name: 'units', path: '/admin/units', token: admin },
    { role: 'admin', name: 'unit', path: `/admin/units/${unit}`, token: admin },
    { role: 'admin', name: 'bodies', path: '/admin/bodies', token: admin },
    { role: 'admin', name: 'body', path: `/admin/bodies/${body}`, token: admin },
  ];
}

interface Sample {
  /** Navigation start to the ready marker (the static page: to its load event). */
  ms: number;
  /** Compressed bytes of the scripts requested before the marker. */
  firstLoadJs: number;
  /** Every request up to the marker: path, start, first byte and end (ms since navigation), bytes on the wire. */
  requests: Array<{ path: string; start: number; firstByte: number; end: number; bytes: number }>;
}

/** One first visit, throttled; the timings are the page's own (performance marks, resource timing). */
async function visit(browser: Browser, url: string, token: string | undefined, throttled: boolean): Promise<Sample> {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: PHONE });
  if (token) await context.addInitScript((t) => sessionStorage.setItem('gov.session', t), token);
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  try {
    await page.goto(url, { waitUntil: 'commit' });
    // A screen that never sets its marker is a defect: name it rather than time out silently.
    await page
      // A function, not a string: the page's CSP forbids evaluating strings while polling.
      .waitForFunction(
        () => {
          const doc = (
            globalThis as unknown as { document: { body?: { dataset: Record<string, string | undefined> }; readyState: string } }
          ).document;
          return Boolean(doc.body?.dataset.ready) && doc.readyState === 'complete';
        },
        undefined,
        { timeout: 60_000, polling: 50 },
      )
      .catch((error: Error) => {
        throw new Error(`${url} set no ready marker: ${error.message}`);
      });
    // Runs in the page (a string: the bench is type-checked without the DOM's types).
    return await page.evaluate<Sample>(`(() => {
      const mark = performance.getEntriesByName('screen-ready').at(-1);
      const at = mark ? mark.startTime : performance.getEntriesByType('navigation')[0].loadEventStart;
      const before = performance.getEntriesByType('resource').filter((r) => r.startTime <= at);
      const scripts = before.filter((r) => new URL(r.name).pathname.endsWith('.js'));
      const nav = performance.getEntriesByType('navigation')[0];
      const requests = [nav, ...before].map((r) => ({
        path: new URL(r.name).pathname,
        start: Math.round(r.startTime),
        firstByte: Math.round(r.responseStart),
        end: Math.round(r.responseEnd),
        bytes: r.transferSize || r.encodedBodySize,
      }));
      return { ms: at, firstLoadJs: scripts.reduce((sum, r) => sum + r.encodedBodySize, 0), requests };
    })()`);
  } finally {
    await context.close();
  }
}

async function main() {
  // Built before the static page is written into the web app's build folder (a build empties it).
  buildIfNeeded();
  const staticFile = join(ROOT, 'apps/web/dist', STATIC);
  // The same bytes any screen's shell needs: a document the app serves, with its marker and no script.
  writeFileSync(
    staticFile,
    '<!doctype html><html lang="ru"><meta charset="utf-8"><title>static</title><body data-ready="static"><h1>Static page</h1></body></html>',
  );
  console.log(`Starting npm run demo on ${DATA}…`);
  const { child, base } = await startDemo();
  process.on('exit', () => child.kill('SIGKILL'));
  const browser = await launchBrowser();
  try {
    const only = values.only?.split(',');
    const chosen = (await screens(base)).filter((s) => !only || only.includes(`${s.role}/${s.name}`));
    if (only && chosen.length !== only.length) throw new Error(`--only names a screen that is not measured: ${values.only}`);
    const all: Screen[] = [{ role: 'baseline', name: 'static page', path: `/${STATIC}` }, ...chosen];
    // One unthrottled visit each warms the server's caches, then the rounds interleave every screen.
    for (const s of all) await visit(browser, `${base}${s.path}`, s.token, false);
    const samples = new Map<Screen, Sample[]>(all.map((s) => [s, []]));
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const s of all) samples.get(s)!.push(await visit(browser, `${base}${s.path}`, s.token, true));
      console.log(`round ${round + 1} of ${values.rounds} done`);
    }
    const staticMs = median(samples.get(all[0]!)!.map((x) => x.ms));
    const rows = all.map((s) => {
      const list = samples.get(s)!;
      const ms = median(list.map((x) => x.ms));
      return {
        role: s.role,
        screen: s.name,
        usableMs: Math.round(ms),
        ratioToStatic: +(ms / staticMs).toFixed(1),
        firstLoadJsKb: +(Math.max(...list.map((x) => x.firstLoadJs)) / 1024).toFixed(1),
        withinTargets:
          s.role === 'baseline'
            ? ''
            : ms <= TARGET_MS && Math.max(...list.map((x) => x.firstLoadJs)) < TARGET_FIRST_LOAD_KB * 1024
              ? 'yes'
              : 'NO',
      };
    });
    console.table(rows);
    if (values.waterfall)
      for (const s of all.slice(1)) {
        const last = samples.get(s)!.at(-1)!;
        console.log(`${s.role}/${s.name}: ready at ${Math.round(last.ms)} ms`);
        console.table(last.requests);
      }
    const byRole: Record<string, number> = {};
    for (const r of rows) if (r.role !== 'baseline') byRole[r.role] = Math.max(byRole[r.role] ?? 0, r.firstLoadJsKb);
    console.log('first-load JavaScript per role (largest screen, KB compressed):', byRole);
    writeFileSync(
      values.out,
      JSON.stringify(
        { network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, rounds: Number(values.rounds), staticMs, rows, firstLoadKbByRole: byRole },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(staticFile, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
