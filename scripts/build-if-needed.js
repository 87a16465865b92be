// Builds the API and the web app when their build is missing or older than their sources
// (used by npm start, the benchmarks and the end-to-end tests' global setup).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/api/src/main.js');
const webIndex = join(root, 'apps/web/dist/index.html');
const WEB = join(root, 'apps/web');

/** Newest modification time under dir, skipping the web app's own build output and the screenshots the tests take. */
function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (path === join(WEB, 'dist') || path === join(WEB, 'screenshots') || item.name === 'node_modules') continue;
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale = (output, sources) => !existsSync(output) || Math.max(...sources.map(newest)) > statSync(output).mtimeMs;
const bin = (path) => join(root, 'node_modules', path);

function buildIfNeeded() {
  if (stale(entry, [join(root, 'apps/api'), join(root, 'libs'), join(root, 'proto')])) {
    console.log('Building the API…');
    execFileSync(process.execPath, [bin('@nestjs/cli/bin/nest.js'), 'build', 'api'], { cwd: root, stdio: 'inherit' });
    require('./copy-proto');
  }
  // Vite bundles without type checking (that is npm run lint's job), so only the app's own files count.
  if (stale(webIndex, [WEB])) {
    console.log('Building the web app…');
    execFileSync(process.execPath, [bin('vite/bin/vite.js'), 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return entry;
}

module.exports = { buildIfNeeded, entry };

// Run directly (npm run demo): the demo serves the web app too, so it is built first as npm start builds it.
if (require.main === module) buildIfNeeded();
