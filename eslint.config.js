// ESLint flat config: TypeScript rules everywhere, and the determinism rules of the pure folders
// (ARCHITECTURE.md: no clock, no randomness, no timers, no I/O, no DOM in the core).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const PURE = ['src/raft/**', 'src/backend/**', 'src/mvcc/**', 'src/lease/**', 'src/server/**', 'src/lessons/**'];

const impure = (name) => ({ name, message: 'Pure folders take time and randomness from their host (ARCHITECTURE.md).' });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: PURE,
    ignores: ['**/*.test.ts', '**/bench.ts', '**/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate',
          'queueMicrotask', 'performance', 'indexedDB', 'self', 'window', 'document', 'navigator',
          'fetch', 'localStorage', 'process', 'requestAnimationFrame', 'crypto'].map(impure),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the injected Rand.' },
        { object: 'Date', property: 'now', message: 'Time is ticks, passed in by the host.' },
      ],
    },
  },
);
