import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { RecommendationView } from '@gov/read-model';
import { Labels } from './labels';
import { LogPoint } from './log-point';

/** The register's columns in order; README "Reports and exports" documents each. */
export const REGISTER_COLUMNS = [
  'id',
  'number',
  'bodyId',
  'meetingId',
  'agendaItemId',
  'textKk',
  'textRu',
  'textEn',
  'origin',
  'priority',
  'status',
  'leadUnitId',
  'coExecutorUnitIds',
  'dueDate',
  'originalDueDate',
  'extensions',
  'percent',
  'adoptedAt',
  'closedAt',
  'overdue',
  'daysOpen',
  'daysOverdue',
  'updatedAt',
] as const;

type Cell = string | number | boolean | null;

function registerRow(r: RecommendationView): Cell[] {
  return [
    r.id,
    r.number,
    r.bodyId,
    r.meetingId,
    r.agendaItemId,
    r.text.kk ?? null,
    r.text.ru ?? null,
    r.text.en ?? null,
    r.origin,
    r.priority,
    r.status,
    r.leadUnitId,
    r.coExecutorUnitIds.join(';'),
    r.dueDate,
    r.originalDueDate,
    r.extensions,
    r.percent,
    r.adoptedAt,
    r.closedAt,
    r.overdue,
    r.daysOpen,
    r.daysOverdue,
    r.updatedAt,
  ];
}

const header = (l: Labels) => REGISTER_COLUMNS.map((c) => l.t.column[c]);

/** Resolves once `stream` emits one of `events` (each listener removed again). */
function firstOf(stream: NodeJS.EventEmitter, events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of events) stream.off(e, done);
      resolve();
    };
    for (const e of events) stream.on(e, done);
  });
}

/** Waits while the receiver is behind, so rows never pile up in memory; stops if it went away. */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await firstOf(out, ['drain', 'close']);
  if (out.destroyed) throw new Error('the receiver went away before the register was written');
}

/** RFC 4180: quote a field only when it holds a quote, a comma or a line break. */
function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/**
 * CSV with a UTF-8 byte order mark (so spreadsheet programs read Kazakh and Russian right) and CRLF
 * lines. Hand-written: the whole format is the quoting rule above, and a page goes out as one write.
 */
export async function writeRegisterCsv(pages: AsyncIterable<RecommendationView[]>, out: Writable, labels: Labels): Promise<void> {
  out.write(`\uFEFF${csvLine(header(labels))}`);
  for await (const page of pages) {
    if (page.length) out.write(page.map((r) => csvLine(registerRow(r))).join(''));
    await drained(out);
  }
}

type ZipLike = { _normalizeEntryData(data: Record<string, unknown>, stats?: unknown): unknown };
type WriterInternals = { created: Date; zip: ZipLike; addThemes(): Promise<void> };

/**
 * exceljs's streaming writer stamps every zip entry with the current time; this one stamps them
 * with the workbook's `created` date (the log position's time) so the same position gives the same
 * bytes. The first entries are appended inside the constructor, in addThemes, so the stamp goes on there.
 */
const BaseWriter = ExcelJS.stream.xlsx.WorkbookWriter as unknown as new (options: object) => WriterInternals;
class StampedWorkbookWriter extends BaseWriter {
  override addThemes(): Promise<void> {
    const zip = this.zip;
    const normalize = zip._normalizeEntryData.bind(zip);
    zip._normalizeEntryData = (data, stats) => normalize({ ...data, date: this.created }, stats);
    return super.addThemes();
  }
}

/**
 * exceljs pipes each sheet into its zip entry through a stream whose backpressure it ignores (with
 * zlib slower than the rows come, the sheet would gather there): waiting on that stream supplies it.
 */
async function sheetCompressed(sheet: ExcelJS.Worksheet): Promise<void> {
  const entry = (sheet as unknown as { stream: { pipes?: Array<NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } }> } })
    .stream.pipes?.[0];
  if (entry?._writableState?.needDrain) await firstOf(entry, ['drain', 'error', 'finish', 'close']);
}

/** XLSX through exceljs's streaming writer: each row is committed (written out) as it is added. */
export async function writeRegisterXlsx(
  pages: AsyncIterable<RecommendationView[]>,
  out: Writable,
  labels: Labels,
  point: LogPoint,
): Promise<void> {
  const stamp = new Date(point.at ?? 0);
  const workbook = new StampedWorkbookWriter({
    stream: out,
    created: stamp,
    modified: stamp,
    creator: 'consultative-governance',
    lastModifiedBy: 'consultative-governance',
    useStyles: false,
    useSharedStrings: false,
  }) as unknown as ExcelJS.stream.xlsx.WorkbookWriter;
  workbook.title = labels.t.title.register;
  workbook.keywords = `log-position:${point.position}`;
  const sheet = workbook.addWorksheet(labels.t.title.register.slice(0, 31));
  sheet.addRow(header(labels)).commit();
  for await (const page of pages) {
    for (const r of page) sheet.addRow(registerRow(r)).commit();
    // Rows go out through zlib (thread-pool callbacks): let them run before reading on, or the whole
    // sheet would gather in exceljs's buffers while the pages (synchronous reads) come in microtasks.
    await new Promise((resolve) => setImmediate(resolve));
    await sheetCompressed(sheet);
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}
