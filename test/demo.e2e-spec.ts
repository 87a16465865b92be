import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RECOMMENDATION_STATUSES } from '@gov/domain';
import { RunningApp, gql, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';

interface Rec {
  text: { kk: string | null; ru: string | null };
  timeline: Array<{ kind: string }>;
  evidence: Array<{ sha256: string }>;
}
interface Meeting {
  title: { kk: string | null; ru: string | null };
  status: string;
  published: boolean;
  agenda: Array<{ reportBack: unknown; papers: Array<{ sha256: string }> }>;
}

describe('npm run demo: a realistic history written through the write side', () => {
  let app: RunningApp;
  const q = async (query: string) => {
    const r = await gql(app.url, query, {}, await token(['oversight'], 'Прокурор'));
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  beforeAll(async () => {
    app = await startApp({}, 'demo');
    await app.waitForOutput(/Demo ready/, 600_000);
  }, 660_000);
  afterAll(() => app?.cleanup());

  it('fills a data dir with every recommendation status, Kazakh and Russian texts, extensions, returns, evidence and papers', async () => {
    const data = await q(`{
      recommendationStats(groupBy: STATUS) { key total }
      recommendations(first: 100) { totalCount edges { node { text { kk ru } extensions timeline { kind } evidence { sha256 } } } }
      meetings(first: 100) { totalCount nodes { title { kk ru } status published agenda { reportBack { asOfPosition } papers { sha256 } } } }
      bodies { name { ru } }
      units { name { kk ru } }
    }`);
    expect(data.recommendationStats.map((s: { key: string }) => s.key).sort()).toEqual([...RECOMMENDATION_STATUSES].sort());
    const recs = (data.recommendations.edges as Array<{ node: Rec }>).map((e) => e.node);
    expect(recs.some((r) => r.text.kk) && recs.some((r) => r.text.ru)).toBe(true);
    const kinds = new Set(recs.flatMap((r) => r.timeline.map((t) => t.kind)));
    for (const kind of ['EXTENSION_GRANTED', 'EXTENSION_REFUSED', 'RETURNED', 'DISPUTED', 'PROGRESS', 'VERIFIED'].filter(
      (k) => !kinds.has(k),
    ))
      throw new Error(`no timeline entry of kind ${kind}: ${[...kinds].join(', ')}`);
    expect(data.bodies.map((b: { name: { ru: string } }) => b.name.ru)).toContain(
      'Консультативно-совещательный орган при ДП Карагандинской области',
    );
    // Every unit is named as itself, in both languages: no two alike in a picker or a chart.
    const names = data.units as Array<{ name: { kk: string; ru: string } }>;
    for (const lang of ['kk', 'ru'] as const) expect(new Set(names.map((u) => u.name[lang])).size).toBe(names.length);
    const meetings = data.meetings.nodes as Meeting[];
    expect(meetings.every((m) => m.title.kk && m.title.ru)).toBe(true);
    expect(meetings.some((m) => m.status === 'SCHEDULED') && meetings.some((m) => m.published)).toBe(true);
    expect(meetings.some((m) => m.agenda.some((i) => i.reportBack))).toBe(true);

    // Evidence and papers are real files in the store: a published meeting's paper downloads without a token.
    const paper = meetings.find((m) => m.published)!.agenda.flatMap((i) => i.papers)[0]!.sha256;
    const download = await fetch(app.url.replace('/graphql', `/files/${paper}`));
    expect(download.status).toBe(200);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(recs.some((r) => r.evidence.length > 0)).toBe(true);
  });

  it('reminders start after the history is in: nobody is told today of what happened in it one message at a time', async () => {
    const filledAt = /Demo ready: .* filled (\S+)\./.exec(app.output())![1]!;
    const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    // The notifier has read the whole history and ticked over what is due now.
    await eventually(
      async () => {
        const text = await (await fetch(app.url.replace('/graphql', '/metrics'))).text();
        expect(metric(text, 'governance_notifier_lag_events')).toBe(0);
        expect(metric(text, 'governance_notifications_due')).toBe(0);
      },
      { timeoutMs: 300_000 },
    );
    const { units } = await q('{ units { id name { ru } } }');
    for (const unit of units as Array<{ id: string; name: { ru: string } }>) {
      const r = await gql(
        app.url,
        '{ notifications(first: 100) { items { rule dueAt } } }',
        {},
        await token([`unit:${unit.id}`], unit.name.ru),
      );
      expect(r.errors).toBeUndefined();
      // What fell due within the history reaches its unit as one catch-up summary, not as messages dated back into it.
      const dated = (r.data!.notifications.items as Array<{ rule: string; dueAt: string }>).filter((n) => n.dueAt < filledAt);
      expect(dated).toEqual([]);
    }
  });

  it('business times are the history’s own: adopted over two years, none in the future', async () => {
    const data = await q(`{
      first: recommendations(first: 1, orderBy: ADOPTED_AT_ASC) { edges { node { adoptedAt } } }
      last: recommendations(first: 1, orderBy: ADOPTED_AT_DESC) { edges { node { adoptedAt } } }
    }`);
    const [first, last] = [data.first, data.last].map((c) => Date.parse(c.edges[0].node.adoptedAt as string));
    expect(last).toBeLessThan(Date.now());
    expect(last! - first!).toBeGreaterThan(600 * 86_400_000);
  });

  it('a second start serves the same history without writing it again, and npm run verify finds every hash chain intact', async () => {
    const totals = '{ recommendations { totalCount } meetings { totalCount } }';
    const before = await q(totals);
    const ready = (log: string) => log.match(/Demo ready: .*/g) ?? [];
    const [first] = ready(app.output());
    await app.restart();
    await app.waitForOutput(/Demo ready[\s\S]*Demo ready/, 120_000);
    // The same fill, as recorded when it finished (the notifier's reminders are the only new writes).
    expect(ready(app.output())).toEqual([first, first]);
    expect(await q(totals)).toEqual(before);
    await app.stop();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../scripts/run-ts.js'), join(__dirname, '../apps/api/src/cli/verify.ts')],
      {
        env: { ...process.env, GOVERNANCE_DATA_DIR: app.dataDir },
      },
    );
    expect(stdout).toMatch(/^ok: \d+ events, every stream's hash chain intact/m);
  });
});
