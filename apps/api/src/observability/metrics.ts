import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@gov/event-store';
import { EVENT_STORE } from '@gov/governance';
import { Projector } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { EVIDENCE_DIR, isContentAddressed, listFiles } from '../backup/backup-manifest';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Walking the evidence directory on every scrape would cost as much as the files are many. */
const EVIDENCE_SCAN_MS = 30_000;

/** The service's Prometheus registry (the notifier's metrics: notifier-metrics.ts). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly commands: Counter<'type' | 'outcome'>;
  readonly commandSeconds: Histogram<'type' | 'outcome'>;
  readonly eventsAppended: Counter;
  readonly readYourWrites: Counter<'outcome'>;
  readonly readYourWritesSeconds: Histogram<'outcome'>;
  readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  readonly rateLimited: Counter<'transport'>;
  readonly evidenceFilesChanged: Counter;
  private evidence = { bytes: 0, files: 0, at: 0 };

  constructor(@Inject(EVENT_STORE) events: EventStore, projector: Projector, @Inject(APP_CONFIG) config: AppConfig) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: 'governance_commands_total',
      help: 'Commands handled, by command type and outcome (ok or the error code)',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: 'governance_command_duration_seconds',
      help: 'Time to handle a command (load, decide, append), by type and outcome',
      labelNames: ['type', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.eventsAppended = new Counter({ name: 'governance_events_appended_total', help: 'Events written to the log', registers });
    this.readYourWrites = new Counter({
      name: 'governance_read_your_writes_waits_total',
      help: 'Waits for the read model to show a write, by outcome (ok or timeout)',
      labelNames: ['outcome'],
      registers,
    });
    this.readYourWritesSeconds = new Histogram({
      name: 'governance_read_your_writes_wait_seconds',
      help: 'How long a write waited for the read model to show it',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    });
    this.graphqlOperations = new Counter({
      name: 'governance_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome (ok or the first error code)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'governance_rate_limited_requests_total',
      help: 'Requests refused by the rate limiter',
      labelNames: ['transport'],
      registers,
    });
    this.evidenceFilesChanged = new Counter({
      name: 'governance_evidence_files_changed_total',
      help: 'Downloads refused because the stored bytes no longer match their SHA-256 (changed on disk)',
      registers,
    });
    new Gauge({
      name: 'governance_log_head_position',
      help: 'Position of the last event in the log',
      registers,
      async collect() {
        this.set(Number(await events.headPosition()));
      },
    });
    new Gauge({
      name: 'governance_projector_position',
      help: 'Log position the read model has reached',
      registers,
      collect() {
        this.set(Number(projector.position));
      },
    });
    new Gauge({
      name: 'governance_projector_lag_events',
      help: 'Events in the log the read model has not applied yet',
      registers,
      async collect() {
        this.set(Number((await events.headPosition()) - projector.position));
      },
    });
    const evidenceBytes = () => this.evidenceScan(join(config.dataDir, EVIDENCE_DIR));
    new Gauge({
      name: 'governance_evidence_bytes_stored',
      help: 'Bytes of evidence files stored (content-addressed files in the data dir)',
      registers,
      collect() {
        this.set(evidenceBytes().bytes);
      },
    });
  }

  private evidenceScan(dir: string) {
    if (Date.now() - this.evidence.at < EVIDENCE_SCAN_MS) return this.evidence;
    let bytes = 0;
    const files = listFiles(dir).filter(isContentAddressed);
    for (const name of files) bytes += statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
    this.evidence = { bytes, files: files.length, at: Date.now() };
    return this.evidence;
  }
}

/** A stable label for an error: its code when it has one (domain, auth, conflict), else "error". */
export function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,40}$/.test(code) ? code : 'error';
}
