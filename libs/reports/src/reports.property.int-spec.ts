import { parseString } from '@fast-csv/parse';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { MeetingQueries, Projector, ReadModelDb, RecommendationQueries } from '@gov/read-model';
import { T0, adoption, decideAll, historySteps, unitIds, writeHistory } from '../../read-model/src/testing/recommendation-histories';
import {
  LogPoint,
  ReportError,
  ReportSources,
  allRecommendationsAt,
  labelsFor,
  minutesData,
  minutesPdf,
  recommendationPagesAt,
  reportBackData,
  reportBackPdf,
  resolveLogPoint,
  unitStatusData,
  unitStatusPdf,
  writeRegisterCsv,
  writeRegisterXlsx,
} from './index';
import { REGISTER_COLUMNS } from './register';

/** OWASP's rule, written out here independently of the writer: what a spreadsheet would evaluate. */
const evaluated = (text: string) => /^[=+\-@\t\r]/.test(text);
/** A text people type, often starting the way a spreadsheet formula does. */
const typedText = fc
  .tuple(fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', "'", ' =', 'Ұ'), fc.string({ maxLength: 12 }), fc.constantFrom('т', 'x'))
  .map(([start, middle, end]) => start + middle + end);
/** The free-text columns of the register: the number and the texts; every other column is an id, code, date or figure. */
const FREE_TEXT = new Set<string>(['number', 'textKk', 'textRu', 'textEn']);

function parseCsv(csv: Buffer): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(csv.toString('utf8').replace(/^\uFEFF/, ''), { headers: false })
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/** A log on a temporary dir with its read model kept current, closed and removed afterwards. */
async function withLog<T>(run: (sources: ReportSources, clock: { now: number }, events: SqliteEventStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gov-reports-'));
  const clock = { now: T0 };
  const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock.now) });
  const readModel = new ReadModelDb(dir);
  const projector = new Projector(events, readModel);
  await projector.start();
  const sources: ReportSources = {
    events,
    recommendations: new RecommendationQueries(readModel.db),
    meetings: new MeetingQueries(readModel.db),
    projector,
    readModelTimeoutMs: 5000,
  };
  try {
    return await run(sources, clock, events);
  } finally {
    await projector.stop();
    readModel.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const append = (events: EventStore, stream: string, type: string, data: Record<string, unknown>) =>
  events.appendToStream(stream, [{ id: randomUUID(), type, data }]);

/** Units, then generated recommendation histories, then a held meeting over them and a later one reporting back. */
async function writeWorld(events: EventStore, clock: { now: number }, steps: Parameters<typeof writeHistory>[2]) {
  for (const [i, unitId] of unitIds.entries())
    await append(events, `unit-${unitId}`, 'UnitRegistered', {
      unitId,
      name: { kk: `Аудандық бөлініс ${i}`, ru: `Районное управление ${i}` },
      kind: 'DISTRICT_DEPARTMENT',
      parentUnitId: null,
      registeredAt: new Date(clock.now).toISOString(),
    });
  const history = await writeHistory(events, clock, steps);
  const adopted = history.log.find((e) => e.event.type === 'RecommendationAdopted')!.event.data as { meetingId: string };
  const meetingId = adopted.meetingId;
  const meeting = `meeting-${meetingId}`;
  await append(events, meeting, 'MeetingScheduled', {
    meetingId,
    bodyId: 'b',
    number: '1/2026',
    kind: 'REGULAR',
    title: null,
    startsAt: '2026-01-01T00:00:00.000Z',
    place: 'Қарағанды',
    format: 'IN_PERSON',
    scheduledAt: '2026-01-01T00:00:00.000Z',
  });
  await append(events, meeting, 'AgendaItemAdded', {
    meetingId,
    itemId: 'i',
    title: { kk: 'Қорытынды', ru: 'Итоги' },
    speaker: null,
    addedAt: '',
  });
  await append(events, meeting, 'MeetingHeld', {
    meetingId,
    heldAt: '2026-01-01T00:00:00.000Z',
    membersPresent: [],
    membersTotal: 0,
    guests: [],
    quorum: false,
  });
  const second = randomUUID();
  await append(events, `meeting-${second}`, 'MeetingScheduled', {
    meetingId: second,
    bodyId: 'b',
    number: '2/2026',
    kind: 'REGULAR',
    title: null,
    startsAt: '2026-06-01T00:00:00.000Z',
    place: 'Қарағанды',
    format: 'HYBRID',
    scheduledAt: '2026-01-01T00:00:00.000Z',
  });
  const frozen = (await events.headPosition()) - BigInt(Math.floor(steps.length / 2));
  clock.now += 3_600_000;
  await append(events, `meeting-${second}`, 'ReportBackItemAdded', {
    meetingId: second,
    itemId: 'rb',
    title: { ru: 'Об исполнении' },
    coversMeetingIds: [meetingId],
    asOfPosition: frozen.toString(),
    addedAt: '',
  });
  return { meetingId, reportBackMeetingId: second };
}

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  out.end();
  return Buffer.concat(chunks);
}

