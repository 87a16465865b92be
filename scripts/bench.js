// npm run bench -- [args]: installs the benchmark's own packages (the peers the benchmarks compare
// against, and the load tool) when they are missing or not the pinned versions, then runs
// bench/run.ts. They live outside the product's install because compiling sqlite3 for them was
// most of the time `npm ci` took, for a comparison users never run.
//
// Two packages, each installed on its own: bench/ (Emmett's SQLite store, which needs sqlite3, and
// autocannon) and bench/emmett-postgresql/ (Emmett's PostgreSQL store, whose Emmett is another
// version than the SQLite store's, and npm keeps one Emmett per package). Installing one never
// reinstalls the other, so adding a peer does not compile sqlite3 again.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const bench = path.join(__dirname, '..', 'bench');

function stalePackages(dir) {
  const { dependencies } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const installedVersion = (name) => {
    const file = path.join(dir, 'node_modules', name, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
  };
  return Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);
}

for (const dir of [bench, path.join(bench, 'emmett-postgresql')]) {
  const stale = stalePackages(dir);
  if (stale.length === 0) continue;
  console.log(
    `Installing the benchmark's packages into ${path.relative(process.cwd(), dir)}/node_modules (${stale.map(([n]) => n).join(', ')})…`,
  );
  if (stale.some(([name]) => name === 'sqlite3' || name === '@event-driven-io/emmett-sqlite'))
    console.log(
      'sqlite3 first tries to download a prebuilt binary from GitHub; where it cannot, it compiles SQLite from source, ' +
        'which takes several minutes and needs python3, make and a C++ compiler. Its compiler output follows.',
    );
  // The npm that runs this script, so `npm run bench` uses one npm throughout. Install scripts run in
  // the foreground: a silent spinner for the minutes a compile takes looks like a hang, and was stopped as one.
  const npm = process.env.npm_execpath;
  const args = ['ci', '--no-audit', '--no-fund', '--foreground-scripts'];
  try {
    if (npm) execFileSync(process.execPath, [npm, ...args], { cwd: dir, stdio: 'inherit' });
    else execFileSync('npm', args, { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  } catch {
    console.error(
      `\nInstalling ${path.relative(process.cwd(), dir)}/package.json failed (see above). Without network access to GitHub, ` +
        'sqlite3 is compiled: install python3, make and g++ (Debian: apt-get install python3 make g++), then run npm run bench again.',
    );
    process.exit(1);
  }
}

require('./register-ts');
const entry = path.join(bench, 'run.ts');
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
