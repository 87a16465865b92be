const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const transform = { '^.+\\.ts$': ['@swc/jest', require('./scripts/swc-options')] };
const common = { rootDir: __dirname, moduleFileExtensions: ['js', 'json', 'ts'], testEnvironment: 'node', transform, moduleNameMapper };
// The running app and the browser tests start the built API (and web app), built once per run.
const builtApp = { globalSetup: '<rootDir>/test/support/global-setup.js' };

// Four tiers, one project each (README, "Tests"): `--selectProjects unit|int|e2e|web`.
module.exports = {
  projects: [
    // In memory only: deciders, handlers over the in-memory store, projections over in-memory SQLite.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts'] },
    // Beside the code too, but with real files, processes (PostgreSQL), restarts or long property runs.
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{libs,apps}/**/*.int-spec.ts'] },
    { ...common, ...builtApp, displayName: 'e2e', testMatch: ['<rootDir>/test/*.e2e-spec.ts'] },
    { ...common, ...builtApp, displayName: 'web', testMatch: ['<rootDir>/test/web/**/*.e2e-spec.ts'] },
  ],
  testTimeout: 60000,
};
