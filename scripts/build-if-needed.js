// Builds the API when dist is missing or older than the sources (used by npm start and the benchmarks).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/api/src/main.js');

function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function buildIfNeeded() {
  const stale = !existsSync(entry) || Math.max(...['apps', 'libs', 'proto'].map((d) => newest(join(root, d)))) > statSync(entry).mtimeMs;
  if (stale) {
    console.log('Building…');
    execFileSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'api'], { cwd: root, stdio: 'inherit' });
    require('./copy-proto');
  }
  return entry;
}

module.exports = { buildIfNeeded, entry };
