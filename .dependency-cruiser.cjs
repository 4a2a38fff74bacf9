/**
 * The boundaries of ARCHITECTURE.md, checked in CI by `npm run lint`.
 * Each rule names what a folder may NOT import.
 */
const folder = (f) => `^src/${f}/`;
const notIn = (...fs) => fs.map((f) => `^src/${f}/`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'raft-is-self-contained',
      comment: 'raft imports nothing outside itself.',
      severity: 'error',
      from: { path: folder('raft') },
      to: { pathNot: ['^src/raft/', '^node_modules/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'backend-is-self-contained',
      comment: 'backend imports nothing outside itself.',
      severity: 'error',
      from: { path: folder('backend') },
      to: { pathNot: ['^src/backend/', '^node_modules/'] },
    },
    {
      name: 'mvcc-uses-backend-and-protocol-only',
      severity: 'error',
      from: { path: folder('mvcc') },
      to: { path: notIn('raft', 'lease', 'server', 'sim', 'cluster', 'console', 'store', 'viz', 'ui') },
    },
    {
      name: 'lease-uses-backend-mvcc-protocol-only',
      severity: 'error',
      from: { path: folder('lease') },
      to: { path: notIn('raft', 'server', 'sim', 'cluster', 'console', 'store', 'viz', 'ui') },
    },
    {
      name: 'server-uses-pure-folders-and-protocol',
      severity: 'error',
      from: { path: folder('server') },
      to: { path: [...notIn('sim', 'cluster', 'console', 'store', 'viz', 'ui'), '^workers/'] },
    },
    {
      name: 'sim-never-touches-the-browser-host',
      severity: 'error',
      from: { path: folder('sim') },
      to: { path: [...notIn('cluster', 'store', 'viz', 'ui'), '^workers/', 'node_modules/(idb|comlink)/'] },
    },
    {
      name: 'workers-never-import-main-thread',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: notIn('cluster', 'store', 'viz', 'ui', 'console') },
    },
    {
      name: 'console-uses-an-injected-client',
      comment: 'Console code runs against an injected ClusterClient; only its test harness (testing/) may start a real cluster.',
      severity: 'error',
      from: { path: folder('console'), pathNot: '^src/console/testing/' },
      to: { path: [...notIn('cluster', 'store', 'viz', 'ui', 'server', 'sim'), '^workers/'] },
    },
    {
      name: 'lessons-run-against-an-injected-world',
      comment: 'The lesson engine (parser, conditions, session) sees the page only through its LessonWorld interface.',
      severity: 'error',
      from: { path: folder('lessons') },
      to: { path: [...notIn('cluster', 'console', 'store', 'viz', 'ui', 'server', 'sim', 'raft', 'mvcc', 'backend', 'lease'), '^workers/', 'node_modules/(react|react-dom|zustand|d3-[a-z-]+)/'] },
    },
    {
      name: 'store-has-no-react-or-d3',
      severity: 'error',
      from: { path: folder('store') },
      to: { path: ['node_modules/(react|react-dom|d3-[a-z-]+)/', ...notIn('ui', 'viz')] },
    },
    {
      name: 'viz-has-no-react-or-zustand',
      severity: 'error',
      from: { path: folder('viz') },
      to: { path: ['node_modules/(react|react-dom|zustand)/', ...notIn('ui')] },
    },
    {
      name: 'only-ui-uses-react',
      severity: 'error',
      from: { pathNot: ['^src/ui/', '^src/main\\.tsx$'] },
      to: { path: 'node_modules/(react|react-dom)/' },
    },
    {
      name: 'e2e-imports-no-src',
      severity: 'error',
      from: { path: '^e2e/' },
      to: { path: ['^src/', '^workers/'] },
    },
    {
      name: 'no-circular',
      comment: 'No runtime import cycles (a type-only import back to a class that was split into files is fine).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', 'node_modules'] },
  },
};
