// Workload 9: what the gate costs. The worst documents a client can send against a trivial query, and
// one write with 0 and with 5 000 idle subscribers, each pair measured in the same run on one server.
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { RunningApp, startApp, token } from '../test/support/app-process';
import { assignedRecommendation, establishWorld, mutate } from '../test/support/scenario';
import { DOCUMENT_LIMITS } from '../apps/api/src/graphql/gate';
import { percentile } from './oversight-mix';

type Report = (workload: string, row: Record<string, string | number | null>) => void;

/** As many aliases as fit in `chars` characters. */
function aliasesUpTo(chars: number): string {
  const fields: string[] = [];
  for (let i = 0, length = 14; length + `a${i}: id `.length <= chars; i++) {
    fields.push(`a${i}: id`);
    length += `a${i}: id `.length;
  }
  return `{ units { ${fields.join(' ')} } }`;
}
const spreads = (i: number) => Array.from({ length: 16 }, () => `...F${i + 1}`).join(' ');
/** The documents of test/transport-gate.e2e-spec.ts, at the sizes an attacker would pick. */
const WORST: Array<[string, string]> = [
  [
    'fragment chain: 12 fragments, each spreading the next 16 times (answered)',
    `{ units { ...F0 } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Unit { id ${spreads(i)} }`).join(' ')} fragment F12 on Unit { id }`,
  ],
  [
    'nested fragment chain (refused: depth)',
    `{ units { ...F0 } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Unit { id parentUnit { ${spreads(i)} } }`).join(' ')} fragment F12 on Unit { id }`,
  ],
  [
    'fragment cycle: 12 fragments each spreading all 12 (refused: cycle)',
    `{ units { ...F0 } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Unit { parentUnit { ${Array.from({ length: 12 }, (_, j) => `...F${j}`).join(' ')} } }`).join(' ')}`,
  ],
  ['deep nesting: 200 levels (refused: depth)', `{ units { ${'parentUnit { '.repeat(200)}id${' }'.repeat(200)} } }`],
  [
    'alias flood: 13 000 aliases, 150 KB (refused: document length)',
    `{ units { ${Array.from({ length: 13_000 }, (_, i) => `a${i}: id`).join(' ')} } }`,
  ],
  ['alias flood just under the document length, 64 K characters (refused: tokens)', aliasesUpTo(DOCUMENT_LIMITS.maxDocumentChars)],
  ['one field 990 times, just under the token limit (refused: repeated field)', `{ units { ${'id '.repeat(990)}} }`],
  ['document just under GRAPHQL_BODY_LIMIT, 255 KB (refused: document length)', `{ units { ${'id '.repeat(85_000)}} }`],
  ['1 MB document (refused: body size, unread)', `{ units { ${'id '.repeat(330_000)}} }`],
];

/** The server's CPU time so far (user and system, ms), from its own /metrics. */
async function serverCpuMs(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/graphql$/, 'metrics'))).text();
  return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)![1]) * 1000;
}

/** Round-trip times of `rounds` requests (sorted, after 20 to warm up), and the server's CPU per request. */
async function timed(url: string, bearer: string, query: string, rounds: number): Promise<{ times: number[]; cpuMs: number }> {
  // Encoded once: what is timed is the server's work, not the client's encoding of a megabyte each round.
  const body = Buffer.from(JSON.stringify({ query }));
  const times: number[] = [];
  let cpu = 0;
  for (let i = 0; i < rounds + 20; i++) {
    if (i === 20) cpu = await serverCpuMs(url);
    const t = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body,
    });
    await res.arrayBuffer();
    if (i >= 20) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { times: times.sort((a, b) => a - b), cpuMs: ((await serverCpuMs(url)) - cpu) / rounds };
}

async function documents(app: RunningApp, report: Report) {
  console.log('\n9a. The worst documents vs a trivial query ({ __typename }), over HTTP, same server');
  const reader = await token(['oversight'], 'Bench', 'bench-gate');
  const ROUNDS = 200;
  let trivial = await timed(app.url, reader, '{ __typename }', ROUNDS);
  for (const [name, query] of WORST) {
    const worst = await timed(app.url, reader, query, ROUNDS);
    const again = await timed(app.url, reader, '{ __typename }', ROUNDS);
    // The trivial query before and after each document: the ratios are against their mean. The round
    // trip includes the client's sending; the server's CPU per request is its own cost alone.
    const base = (percentile(trivial.times, 50) + percentile(again.times, 50)) / 2;
    const baseCpu = (trivial.cpuMs + again.cpuMs) / 2;
    report('gate', {
      document: name,
      bytes: Buffer.byteLength(query),
      p50Ms: +percentile(worst.times, 50).toFixed(2),
      p99Ms: +percentile(worst.times, 99).toFixed(2),
      trivialP50Ms: +base.toFixed(2),
      ratioP50VsTrivial: +(percentile(worst.times, 50) / base).toFixed(2),
      serverCpuMs: +worst.cpuMs.toFixed(2),
      trivialServerCpuMs: +baseCpu.toFixed(2),
      ratioCpuVsTrivial: +(worst.cpuMs / baseCpu).toFixed(2),
    });
    trivial = again;
  }
}

async function fanOut(app: RunningApp, report: Report) {
  console.log('\n9b. One write (addComment) with 0 and with 5 000 idle recommendationChanged subscribers, same server');
  const w = await establishWorld(app);
  const recommendationId = await assignedRecommendation(app, w, '1/2026', { ru: 'Скорость записи' }, { leadUnitId: w.unitA });
  const WRITES = 60;
  let n = 0;
  const writes = async () => {
    const times: number[] = [];
    for (let i = 0; i < WRITES + 5; i++) {
      const t = process.hrtime.bigint();
      await mutate(app, 'addComment', { recommendationId, text: `запись ${n++}` }, w.secretary, 'position');
      if (i >= 5) times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return times.sort((a, b) => a - b);
  };
  const alone = await writes();
  // Anonymous subscribers see published recommendations only: this unpublished one's changes are nobody's.
  const clients: Client[] = [];
  // One connection at a time, each ready before the next opens: operations on a socket are taken in
  // order, so once it answers a query its 40 subscriptions are in place.
  for (let c = 0; c < 125; c++) {
    const client = createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(client);
    for (let s = 0; s < 40; s++)
      client.subscribe(
        { query: 'subscription { recommendationChanged { id status } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    await new Promise((resolve, reject) =>
      client.subscribe({ query: '{ __typename }' }, { next: () => undefined, error: reject, complete: () => resolve(null) }),
    );
  }
  const subscribed = await writes();
  const aloneAgain = await writes();
  for (const c of clients) await c.dispose();
  const base = (percentile(alone, 50) + percentile(aloneAgain, 50)) / 2;
  report('gate', {
    document: 'write with 0 subscribers (before and after)',
    p50Ms: +base.toFixed(2),
    p99Ms: +Math.max(percentile(alone, 99), percentile(aloneAgain, 99)).toFixed(2),
  });
  report('gate', {
    document: `write with ${clients.length * 40} idle subscribers`,
    p50Ms: +percentile(subscribed, 50).toFixed(2),
    p99Ms: +percentile(subscribed, 99).toFixed(2),
    ratioP50VsNoSubscribers: +(percentile(subscribed, 50) / base).toFixed(2),
  });
}

/** `--only gate`: a fresh service (the build, production mode) on a throwaway data dir. */
export async function gateWorkload(report: Report): Promise<void> {
  const app = await startApp({ NODE_ENV: 'production', NOTIFY_ENABLED: 'false' }, 'npm start');
  try {
    await documents(app, report);
    await fanOut(app, report);
  } finally {
    await app.cleanup();
  }
}
