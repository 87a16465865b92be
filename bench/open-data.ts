// Open data over HTTP on the generated history (npm run bench -- --only opendata,...): the anonymous
// CSV of every published recommendation next to plain CSV of the same rows (same run), and a
// conditional request (If-None-Match, answered 304 before anything is read) next to a full build.
import { ReadModelDb } from '@gov/read-model';
import { plainCsv } from './reports';

type Row = Record<string, string | number | null>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

/** A whole answer read and counted, as a client downloading the file would. */
async function fetchCounted(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  let bytes = 0;
  let lines = 0;
  // A 304 has no body.
  for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 0x0a) lines++;
  }
  return { status: res.status, etag: res.headers.get('etag'), bytes, lines };
}

export async function openDataWorkload(appUrl: string, dir: string, report: (workload: string, row: Row) => void): Promise<void> {
  console.log('\n7. Open data: the anonymous CSV of every published recommendation, and a conditional request');
  const base = appUrl.replace(/\/graphql$/, '');
  const csvUrl = `${base}/open-data/recommendations.csv`;
  const readModel = new ReadModelDb(dir);
  try {
    const builds: number[] = [];
    const baselines: number[] = [];
    let full = { status: 0, etag: null as string | null, bytes: 0, lines: 0 };
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const build = await timed(() => fetchCounted(csvUrl));
      full = build.value;
      builds.push(build.seconds);
      const plain = await timed(() => plainCsv(readModel, 'WHERE r.published = 1', []));
      rows = plain.value;
      baselines.push(plain.seconds);
    }
    if (full.status !== 200 || !full.etag) throw new Error(`open data answered ${full.status}`);
    const conditional: number[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = await timed(() => fetchCounted(csvUrl, { 'if-none-match': full.etag! }));
      if (answer.value.status !== 304) throw new Error(`a matching conditional request answered ${answer.value.status}`);
      conditional.push(answer.seconds);
    }
    const [build, plain, notModified] = [median(builds), median(baselines), median(conditional)];
    report('opendata', { what: 'plain CSV of the published rows (baseline)', rows, seconds: Number(plain.toFixed(3)) });
    report('opendata', {
      what: 'GET /open-data/recommendations.csv (full build, over HTTP)',
      rows: full.lines - 1,
      megabytes: Number((full.bytes / 2 ** 20).toFixed(1)),
      seconds: Number(build.toFixed(3)),
      ratioTimeVsPlainCsv: Number((build / plain).toFixed(2)),
    });
    report('opendata', {
      what: 'the same with If-None-Match (304)',
      seconds: Number(notModified.toFixed(4)),
      ratioFullBuildVsConditional: Math.round(build / notModified),
    });
  } finally {
    readModel.close();
  }
}
