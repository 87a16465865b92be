import { InvalidInputError } from '@gov/event-store';
/**
 * Adds `column IN (values)` to a list of WHERE clauses, bound as one JSON parameter (any number of
 * values). A single value becomes `column = value`, so SQLite can also walk an index in order.
 */
export function inList(clauses: string[], params: Record<string, unknown>, name: string, column: string, values?: readonly string[]): void {
  if (!values?.length) return;
  if (values.length === 1) {
    clauses.push(`${column} = @${name}`);
    params[name] = values[0];
    return;
  }
  clauses.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
  params[name] = JSON.stringify(values);
}

/** Keyset cursors: the sort key and the id of the last row, opaque to clients. */
export const encodeCursor = (sortKey: string, id: string) => Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    /* reported below */
  }
  throw new InvalidInputError('after is not a cursor this API returned');
}

/** LIMIT and OFFSET that read the middle value (n odd) or two (n even) of n ordered ones: their mean is the median. */
export const middleOf = (n: number) => ({ take: n % 2 ? 1 : 2, skip: n % 2 ? (n - 1) / 2 : n / 2 - 1 });

/** Constant strings (statuses from the domain) as the items of an SQL IN list. */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
