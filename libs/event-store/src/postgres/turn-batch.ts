/**
 * Keys asked for in the same turn of the event loop, answered together by one call of `read` (each
 * key once, however many asked for it); a key `read` does not answer gets `missing`.
 */
export class TurnBatch<V> {
  private waiting = new Map<string, { resolve(value: V): void; reject(error: unknown): void }[]>();
  private scheduled = false;

  constructor(
    private readonly read: (keys: string[]) => Promise<Map<string, V>>,
    private readonly missing: V,
  ) {}

  get(key: string): Promise<V> {
    return new Promise((resolve, reject) => {
      const waiting = this.waiting.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.answer());
    });
  }

  private async answer(): Promise<void> {
    const asked = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    try {
      const found = await this.read([...asked.keys()]);
      for (const [key, waiting] of asked) for (const w of waiting) w.resolve(found.get(key) ?? this.missing);
    } catch (error) {
      for (const waiting of asked.values()) for (const w of waiting) w.reject(error);
    }
  }
}
