// npm run bench -- [args]: installs bench/'s own packages (the peers the benchmarks compare against,
// and the load tool) into bench/node_modules when they are missing or not the pinned versions, then
// runs bench/run.ts. They live outside the product's install because compiling sqlite3 for them was
// most of the time `npm ci` took, for a comparison users never run.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const bench = path.join(__dirname, '..', 'bench');
const { dependencies } = JSON.parse(readFileSync(path.join(bench, 'package.json'), 'utf8'));

const installedVersion = (name) => {
  const file = path.join(bench, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
};
const stale = Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);
if (stale.length > 0) {
  console.log(`Installing the benchmark's packages into bench/node_modules (${stale.map(([n]) => n).join(', ')})…`);
  // The npm that runs this script, so `npm run bench` uses one npm throughout.
  const npm = process.env.npm_execpath;
  const args = ['ci', '--no-audit', '--no-fund'];
  if (npm) execFileSync(process.execPath, [npm, ...args], { cwd: bench, stdio: 'inherit' });
  else execFileSync('npm', args, { cwd: bench, stdio: 'inherit', shell: process.platform === 'win32' });
}

require('./register-ts');
const entry = path.join(bench, 'run.ts');
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
