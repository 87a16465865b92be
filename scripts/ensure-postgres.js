// The PostgreSQL tests start a throwaway cluster from Debian's server binaries (never a server that
// happens to run): find them, or install Debian's package when running as root, or say the one
// command that installs them. Never a skip: the conformance suite runs against PostgreSQL every time.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = '/usr/lib/postgresql';
const INSTALL = 'apt-get update && apt-get install -y postgresql';

/** The bin dir of the newest installed major version with initdb and pg_ctl, or undefined. */
function findPostgresBin() {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  if (!existsSync(ROOT)) return undefined;
  return readdirSync(ROOT)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(ROOT, v, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}

function ensurePostgres() {
  const found = findPostgresBin();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.log(`PostgreSQL is missing; installing Debian's package: ${INSTALL}`);
    execSync(INSTALL, { stdio: 'inherit', shell: '/bin/sh', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = findPostgresBin();
    if (installed) return installed;
  }
  console.error(`The event-log tests need PostgreSQL's server binaries (initdb, pg_ctl). Install them with:\n  sudo sh -c '${INSTALL}'`);
  process.exit(1);
}

module.exports = { ensurePostgres, findPostgresBin, INSTALL };
if (require.main === module) ensurePostgres();
