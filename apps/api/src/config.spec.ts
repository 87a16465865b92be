import { loadConfig } from './config';

describe('configuration of operations', () => {
  it('logs at info unless LOG_LEVEL says otherwise, in any case', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it('refuses a LOG_LEVEL pino does not know, naming the ones it does', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });

  it('guards metrics with METRICS_TOKEN only when it is set and not empty', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 's3cret' }).metricsToken).toBe('s3cret');
  });
});

describe('every setting is validated the same way', () => {
  it.each(['NaN', 'abc', '1.5', '-1', '0', '1e3', '0x10', 'Infinity'])(
    'refuses RATE_LIMIT_PER_MINUTE and READ_YOUR_WRITES_TIMEOUT_MS of "%s"',
    (value) => {
      expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: value })).toThrow(
        `RATE_LIMIT_PER_MINUTE must be a positive whole number, got "${value}"`,
      );
      expect(() => loadConfig({ READ_YOUR_WRITES_TIMEOUT_MS: value })).toThrow(
        `READ_YOUR_WRITES_TIMEOUT_MS must be a positive whole number, got "${value}"`,
      );
    },
  );

  it('takes whole numbers and keeps the defaults when unset or empty', () => {
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '40', READ_YOUR_WRITES_TIMEOUT_MS: ' 250 ' })).toMatchObject({
      rateLimitPerMinute: 40,
      readYourWritesTimeoutMs: 250,
    });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '' })).toMatchObject({ rateLimitPerMinute: 600, readYourWritesTimeoutMs: 5000 });
  });

  it('reads sizes as body-parser does, in units of 1024 bytes', () => {
    expect(loadConfig({})).toMatchObject({ bodyLimit: 1024 ** 2, graphql: { bodyLimit: 256 * 1024, maxOperations: 50 } });
    expect(loadConfig({ BODY_LIMIT: '2mb', GRAPHQL_BODY_LIMIT: '100 KB', WS_MAX_OPERATIONS: '7' })).toMatchObject({
      bodyLimit: 2 * 1024 ** 2,
      graphql: { bodyLimit: 100 * 1024, maxOperations: 7 },
    });
    expect(loadConfig({ GRAPHQL_BODY_LIMIT: '65536' }).graphql.bodyLimit).toBe(65536);
  });

  it('names every wrong setting in one error, the general ones and the reminder ones alike', () => {
    const start = () =>
      loadConfig({
        PORT: '70000',
        GRPC_PORT: 'grpc',
        RATE_LIMIT_PER_MINUTE: 'NaN',
        READ_YOUR_WRITES_TIMEOUT_MS: 'soon',
        EVIDENCE_MAX_BYTES: '-5',
        LOG_LEVEL: 'verbose',
        BODY_LIMIT: 'huge',
        GRAPHQL_BODY_LIMIT: '0kb',
        WS_MAX_OPERATIONS: '0',
        HOST: 'not a host',
        NOTIFY_ENABLED: 'yes',
        DIGEST_HOUR: '24',
      });
    expect(start).toThrow(
      'Settings are wrong: PORT must be a port number (0-65535), got "70000"; ' +
        'GRPC_PORT must be a port number (0-65535), got "grpc"; ' +
        'HOST must be an IP address or host name, got "not a host"; ' +
        'BODY_LIMIT must be a size such as 100kb or 1mb, got "huge"; ' +
        'GRAPHQL_BODY_LIMIT must be a size such as 100kb or 1mb, got "0kb"; ' +
        'WS_MAX_OPERATIONS must be a positive whole number, got "0"; ' +
        'RATE_LIMIT_PER_MINUTE must be a positive whole number, got "NaN"; ' +
        'READ_YOUR_WRITES_TIMEOUT_MS must be a positive whole number, got "soon"; ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"; ' +
        'EVIDENCE_MAX_BYTES must be a positive whole number, got "-5"; ' +
        'NOTIFY_ENABLED must be true or false, got "yes"; ' +
        'DIGEST_HOUR must be an hour from 0 to 23, got "24"',
    );
  });
});

describe('development or production, and the development sign-in', () => {
  it.each([undefined, '', 'development', 'test'])('NODE_ENV=%s is development', (nodeEnv) => {
    expect(loadConfig({ NODE_ENV: nodeEnv })).toMatchObject({ production: false, devSignIn: true });
  });

  it.each(['production', 'Production', 'prod', 'staging', 'Development', 'dev'])(
    'NODE_ENV=%s is production: no development sign-in, and every interface',
    (nodeEnv) => {
      expect(loadConfig({ NODE_ENV: nodeEnv })).toMatchObject({ production: true, devSignIn: false, host: undefined });
    },
  );

  it.each([
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 's' }],
    ['AUTH_AUDIENCE', { AUTH_AUDIENCE: 'governance' }],
  ])('the development sign-in exists only on the embedded default: not with %s', (_, env) => {
    expect(loadConfig({ NODE_ENV: 'development', ...env }).devSignIn).toBe(false);
  });

  it('listens on loopback with the development sign-in, on HOST when set, on every interface otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ AUTH_JWT_SECRET: 's' }).host).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('trusts no proxy unless TRUST_PROXY names it, and refuses a TRUST_PROXY that is not addresses or CIDRs', () => {
    expect(loadConfig({}).trustProxy.check('127.0.0.1')).toBe(false);
    const { trustProxy } = loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1' });
    expect([trustProxy.check('10.2.3.4'), trustProxy.check('::1', 'ipv6'), trustProxy.check('11.0.0.1')]).toEqual([true, true, false]);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow('TRUST_PROXY must be comma-separated addresses or CIDRs');
    expect(() => loadConfig({ MAX_CONNECTIONS_PER_ADDRESS: '0' })).toThrow('MAX_CONNECTIONS_PER_ADDRESS must be a positive whole number');
  });

  it('DEV_SIGN_IN=true opens the sign-in to any client, and is refused where there is no sign-in to open', () => {
    expect(loadConfig({}).devSignInAnyClient).toBe(false);
    expect(loadConfig({ DEV_SIGN_IN: 'true' }).devSignInAnyClient).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'prod', DEV_SIGN_IN: 'true' })).toThrow(
      'DEV_SIGN_IN=true needs the development sign-in: the embedded default, no AUTH_*, NODE_ENV unset, development or test',
    );
  });
});

