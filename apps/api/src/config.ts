import { resolve } from 'node:path';
import { NotifyRulesConfig, notifyRulesFromEnv } from './notifications/notify-config';

export interface AppConfig {
  port: number;
  grpcPort: number;
  dataDir: string;
  eventStoreConnectionString?: string;
  /** The log (and evidence files) in PostgreSQL, shared by any number of replicas (see README "Several machines"). */
  postgresUrl?: string;
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string; clientId?: string };
  /** The web app's development sign-in: only on the embedded default (not production, no AUTH_* set). */
  devSignIn: boolean;
  production: boolean;
  corsOrigins: string[] | true;
  bodyLimit: string;
  /** Requests per minute per identity (or per address when anonymous). */
  rateLimitPerMinute: number;
  readYourWritesTimeoutMs: number;
  /** Largest evidence file accepted by POST /files, in bytes. */
  evidenceMaxBytes: number;
  logLevel: string;
  /** When set, /metrics asks for this bearer token; otherwise it answers loopback clients only. */
  metricsToken?: string;
  /** PUBLIC_SHOW_PERSON_NAMES: anonymous readers see police officers' and token subjects' names too. */
  publicShowPersonNames: boolean;
  /**
   * Reminders: SMTP_URL unset turns email off (the in-app list still works); `enabled` false keeps this
   * process from following the log for them at all (a replica that only serves, beside one that reminds).
   */
  notify: { enabled: boolean; smtpUrl?: string; mailFrom: string; publicUrl: string; intervalSeconds: number } & NotifyRulesConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(raw: string | undefined): string {
  const level = (raw || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

function port(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

function flag(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

function positiveInteger(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

/** A log past one machine: one place for it, and tokens every replica can verify (the dev secret is per data dir). */
function checkSharedLog(env: NodeJS.ProcessEnv): void {
  if (env.POSTGRES_URL && env.EVENTSTORE_CONNECTION_STRING)
    throw new Error('POSTGRES_URL and EVENTSTORE_CONNECTION_STRING are both set: the log must live in one place, set only one of them');
  const shared = env.POSTGRES_URL ? 'POSTGRES_URL' : env.EVENTSTORE_CONNECTION_STRING ? 'EVENTSTORE_CONNECTION_STRING' : undefined;
  if (shared && !env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL)
    throw new Error(
      `${shared} is set, so several replicas may serve this log: set AUTH_JWT_SECRET or AUTH_JWKS_URL so each verifies the others' tokens (there is no development sign-in then)`,
    );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cors = env.CORS_ORIGINS?.trim();
  checkSharedLog(env);
  return {
    port: port('PORT', 3000, env),
    grpcPort: port('GRPC_PORT', 50051, env),
    dataDir: resolve(env.GOVERNANCE_DATA_DIR || './data'),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    postgresUrl: env.POSTGRES_URL || undefined,
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
      clientId: env.AUTH_CLIENT_ID || undefined,
    },
    devSignIn:
      env.NODE_ENV !== 'production' &&
      !Object.keys(env).some((name) => name.startsWith('AUTH_') && env[name]) &&
      !env.POSTGRES_URL &&
      !env.EVENTSTORE_CONNECTION_STRING,
    production: env.NODE_ENV === 'production',
    corsOrigins: !cors || cors === '*' ? true : cors.split(',').map((o) => o.trim()),
    bodyLimit: env.BODY_LIMIT || '1mb',
    rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE || 600),
    readYourWritesTimeoutMs: Number(env.READ_YOUR_WRITES_TIMEOUT_MS || 5000),
    logLevel: logLevel(env.LOG_LEVEL),
    metricsToken: env.METRICS_TOKEN || undefined,
    publicShowPersonNames: flag('PUBLIC_SHOW_PERSON_NAMES', false, env),
    evidenceMaxBytes: positiveInteger('EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, env),
    notify: {
      enabled: flag('NOTIFY_ENABLED', true, env),
      smtpUrl: env.SMTP_URL || undefined,
      mailFrom: env.MAIL_FROM || 'notifications@localhost',
      publicUrl: env.PUBLIC_URL || `http://localhost:${port('PORT', 3000, env)}`,
      intervalSeconds: positiveInteger('NOTIFY_INTERVAL_SECONDS', 60, env),
      ...notifyRulesFromEnv(env),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
