// Clients at a steady rate against a running app, for measuring what an operation (a read-model
// upgrade) does to them: queries, and writes each followed by a read of what it wrote
// (read-your-writes). Each request is timed and filed under the phase current when it was sent.
// Used by the upgrade benchmark (bench/run.ts --only upgrade) and its end-to-end test.

export interface TrafficOptions {
  url: string;
  token: string;
  /** GraphQL queries sent in turn. */
  queries: string[];
  queriesPerSec: number;
  writesPerSec: number;
  /** A request that takes longer than this counts as blocked. */
  blockedMs: number;
}

export interface PhaseStats {
  phase: string;
  /** Queries (including each read of a write), or the writes themselves (which also wait for an fsync). */
  kind: Kind;
  requests: number;
  failed: number;
  blocked: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The first few failures, as the client saw them. */
  failures: string[];
  /** When each blocked request was sent, in seconds after its phase began. */
  blockedAtSec: number[];
}

type Kind = 'queries' | 'writes';

interface Sample {
  phase: string;
  kind: Kind;
  /** Sent this long after its phase began. */
  sentMs: number;
  ms: number;
  failure: string | null;
}

const REGISTER_UNIT = 'mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { id } } }';

export class SteadyTraffic {
  private phase = 'before';
  private phaseStarted = performance.now();
  private running = true;
  private readonly samples: Sample[] = [];
  private readonly clients: Promise<void>[];
  private written = 0;

  constructor(private readonly options: TrafficOptions) {
    let next = 0;
    this.clients = [
      this.paced(options.queriesPerSec, async () => {
        const query = options.queries[next++ % options.queries.length]!;
        await this.timed('queries', () => this.gql(query));
      }),
      this.paced(options.writesPerSec, () => this.writeThenRead()),
    ];
  }

  /** Requests sent from now on are filed under `phase`. */
  mark(phase: string): void {
    this.phase = phase;
    this.phaseStarted = performance.now();
  }

  /** How many requests of `kind` sent in `phase` have been answered so far. */
  answered(phase: string, kind: Kind): number {
    return this.samples.filter((s) => s.phase === phase && s.kind === kind).length;
  }

  /** Stops the clients; statistics per phase (in the order marked) and kind. */
  async stop(): Promise<PhaseStats[]> {
    this.running = false;
    await Promise.all(this.clients);
    const phases: PhaseStats[] = [];
    for (const phase of new Set(this.samples.map((s) => s.phase)))
      for (const kind of ['queries', 'writes'] as const) {
        const of = this.samples.filter((s) => s.phase === phase && s.kind === kind);
        const ms = of.map((s) => s.ms).sort((a, b) => a - b);
        const at = (p: number) => +(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1);
        const failures = of.flatMap((s) => (s.failure ? [s.failure] : []));
        phases.push({
          phase,
          kind,
          requests: of.length,
          failed: failures.length,
          blocked: ms.filter((m) => m > this.options.blockedMs).length,
          p50Ms: at(0.5),
          p99Ms: at(0.99),
          maxMs: at(1),
          failures: failures.slice(0, 5),
          blockedAtSec: of.filter((s) => s.ms > this.options.blockedMs).map((s) => +(s.sentMs / 1000).toFixed(1)),
        });
      }
    return phases;
  }

  /** Runs `request` `perSec` times a second, one at a time, on a fixed schedule (a slow one delays the next). */
  private async paced(perSec: number, request: () => Promise<void>): Promise<void> {
    const interval = 1000 / perSec;
    let due = Date.now();
    while (this.running) {
      await request();
      due += interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else due = Date.now();
    }
  }

  private async timed(kind: Kind, request: () => Promise<string | null>): Promise<void> {
    const phase = this.phase;
    const started = performance.now();
    const sentMs = started - this.phaseStarted;
    let failure: string | null;
    try {
      failure = await request();
    } catch (error) {
      failure = (error as Error).message;
    }
    this.samples.push({ phase, kind, sentMs, ms: performance.now() - started, failure });
  }

  /** Registers a unit, then asks for the units: the new one must be among them. */
  private async writeThenRead(): Promise<void> {
    let id: string | undefined;
    await this.timed('writes', async () => {
      const r = await this.post(REGISTER_UNIT, { input: { name: { ru: `Отдел ${++this.written}` }, kind: 'SERVICE' } });
      if (r.errors) return `write: ${JSON.stringify(r.errors)}`;
      id = (r.data as { registerUnit: { unit: { id: string } } }).registerUnit.unit.id;
      return null;
    });
    if (!id) return;
    const written = id;
    await this.timed('queries', async () => {
      const r = await this.post('{ units { id } }');
      if (r.errors) return `read: ${JSON.stringify(r.errors)}`;
      const units = (r.data as { units: Array<{ id: string }> }).units;
      return units.some((u) => u.id === written) ? null : `unit ${written} missing right after its write`;
    });
  }

  private async gql(query: string): Promise<string | null> {
    const r = await this.post(query);
    return r.errors ? `query: ${JSON.stringify(r.errors)}` : null;
  }

  private async post(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: unknown; errors?: unknown }> {
    const res = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
      body: JSON.stringify({ query, variables }),
    });
    if (!res.ok && !res.headers.get('content-type')?.includes('json')) return { errors: `HTTP ${res.status}` };
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    return res.ok ? body : { errors: body.errors ?? `HTTP ${res.status}` };
  }
}
