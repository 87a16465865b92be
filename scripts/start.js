// npm start: build when the sources are newer than the build, then serve.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { buildIfNeeded } = require('./build-if-needed');

const entry = buildIfNeeded();
const child = spawn(process.execPath, ['--enable-source-maps', entry], { cwd: join(__dirname, '..'), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
