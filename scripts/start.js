// npm start: build when the sources are newer than the build, then serve.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { buildIfNeeded } = require('./build-if-needed');

const entry = buildIfNeeded();
// No --enable-source-maps: it reads every package's source map on load and slows each start by
// a quarter to a third (measured); tsc's output is close enough to the sources to read traces.
const child = spawn(process.execPath, [entry], { cwd: join(__dirname, '..'), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
