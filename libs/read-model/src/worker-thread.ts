import { join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Starts `entry` (a module's path without its extension) in a worker thread: the compiled `.js` in
 * a build (dist); run from the TypeScript sources (tests, npm run scripts), the thread first
 * installs the SWC hook they were loaded with.
 */
export function startWorkerThread(entry: string, options: WorkerOptions = {}): Worker {
  if (__filename.endsWith('.js')) return new Worker(`${entry}.js`, options);
  const register = join(__dirname, '../../../scripts/register-ts.js');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(`${entry}.ts`)});`, { ...options, eval: true });
}
