// Usage: node scripts/run-ts.js file.ts [args...]
require('./register-ts');
const path = require('node:path');
const [, , file, ...args] = process.argv;
process.argv = [process.argv[0], path.resolve(file), ...args];
require(path.resolve(file));
