// Ships the gRPC contract with the build: dist/proto mirrors proto/.
const { cpSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
cpSync(join(root, 'proto'), join(root, 'dist/proto'), { recursive: true });
