/**
 * Reads settings from the environment the one way every setting is read: a wrong value is noted and
 * its default used, so that `throwIfWrong` names every wrong setting at once and an operator fixes
 * them in one go. Numbers are whole decimal numbers only (no NaN, `1e3`, `0x10` or `1.5`).
 */
export class Settings {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value; unset and empty are the same. */
  text(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  /** The value exactly as given (secrets are not trimmed); unset and empty are the same. */
  raw(name: string): string | undefined {
    return this.env[name] || undefined;
  }

  /** Names of set (non-empty) variables starting with `prefix`. */
  present(prefix: string): string[] {
    return Object.keys(this.env).filter((name) => name.startsWith(prefix) && this.raw(name));
  }

  wrong(name: string, expected: string): void {
    this.problems.push(`${name} must be ${expected}, got "${this.env[name]}"`);
  }

  /** A whole number from `min` to `max`; `expected` says what it is in the error. */
  integer(name: string, fallback: number, min: number, max: number, expected: string): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.wrong(name, expected);
    return fallback;
  }

  positiveInteger(name: string, fallback: number): number {
    return this.integer(name, fallback, 1, Number.MAX_SAFE_INTEGER, 'a positive whole number');
  }

  /** A size as body-parser reads one (`100kb`, `1mb`, `1048576`; units of 1024), in bytes. */
  size(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(raw);
    const bytes = match ? Math.floor(Number(match[1]) * 1024 ** ['b', 'kb', 'mb', 'gb'].indexOf((match[2] ?? 'b').toLowerCase())) : 0;
    if (bytes >= 1 && Number.isSafeInteger(bytes)) return bytes;
    this.wrong(name, 'a size such as 100kb or 1mb');
    return fallback;
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 65535, 'a port number (0-65535)');
  }

  flag(name: string, fallback: boolean): boolean {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.wrong(name, 'true or false');
    return fallback;
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const raw = this.text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    this.wrong(name, `one of ${options.join(', ')}`);
    return fallback;
  }

  /** A value that `accepts` (which may throw) takes; otherwise noted as wrong. */
  checked(name: string, fallback: string, expected: string, accepts: (value: string) => boolean): string {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    let ok = false;
    try {
      ok = accepts(raw);
    } catch {
      ok = false;
    }
    if (ok) return raw;
    this.wrong(name, expected);
    return fallback;
  }

  /** A problem that concerns several settings together. */
  conflict(message: string): void {
    this.problems.push(message);
  }

  throwIfWrong(): void {
    if (this.problems.length > 0) throw new Error(`Settings are wrong: ${this.problems.join('; ')}`);
  }
}
