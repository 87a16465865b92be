// npm run demo [-- --size small]: the service on its own data dir (./demo-data), filled on first start with two years of history.
import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { OrganisationQueries } from '@gov/read-model';
import { loadConfig } from '../config';
import { DEMO_SIZES, DemoSize, demoFilled, fillDemo } from '../demo/demo-history';
import { createApp } from '../app.factory';
import { serve } from '../serve';

async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'full' } } });
  const size = values.size as DemoSize;
  if (!(size in DEMO_SIZES)) throw new Error(`--size is one of ${Object.keys(DEMO_SIZES).join(', ')}`);
  process.env.GOVERNANCE_DATA_DIR ||= 'demo-data';
  const config = loadConfig();
  // The demo's history must never mix with a real install's.
  if (resolve(config.dataDir) === resolve('data'))
    throw new Error('npm run demo never writes ./data: set GOVERNANCE_DATA_DIR to another dir');
  if (config.eventStoreConnectionString || config.postgresUrl) throw new Error('npm run demo runs on the embedded log only');
  const log = new Logger('Demo');
  if (!demoFilled(config.dataDir)) {
    // Reminders start once the history is in, as they would have over a real one: what became due
    // in it goes into one catch-up summary per recipient, not into hundreds of "recorded late" messages.
    const filling = await createApp({ ...config, notify: { ...config.notify, startOnBoot: false } });
    await filling.init();
    log.log(`filling ${config.dataDir} through the write side (the first start takes a few minutes)…`);
    await fillDemo(filling, config.dataDir, size, (line) => log.log(line));
    await filling.close();
  }
  const app = await serve(config);
  const summary = await fillDemo(app, config.dataDir, size, (line) => log.log(line));
  const organisation = app.get(OrganisationQueries);
  const [karaganda] = organisation.bodies();
  const url = await app.getUrl();
  const base = url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  console.log(
    [
      '',
      `Demo ready: ${summary.commands} commands of history, filled ${summary.filledAt}.`,
      `Open ${base}/ and choose Sign in; the development sign-in offers these roles:`,
      `  - secretary of "${karaganda?.name.ru ?? ''}" (secretary:${karaganda?.id ?? ''}): meetings, recommendations, returns and extensions`,
      '  - a unit, e.g. "УП района имени Казыбек би": its inbox, accepting, progress with evidence, extensions',
      '  - oversight: the dashboard, register and timelines; admin: units, bodies, members',
      'Anyone (no sign-in) sees the published meetings. Ctrl-C stops it; the next `npm run demo` serves the same data.',
    ].join('\n'),
  );
}

main().catch((error) => {
  new Logger('Demo').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