describe('reminder settings from the environment', () => {
  it('keeps the documented defaults: due soon 7 days, weekly overdue, escalation after 14, verification after 3 and 7, minutes after 7, digest at 8 in Almaty', () => {
    expect(loadConfig({}).notify).toMatchObject({
      rules: { dueSoonDays: 7, overdueRepeatDays: 7, escalationDays: 14, verificationReminderDays: [3, 7], minutesApprovalDays: 7 },
      digestHour: 8,
      timeZone: 'Asia/Almaty',
    });
  });

  it('takes each rule, the digest hour and the time zone a deployment sets', () => {
    const notify = loadConfig({
      DUE_SOON_DAYS: '10',
      OVERDUE_REPEAT_DAYS: '3',
      OVERDUE_ESCALATION_DAYS: '30',
      VERIFICATION_REMINDER_DAYS: '2, 5,9',
      MINUTES_APPROVAL_DAYS: '14',
      DIGEST_HOUR: '0',
      NOTIFY_TIMEZONE: 'Asia/Aqtobe',
    }).notify;
    expect(notify).toMatchObject({
      rules: { dueSoonDays: 10, overdueRepeatDays: 3, escalationDays: 30, verificationReminderDays: [2, 5, 9], minutesApprovalDays: 14 },
      digestHour: 0,
      timeZone: 'Asia/Aqtobe',
    });
  });

  it('refuses wrong settings at start, naming every one that is wrong', () => {
    const start = () =>
      loadConfig({ DUE_SOON_DAYS: 'seven', VERIFICATION_REMINDER_DAYS: '7,3', DIGEST_HOUR: '24', NOTIFY_TIMEZONE: 'Mars/Olympus' });
    expect(start).toThrow(
      'Settings are wrong: DUE_SOON_DAYS must be a whole number of days from 1 to 365, got "seven"; ' +
        'VERIFICATION_REMINDER_DAYS must be increasing whole numbers of days from 1 to 365, separated by commas (e.g. 3,7), got "7,3"; ' +
        'DIGEST_HOUR must be an hour from 0 to 23, got "24"; NOTIFY_TIMEZONE must be an IANA time zone such as Asia/Almaty, got "Mars/Olympus"',
    );
    expect(() => loadConfig({ OVERDUE_ESCALATION_DAYS: '0' })).toThrow(
      'OVERDUE_ESCALATION_DAYS must be a whole number of days from 1 to 365, got "0"',
    );
    expect(() => loadConfig({ MINUTES_APPROVAL_DAYS: '1.5' })).toThrow('MINUTES_APPROVAL_DAYS must be a whole number');
  });

  it('runs reminders unless NOTIFY_ENABLED is false (a replica that only serves)', () => {
    expect(loadConfig({}).notify.enabled).toBe(true);
    expect(loadConfig({ NOTIFY_ENABLED: 'FALSE' }).notify.enabled).toBe(false);
    expect(loadConfig({ NOTIFY_ENABLED: 'true' }).notify.enabled).toBe(true);
    expect(() => loadConfig({ NOTIFY_ENABLED: 'off' })).toThrow('NOTIFY_ENABLED must be true or false, got "off"');
  });
});

describe('a log shared by several machines', () => {
  it('refuses POSTGRES_URL together with EVENTSTORE_CONNECTION_STRING, saying why', () => {
    expect(() =>
      loadConfig({ POSTGRES_URL: 'postgres://db/gov', EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113', AUTH_JWT_SECRET: 'x'.repeat(32) }),
    ).toThrow(/POSTGRES_URL and EVENTSTORE_CONNECTION_STRING are both set/);
  });

  it('refuses either shared log without AUTH_JWT_SECRET or AUTH_JWKS_URL, since replicas verify each other’s tokens', () => {
    expect(() => loadConfig({ POSTGRES_URL: 'postgres://db/gov' })).toThrow(/POSTGRES_URL is set.*AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(() => loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113' })).toThrow(/EVENTSTORE_CONNECTION_STRING is set/);
  });

  it('serves a PostgreSQL log with shared token verification and no development sign-in', () => {
    const config = loadConfig({ POSTGRES_URL: 'postgres://db/gov', AUTH_JWKS_URL: 'https://idp/jwks' });
    expect(config).toMatchObject({ postgresUrl: 'postgres://db/gov', devSignIn: false });
    expect(loadConfig({}).devSignIn).toBe(true);
  });
});
