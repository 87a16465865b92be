/**
 * The architecture that stays (docs/architecture.md, "Dependency rules"), checked by `npm run lint`:
 * the domain is pure, the write side sees only the domain and the log, the read model never the
 * write side, the HTTP and gRPC doors never GraphQL's code, and nothing circular or orphaned.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'The domain is pure deciders: no other lib, app, test or script of this repository.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { path: '^(libs/(?!domain/)|apps/|bench/|test/|scripts/)' },
    },
    {
      name: 'governance-only-domain-and-event-store',
      comment: 'The write side decides with the domain and appends to the log; nothing else of ours.',
      severity: 'error',
      from: { path: '^libs/governance/src' },
      to: { path: '^(libs/(?!(governance|domain|event-store)/)|apps/|bench/|test/|scripts/)' },
    },
    {
      name: 'read-model-never-governance',
      comment: 'The read model is built from the log, not from the write side.',
      severity: 'error',
      from: { path: '^libs/read-model/src' },
      to: { path: '^libs/governance/' },
    },
    {
      name: 'http-and-grpc-doors-never-graphql',
      comment: 'Reports, files and gRPC share rules through read-access/ and the libs, not GraphQL code.',
      severity: 'error',
      from: { path: '^apps/api/src/(reports|files|grpc)/' },
      to: { path: '^apps/api/src/graphql/' },
    },
    {
      name: 'no-circular',
      comment: 'No cycle that runs: a cycle through an import used only as a type (gone once compiled) is no load-order hazard.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'pre-compilation-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead code (entry points and tests excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '\\.(int-|e2e-)?spec\\.tsx?$', '(^|/)[^/]+\\.config\\.[cm]?[jt]s$', '^scripts/', '^bench/'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/' },
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
