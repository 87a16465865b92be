// Pure (no Node APIs), so the web app checks hash chains in the browser with the very same rule.
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted, so the hash does not depend on how a store orders keys. Every
 * append hashes its events' data with it: written as loops and string appends, with no arrays of
 * entries built and thrown away on the way.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort order is by UTF-16 code units, as `a < b` compares strings.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(v);
  }
  return `${out}}`;
}
