import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { RecommendationView } from '@gov/read-model';
import { labelsFor } from './labels';
import { writeRegisterCsv, writeRegisterXlsx } from './register';

const PAGE = 200;
const PAGES = 100;

function row(i: number): RecommendationView {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    bodyId: 'b',
    meetingId: 'm',
    agendaItemId: 'i',
    number: String(i),
    text: { kk: `Ұсыным №${i}, «қосымша»`, ru: `Рекомендация "${i}"\nвторая строка` },
    origin: 'BODY',
    priority: 'NORMAL',
    status: 'IN_PROGRESS',
    leadUnitId: 'u',
    coExecutorUnitIds: ['v', 'w'],
    dueDate: '2026-06-30',
    originalDueDate: '2026-05-31',
    extensions: 1,
    pendingExtension: null,
    percent: 40,
    adoptedAt: '2026-01-01T00:00:00.000Z',
    closedAt: null,
    updatedAt: '2026-02-01T00:00:00.000Z',
    revision: null,
    published: true,
    overdue: false,
    daysOpen: 31,
    daysOverdue: 0,
  };
}

/** A slow receiver, and pages that count how far the writer has read ahead of what it received. */
function slowReceiverAndPages() {
  const received = { bytes: 0, rows: 0 };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.bytes += chunk.length;
      setImmediate(done);
    },
  });
  const progress = { produced: 0, maxAheadBytes: 0, receivedAtHalf: 0 };
  async function* pages() {
    for (let p = 0; p < PAGES; p++) {
      progress.maxAheadBytes = Math.max(progress.maxAheadBytes, progress.produced * PAGE * 150 - received.bytes);
      if (p === PAGES / 2) progress.receivedAtHalf = received.bytes;
      yield Array.from({ length: PAGE }, (_, i) => row(p * PAGE + i));
      progress.produced++;
    }
  }
  return { sink, pages, received, progress };
}

describe('the register export', () => {
  it('writes CSV a page at a time, reading the next page only once the receiver has taken the last', async () => {
    const { sink, pages, received, progress } = slowReceiverAndPages();
    const chunks: Buffer[] = [];
    const write = sink._write.bind(sink);
    sink._write = (chunk: Buffer, encoding, done) => {
      chunks.push(chunk);
      write(chunk, encoding, done);
    };
    await writeRegisterCsv(pages(), sink, labelsFor('en'));
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.startsWith('\uFEFFID,Number,')).toBe(true);
    expect(csv).toContain('"Рекомендация ""7""\nвторая строка"');
    expect(csv).toContain('"Ұсыным №7, «қосымша»"');
    expect(csv).toContain(',v;w,');
    expect(received.bytes).toBe(Buffer.byteLength(csv));
    // Never more than about two pages between what was read and what the receiver took.
    expect(progress.maxAheadBytes).toBeLessThan(2 * PAGE * 150 + 64 * 1024);
  });

  it('writes XLSX rows as they come, without gathering the sheet first', async () => {
    const { sink, pages, received, progress } = slowReceiverAndPages();
    await writeRegisterXlsx(pages(), sink, labelsFor('ru'), { position: 5n, at: '2026-03-01T00:00:00.000Z' });
    expect(progress.produced).toBe(PAGES);
    // Half-way through the rows the compressed sheet is already flowing out, not held back to the end.
    expect(progress.receivedAtHalf).toBeGreaterThan(received.bytes / 3);
  });

  it('holds no formula in the XLSX: every cell is a plain value, and a text that starts like one gets an apostrophe', async () => {
    const risky = { ...row(1), number: '=1+1', text: { kk: '+7 701 000', ru: '@SUM(A1:A9)', en: '-2' }, daysOverdue: 0 };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeRegisterXlsx(
      (async function* () {
        yield [risky, row(2)];
      })(),
      out,
      labelsFor('en'),
      { position: 5n, at: '2026-03-01T00:00:00.000Z' },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const types = new Set<ExcelJS.ValueType>();
    sheet.eachRow((r) => r.eachCell((cell) => types.add(cell.type)));
    expect(types.has(ExcelJS.ValueType.Formula)).toBe(false);
    expect(types.has(ExcelJS.ValueType.SharedString) || types.has(ExcelJS.ValueType.String)).toBe(true);
    const values = sheet.getRow(2).values as unknown[];
    // Columns 2 and 6-8: the number and the texts (ExcelJS counts from 1).
    expect([values[2], values[6], values[7], values[8]]).toEqual(["'=1+1", "'+7 701 000", "'@SUM(A1:A9)", "'-2"]);
    expect(values[1]).toBe(risky.id);
    expect(values[14]).toBe('2026-06-30');
    expect(values[17]).toBe(40);
  });
});