/** Every report at one point, as bytes; a report that cannot be had at that point is its error code. */
async function renderAll(sources: ReportSources, point: LogPoint, ids: { meetingId: string; reportBackMeetingId: string }) {
  const l = labelsFor('kk');
  const attempt = (make: () => Promise<Buffer>) =>
    make().catch((e: unknown) => {
      if (e instanceof ReportError) return e.code;
      throw e;
    });
  return {
    minutes: await attempt(async () => minutesPdf(await minutesData(sources, ids.meetingId, point, false), l)),
    reportBack: await attempt(async () => reportBackPdf(await reportBackData(sources, ids.reportBackMeetingId, point, false), l)),
    unit: await attempt(async () => unitStatusPdf(await unitStatusData(sources, unitIds[0], point, false), l)),
    csv: await collect((out) => writeRegisterCsv(recommendationPagesAt(sources, {}, point), out, l)),
    xlsx: await collect((out) => writeRegisterXlsx(recommendationPagesAt(sources, {}, point), out, l, point)),
  };
}

/** A fresh log holding the first events up to `position`, each recorded at its original time. */
async function replayUpTo(from: EventStore, position: bigint, into: SqliteEventStore, clock: { now: number }) {
  for (const e of await from.readAll({ maxCount: Number(position) })) {
    clock.now = Date.parse(e.recordedAt);
    const { prevHash: _p, hash: _h, ...metadata } = e.metadata;
    await into.appendToStream(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata }]);
  }
}

