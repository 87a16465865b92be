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
