import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marks a data dir as in use by a running service, so that a restore does not write under it. */
export const SERVICE_PID_FILE = 'service.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live service serving from `dataDir`, if any (a pid file left by a crash does not count). */
export function runningServicePid(dataDir: string): number | undefined {
  const file = join(dataDir, SERVICE_PID_FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

/** Records this process as the data dir's service until it exits. */
export function markServiceRunning(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SERVICE_PID_FILE);
  writeFileSync(file, `${process.pid}\n`);
  process.once('exit', () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  });
}
