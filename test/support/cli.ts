import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Runs one of the `npm run` commands (apps/api/src/cli/<script>) as its own process, without blocking this one. */
export function runCli(script: string, env: Record<string, string>, args: string[] = []): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/cli', script), ...args], {
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}
