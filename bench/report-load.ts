// Workload 8 of npm run bench: queries and /health while ten large minutes PDFs, then ten large XLSX
// registers, are asked for at once, against the same queries alone, on one running app (the build,
// as npm start serves it).
import { randomUUID } from 'node:crypto';
import { RunningApp, startApp } from '../test/support/app-process';
import { establishWorld, heldMeeting, mutate } from '../test/support/scenario';
import { percentile } from './oversight-mix';

type Row = Record<string, string | number | null>;

const RECOMMENDATIONS = 1_500;
const CONCURRENT_REPORTS = 10;
const ROUNDS = 200;

/** One round: the oversight page's queries and /health, each timed on its own. */
async function round(app: RunningApp, token: string, times: number[]): Promise<void> {
  const health = app.url.replace(/graphql$/, 'health');
  const queries = [
    '{ recommendations(first: 20) { totalCount edges { node { id number status } } } }',
    '{ recommendationStats(groupBy: BODY) { key total open overdue } }',
    '{ units { id name { ru } } }',
  ];
  for (const query of queries) {
    const started = process.hrtime.bigint();
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const started = process.hrtime.bigint();
  const res = await fetch(health);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`/health answered ${res.status}`);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}

async function rounds(app: RunningApp, token: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) await round(app, token, times);
  return times.sort((a, b) => a - b);
}

export async function reportLoadWorkload(report: (workload: string, row: Row) => void): Promise<void> {
  console.log(
    `\n8. Queries and /health during ${CONCURRENT_REPORTS} concurrent minutes PDFs of a ${RECOMMENDATIONS}-recommendation meeting, then as many XLSX registers of them, vs alone`,
  );
  const app = await startApp({ NODE_ENV: 'production', NOTIFY_ENABLED: 'false' }, 'npm start');
  try {
    const w = await establishWorld(app);
    const held = await heldMeeting(app, w, '1/2026', '2026-02-05T10:00:00Z', { ru: 'Итоги года' });
    const [meetingId, itemId] = [held.meetingId as string, held.itemId];
    let next = 0;
    const adopt = async () => {
      for (let n = ++next; n <= RECOMMENDATIONS; n = ++next)
        await mutate(
          app,
          'adoptRecommendation',
          {
            meetingId,
            agendaItemId: itemId,
            number: String(n),
            commandId: randomUUID(),
            text: { ru: `Рекомендация ${n}: улучшить оперативную работу районных подразделений и взаимодействие с населением` },
          },
          w.secretary,
          'recommendation { id }',
        );
    };
    await Promise.all(Array.from({ length: 4 }, adopt));
    const reportUrl = (path: string) => app.url.replace('/graphql', `/reports/${path}`);
    const ask = async (url: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(url, { headers: { authorization: `Bearer ${w.oversight}` } });
      const bytes = (await res.arrayBuffer()).byteLength;
      return { status: res.status, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const kinds = [
      { kind: 'minutes PDF', url: reportUrl(`meetings/${meetingId}/minutes.pdf`) },
      { kind: 'XLSX register', url: reportUrl('recommendations.xlsx') },
    ];
    const singles = [];
    for (const { kind, url } of kinds) {
      const single = await ask(url);
      if (single.status !== 200) throw new Error(`the ${kind} answered ${single.status}`);
      singles.push(single);
    }

    await rounds(app, w.oversight); // warm-up
    const alone = await rounds(app, w.oversight);
    const p99Alone = percentile(alone, 99);
    for (const [i, { kind, url }] of kinds.entries()) {
      // Ten asked for at once, each asked again as soon as it is answered, until the rounds end.
      let loading = true;
      const reports: Array<{ status: number; ms: number }> = [];
      const loaders = Array.from({ length: CONCURRENT_REPORTS }, async () => {
        while (loading) reports.push(await ask(url));
      });
      const during = await rounds(app, w.oversight);
      loading = false;
      await Promise.all(loaders);

      const made = reports.filter((p) => p.status === 200);
      const p99During = percentile(during, 99);
      report('reportLoad', {
        report: kind,
        recommendations: RECOMMENDATIONS,
        bytes: singles[i]!.bytes,
        aloneMs: Math.round(singles[i]!.ms),
        concurrent: CONCURRENT_REPORTS,
        made: made.length,
        refused: reports.length - made.length,
        meanMsUnderLoad: made.length ? Math.round(made.reduce((s, p) => s + p.ms, 0) / made.length) : null,
        requests: alone.length,
        p50AloneMs: +percentile(alone, 50).toFixed(1),
        p99AloneMs: +p99Alone.toFixed(1),
        p50DuringMs: +percentile(during, 50).toFixed(1),
        p99DuringMs: +p99During.toFixed(1),
        maxDuringMs: +during[during.length - 1]!.toFixed(1),
        ratioP99DuringVsAlone: +(p99During / p99Alone).toFixed(2),
      });
    }
  } finally {
    await app.cleanup();
  }
}
