import { Writable } from 'node:stream';

/** Text that people typed (texts, names): the one kind of cell a spreadsheet could take for a formula. */
export interface FreeText {
  readonly freeText: string;
}

/** A cell of an export: ids, codes and dates as strings, numbers, flags, nothing, or free text. */
export type Cell = string | number | boolean | null | FreeText;

export const freeText = (value: string | null | undefined): Cell => (value == null ? null : { freeText: value });

/** What a spreadsheet evaluates as a formula (or a command, for tab and CR): OWASP's CSV injection list. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The value a spreadsheet cell gets: free text that would be evaluated gets a leading `'` (OWASP's
 * rule), the same way every time, so a position still gives the same bytes; anything else is as it is.
 */
export function spreadsheetValue(cell: Cell): string | number | boolean | null {
  if (cell === null || typeof cell !== 'object') return cell;
  return FORMULA_START.test(cell.freeText) ? `'${cell.freeText}` : cell.freeText;
}

/** Resolves once `stream` emits one of `events` (each listener removed again). */
export function firstOf(stream: NodeJS.EventEmitter, events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of events) stream.off(e, done);
      resolve();
    };
    for (const e of events) stream.on(e, done);
  });
}

/** Waits while the receiver is behind, so rows never pile up in memory; stops if it went away. */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await firstOf(out, ['drain', 'close']);
  if (out.destroyed) throw new Error('the receiver went away before the export was written');
}

/** RFC 4180: quote a field only when it holds a quote, a comma or a line break. */
function csvField(cell: Cell): string {
  const value = spreadsheetValue(cell);
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/**
 * CSV with a UTF-8 byte order mark (so spreadsheet programs read Kazakh and Russian right) and CRLF
 * lines, a page of rows per write. Hand-written: the whole format is the quoting rule above and the
 * formula rule of `spreadsheetValue`; every CSV export goes through here so both always apply.
 */
export async function writeCsv(header: string[], pages: AsyncIterable<Cell[][]>, out: Writable): Promise<void> {
  out.write(`\uFEFF${csvLine(header)}`);
  for await (const page of pages) {
    if (page.length) out.write(page.map(csvLine).join(''));
    await drained(out);
  }
}
