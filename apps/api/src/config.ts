import { BlockList } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { trustedProxies } from './auth/client-address';
import { NotifyRulesConfig, notifyRulesFrom } from './notifications/notify-config';
import { Settings } from './settings';

export interface AppConfig {
  port: number;
  grpcPort: number;
  dataDir: string;
  eventStoreConnectionString?: string;
  /** The log (and evidence files) in PostgreSQL, shared by any number of replicas (see README "Several machines"). */
  postgresUrl?: string;
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string; clientId?: string };
  /**
   * Address HTTP and gRPC listen on (HOST); unset: every interface, except with the development
   * sign-in, where it is loopback so that nobody else reaches it by accident.
   */
  host?: string;
  /** The web app's development sign-in: only on the embedded default (no AUTH_*) in development. */
  devSignIn: boolean;
  /** DEV_SIGN_IN=true: the development sign-in answers any client, not loopback ones only. */
  devSignInAnyClient: boolean;
  /** NODE_ENV other than unset, development or test: the sign-in, introspection and suggestions all go by it. */
  production: boolean;
  corsOrigins: string[] | true;
  /** Largest request body in bytes (BODY_LIMIT), but for GraphQL's. */
  bodyLimit: number;
  /**
   * GraphQL's own limits: a body over HTTP or a message over WebSocket of at most `bodyLimit` bytes
   * (GRAPHQL_BODY_LIMIT), refused before it is read; at most `maxOperations` operations running at
   * once on one WebSocket (WS_MAX_OPERATIONS).
   */
  graphql: { bodyLimit: number; maxOperations: number };
  /** Requests per minute per identity (or per address when anonymous). */
  rateLimitPerMinute: number;
  /** TRUST_PROXY: the proxies whose X-Forwarded-For names the client; none when unset. */
  trustProxy: BlockList;
  /** Open connections (HTTP and WebSocket) per client address; the trusted proxies are not capped. */
  maxConnectionsPerAddress: number;
  /** HTTP_IDLE_TIMEOUT_MS: a socket on which nothing at all happens for this long is closed, mid-request too. */
  idleSocketTimeoutMs: number;
  readYourWritesTimeoutMs: number;
  /** Largest evidence file accepted by POST /files, in bytes. */
  evidenceMaxBytes: number;
  /** PDFs and XLSX registers made at once (REPORT_CONCURRENCY) and waiting beyond them (REPORT_QUEUE). */
  reports: { concurrency: number; queue: number };
  logLevel: string;
  /** When set, /metrics asks for this bearer token; otherwise it answers loopback clients only. */
  metricsToken?: string;
  /** PUBLIC_SHOW_PERSON_NAMES: anonymous readers see police officers' and token subjects' names too. */
  publicShowPersonNames: boolean;
  /**
   * Reminders: SMTP_URL unset turns email off (the in-app list still works); `enabled` false keeps this
   * process from following the log for them at all (a replica that only serves, beside one that reminds).
   * `startOnBoot` is not a setting: `npm run demo` writes its history before reminders start, so that
   * the history counts as before the start (catch-up summaries) rather than as facts recorded late.
   */
  notify: {
    enabled: boolean;
    startOnBoot: boolean;
    smtpUrl?: string;
    mailFrom: string;
    publicUrl: string;
    intervalSeconds: number;
  } & NotifyRulesConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** NODE_ENV values that mean development; any other value is production (a typo must not open anything). */
const DEVELOPMENT_NODE_ENVS = ['', 'development', 'test'];
/** An IPv4 or IPv6 address or a host name, as `listen` takes it. */
const HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|[0-9A-Fa-f:.]+)$/;

/** A log past one machine: one place for it, and tokens every replica can verify (the dev secret is per data dir). */
function checkSharedLog(settings: Settings, postgresUrl?: string, eventStoreConnectionString?: string): void {
  if (postgresUrl && eventStoreConnectionString)
    settings.conflict('POSTGRES_URL and EVENTSTORE_CONNECTION_STRING are both set: the log must live in one place, set only one of them');
  const shared = postgresUrl ? 'POSTGRES_URL' : eventStoreConnectionString ? 'EVENTSTORE_CONNECTION_STRING' : undefined;
  if (shared && !settings.raw('AUTH_JWT_SECRET') && !settings.raw('AUTH_JWKS_URL'))
    settings.conflict(
      `${shared} is set, so several replicas may serve this log: set AUTH_JWT_SECRET or AUTH_JWKS_URL so each verifies the others' tokens (there is no development sign-in then)`,
    );
}