describe('reports at a log position', () => {
  afterEach(() => jest.useRealTimers());

  it('render the same bytes again later, and the same bytes as a replay of the log up to that position', async () => {
    await fc.assert(
      fc.asyncProperty(historySteps, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 2 }), (steps, picks) =>
        withLog(async (sources, clock, events) => {
          const ids = await writeWorld(events, clock, steps);
          const head = await events.headPosition();
          for (const pick of picks) {
            const position = BigInt(Math.max(1, Math.round(pick * Number(head))));
            const point = await resolveLogPoint(events, { position: position.toString() });
            // The wall clock moves on between renderings: nothing of it may reach the files.
            jest.useFakeTimers({
              doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'hrtime', 'performance'],
            });
            jest.setSystemTime(new Date('2030-01-01T00:00:00Z'));
            const first = await renderAll(sources, point, ids);
            jest.setSystemTime(new Date('2031-06-15T12:34:56Z'));
            const again = await renderAll(sources, point, ids);
            jest.useRealTimers();
            expect(again).toEqual(first);

            const replayed = await withLog(async (replay, replayClock, replayEvents) => {
              await replayUpTo(events, position, replayEvents, replayClock);
              return renderAll(replay, await resolveLogPoint(replayEvents, {}), ids);
            });
            expect(replayed).toEqual(first);
          }
        }),
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('the register lists each recommendation once, in every language, as the read model has it at the position', async () => {
    await withLog(async (sources, clock, events) => {
      const ids = await writeWorld(events, clock, []);
      const point = await resolveLogPoint(events, {});
      const { csv, xlsx } = await renderAll(sources, point, ids);
      const lines = csv
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines).toHaveLength(4);
      expect(lines.slice(1).every((line) => line.includes(',т,'))).toBe(true);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
      expect(workbook.worksheets[0]!.rowCount).toBe(4);
      expect(workbook.created.toISOString()).toBe(point.at);
    });
  });

  it('the exports give every free text that a spreadsheet would evaluate a leading apostrophe, and change nothing else', async () => {
    const recommendation = fc.record({
      number: typedText,
      kk: typedText,
      ru: typedText,
      en: fc.option(typedText, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(recommendation, { minLength: 1, maxLength: 4 }), (written) =>
        withLog(async (sources, _clock, events) => {
          const ids: string[] = [];
          for (const r of written) {
            const id = randomUUID();
            ids.push(id);
            const adopt = adoption(id, '2026-01-01T00:00:00.000Z');
            const command = { ...adopt, data: { ...adopt.data, number: r.number, text: { kk: r.kk, ru: r.ru, en: r.en } } } as typeof adopt;
            for (const e of decideAll([command])) await append(events, `recommendation-${id}`, e.type, e.data);
          }
          const point = await resolveLogPoint(events, {});
          const l = labelsFor('ru');
          const csv = await collect((out) => writeRegisterCsv(recommendationPagesAt(sources, {}, point), out, l));
          const xlsx = await collect((out) => writeRegisterXlsx(recommendationPagesAt(sources, {}, point), out, l, point));
          const views = new Map((await allRecommendationsAt(sources, {}, point)).map((view) => [view.id, view]));
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
          const sheet = workbook.worksheets[0]!;
          const csvRows = (await parseCsv(csv)).slice(1);
          expect(csvRows).toHaveLength(written.length);
          for (const [i, cells] of csvRows.entries()) {
            const view = views.get(cells[0]!)!;
            const source = written[ids.indexOf(view.id)]!;
            const typed: Record<string, string | undefined> = {
              number: source.number,
              textKk: source.kk,
              textRu: source.ru,
              textEn: source.en,
            };
            const xlsxCells = sheet.getRow(i + 2);
            for (const [c, column] of REGISTER_COLUMNS.entries()) {
              const xlsxCell = xlsxCells.getCell(c + 1);
              expect(xlsxCell.type).not.toBe(ExcelJS.ValueType.Formula);
              if (!FREE_TEXT.has(column)) continue;
              const text = typed[column];
              const expected = text === undefined ? '' : evaluated(text) ? `'${text}` : text;
              expect(cells[c]).toBe(expected);
              // XML reads a carriage return back as a line feed.
              expect(xlsxCell.value ?? '').toBe(expected.replace(/\r\n?/g, '\n'));
            }
            // Ids, codes, dates and figures exactly as the read model holds them.
            const column = (name: (typeof REGISTER_COLUMNS)[number]) => cells[REGISTER_COLUMNS.indexOf(name)];
            for (const name of ['bodyId', 'meetingId', 'agendaItemId', 'status', 'adoptedAt'] as const)
              expect(column(name)).toBe(view[name]);
            expect(column('percent')).toBe(String(view.percent));
          }
        }),
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it('asOf finds the last position recorded by then', async () => {
    await withLog(async (_sources, clock, events) => {
      const times: string[] = [];
      for (let i = 0; i < 9; i++) {
        clock.now += 60_000;
        await append(events, `unit-${randomUUID()}`, 'UnitRegistered', {
          unitId: 'u',
          name: { ru: 'x' },
          kind: 'SERVICE',
          parentUnitId: null,
        });
        times.push(new Date(clock.now).toISOString());
      }
      expect(await resolveLogPoint(events, { asOf: '2000-01-01T00:00:00Z' })).toEqual({ position: 0n, at: null });
      for (const [i, at] of times.entries()) {
        expect(await resolveLogPoint(events, { asOf: at })).toEqual({ position: BigInt(i + 1), at });
        expect(await resolveLogPoint(events, { asOf: new Date(Date.parse(at) + 30_000).toISOString() })).toEqual({
          position: BigInt(i + 1),
          at,
        });
      }
    });
  });
});
