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
      'Reminder settings are wrong: DUE_SOON_DAYS must be a whole number of days from 1 to 365, got "seven"; ' +
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