/** Every setting from the environment at once: all wrong ones are named in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const settings = new Settings(env);
  const cors = settings.text('CORS_ORIGINS');
  const port = settings.port('PORT', 3000);
  const production = !DEVELOPMENT_NODE_ENVS.includes(env.NODE_ENV ?? '');
  // The embedded default: the SQLite log and the secret it generates, nobody else's identity provider.
  const postgresUrl = settings.text('POSTGRES_URL');
  const eventStoreConnectionString = settings.text('EVENTSTORE_CONNECTION_STRING');
  checkSharedLog(settings, postgresUrl, eventStoreConnectionString);
  const embedded = !eventStoreConnectionString && !postgresUrl && settings.present('AUTH_').length === 0;
  const devSignIn = !production && embedded;
  const devSignInAnyClient = settings.flag('DEV_SIGN_IN', false);
  if (devSignInAnyClient && !devSignIn) {
    settings.conflict(
      'DEV_SIGN_IN=true needs the development sign-in: the embedded default, no AUTH_*, NODE_ENV unset, development or test',
    );
  }
  const config: AppConfig = {
    port,
    grpcPort: settings.port('GRPC_PORT', 50051),
    host: settings.checked('HOST', '', 'an IP address or host name', (h) => HOST.test(h)) || (devSignIn ? '127.0.0.1' : undefined),
    dataDir: resolve(settings.text('GOVERNANCE_DATA_DIR') ?? './data'),
    eventStoreConnectionString,
    postgresUrl,
    auth: {
      jwtSecret: settings.raw('AUTH_JWT_SECRET'),
      jwksUrl: settings.text('AUTH_JWKS_URL'),
      issuer: settings.text('AUTH_ISSUER'),
      audience: settings.text('AUTH_AUDIENCE'),
      clientId: settings.text('AUTH_CLIENT_ID'),
    },
    devSignIn,
    devSignInAnyClient,
    production,
    corsOrigins: !cors || cors === '*' ? true : cors.split(',').map((o) => o.trim()),
    bodyLimit: settings.size('BODY_LIMIT', 1024 ** 2),
    graphql: {
      // The longest input a person writes is three texts of 10 000 characters: 180 KB even with every
      // character sent as a \uXXXX escape (as Python's json does by default).
      bodyLimit: settings.size('GRAPHQL_BODY_LIMIT', 256 * 1024),
      maxOperations: settings.positiveInteger('WS_MAX_OPERATIONS', 50),
    },
    rateLimitPerMinute: settings.positiveInteger('RATE_LIMIT_PER_MINUTE', 600),
    trustProxy: trustedProxies(
      settings.checked('TRUST_PROXY', '', 'comma-separated addresses or CIDRs (like 10.0.0.0/8 or ::1)', (v) => !!trustedProxies(v)),
    ),
    maxConnectionsPerAddress: settings.positiveInteger('MAX_CONNECTIONS_PER_ADDRESS', 256),
    idleSocketTimeoutMs: settings.positiveInteger('HTTP_IDLE_TIMEOUT_MS', 120_000),
    readYourWritesTimeoutMs: settings.positiveInteger('READ_YOUR_WRITES_TIMEOUT_MS', 5000),
    logLevel: settings.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsToken: settings.raw('METRICS_TOKEN'),
    publicShowPersonNames: settings.flag('PUBLIC_SHOW_PERSON_NAMES', false),
    evidenceMaxBytes: settings.positiveInteger('EVIDENCE_MAX_BYTES', 20 * 1024 * 1024),
    // One core is left to the thread that answers queries.
    reports: {
      concurrency: settings.positiveInteger('REPORT_CONCURRENCY', Math.max(1, availableParallelism() - 1)),
      queue: settings.positiveInteger('REPORT_QUEUE', 20),
    },
    notify: {
      enabled: settings.flag('NOTIFY_ENABLED', true),
      startOnBoot: true,
      smtpUrl: settings.text('SMTP_URL'),
      mailFrom: settings.text('MAIL_FROM') ?? 'notifications@localhost',
      publicUrl: settings.text('PUBLIC_URL') ?? `http://localhost:${port}`,
      intervalSeconds: settings.positiveInteger('NOTIFY_INTERVAL_SECONDS', 60),
      ...notifyRulesFrom(settings),
    },
  };
  settings.throwIfWrong();
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
