import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { RecommendationView } from '@gov/read-model';
import { Labels } from './labels';
import { LogPoint } from './log-point';
import { Cell, drained, firstOf, freeText, spreadsheetValue, writeCsv } from './export-cells';

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

function registerRow(r: RecommendationView): Cell[] {
  return [
    r.id,
    // The number and the texts are typed by people; ids, codes, dates and figures come from the system.
    freeText(r.number),
    r.bodyId,
    r.meetingId,
    r.agendaItemId,
    freeText(r.text.kk),
    freeText(r.text.ru),
    freeText(r.text.en),
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

/** The register as CSV (see `writeCsv`), a page of recommendations per write. */
export function writeRegisterCsv(pages: AsyncIterable<RecommendationView[]>, out: Writable, labels: Labels): Promise<void> {
  return writeCsv(header(labels), rowPages(pages), out);
}

async function* rowPages(pages: AsyncIterable<RecommendationView[]>): AsyncIterable<Cell[][]> {
  for await (const page of pages) yield page.map(registerRow);
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
    // Plain values only (exceljs writes a formula only for a { formula } cell), free text defused as in the CSV.
    for (const r of page) sheet.addRow(registerRow(r).map(spreadsheetValue)).commit();
    // Rows go out through zlib (thread-pool callbacks): let them run before reading on, or the whole
    // sheet would gather in exceljs's buffers while the pages (synchronous reads) come in microtasks.
    await new Promise((resolve) => setImmediate(resolve));
    await sheetCompressed(sheet);
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}

/** The open data's JSON format; bumped when a field changes meaning or goes away (docs/open-data.md). */
export const OPEN_DATA_SCHEMA_VERSION = 1;

/** A register row as a JSON record: the same columns by name, raw text (no spreadsheet escaping), co-executors as a list. */
function registerRecord(r: RecommendationView): Record<string, string | number | boolean | null | string[]> {
  const cells = registerRow(r);
  const record: Record<string, string | number | boolean | null | string[]> = {};
  REGISTER_COLUMNS.forEach((column, i) => {
    const cell = cells[i]!;
    record[column] = cell !== null && typeof cell === 'object' ? cell.freeText : cell;
  });
  record.coExecutorUnitIds = r.coExecutorUnitIds;
  return record;
}

/**
 * JSON streamed as `{ ...head, "<key>": [ records ] }`: the head (schema version, log position)
 * first, then each page's records as they are read, so a large register never sits in memory.
 */
export async function writeJsonRecords<T>(
  pages: AsyncIterable<T[]>,
  out: Writable,
  head: Record<string, unknown>,
  key: string,
  record: (item: T) => unknown,
): Promise<void> {
  out.write(`${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length ? ',' : ''}${JSON.stringify(key)}:[`);
  let first = true;
  for await (const page of pages) {
    if (page.length) {
      out.write(`${first ? '' : ','}${page.map((item) => JSON.stringify(record(item))).join(',')}`);
      first = false;
    }
    await drained(out);
  }
  out.write(']}');
}

export const writeRegisterJson = (pages: AsyncIterable<RecommendationView[]>, out: Writable, head: Record<string, unknown>) =>
  writeJsonRecords(pages, out, head, 'recommendations', registerRecord);
