// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import boundaries between the three roots (see README, "Architecture"). */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto'];
const restrict = (groups, extraPatterns = []) => [
  'error',
  {
    patterns: [
      ...groups.map((group) => ({
        group,
        message: 'This import crosses an architecture boundary (see README, "Architecture").',
      })),
      ...extraPatterns,
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'native/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.bench/**',
      '.shots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  // src-shared is the contract: pure TypeScript that both sides import.
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': restrict([
        ['**/src-main/**', '**/src-renderer/**', '**/e2e/**'],
        ['electron', 'electron/*', 'react', 'react-dom', ...nodeBuiltins],
      ]),
    },
  },
  // React's rules of hooks and the compiler's checks (effects' dependencies, refs, purity).
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  // The renderer talks to main only through the client interface.
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      // Zustand store actions are closures picked by selectors (`useStore((s) => s.set)`), never
      // bound to `this`; the rule cannot tell them from class methods.
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': restrict([
        ['**/src-main/**', '**/e2e/**'],
        ['electron', 'electron/*', 'better-sqlite3', ...nodeBuiltins],
      ]),
    },
  },
  // Inside the renderer, layers point down: app/ (the shell) may import features, features may
  // import client/, state/ and components/, and those import neither features nor app.
  // A feature's own store (`features/<name>/*-store.ts`) is read by that feature and app/ only;
  // a store that several features read lives in state/.
  {
    files: ['src-renderer/features/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          ['**/src-main/**', '**/e2e/**'],
          ['electron', 'electron/*', 'better-sqlite3', ...nodeBuiltins],
          ['**/app/**'],
        ],
        [
          {
            group: ['../*/*-store'],
            message:
              "Another feature's store: a store that several features read belongs in state/.",
          },
        ],
      ),
    },
  },
  {
    files: ['src-renderer/client/**', 'src-renderer/state/**', 'src-renderer/components/**'],
    rules: {
      'no-restricted-imports': restrict([
        ['**/src-main/**', '**/e2e/**'],
        ['electron', 'electron/*', 'better-sqlite3', ...nodeBuiltins],
        ['**/app/**', '**/features/**'],
      ]),
    },
  },
  // The engine runs in plain Node (CLI, server, tests): only src-main/electron may import electron.
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        ['**/src-renderer/**', '**/e2e/**'],
        ['electron', 'electron/*'],
      ]),
    },
  },
  {
    files: ['src-main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([['**/src-renderer/**', '**/e2e/**']]),
      // Every IPC handler goes through the IPC table (ipc-table.ts), which checks the sender
      // and parses the arguments before the handler runs.
      'no-restricted-properties': [
        'error',
        ...['handle', 'handleOnce', 'on', 'once', 'addListener'].map((property) => ({
          object: 'ipcMain',
          property,
          message: 'Add an entry to the IPC table (src-main/electron/ipc-table.ts) instead.',
        })),
      ],
    },
  },
  {
    files: ['e2e/**', 'scripts/**', '*.config.ts', 'electron-builder.ts'],
    languageOptions: { globals: globals.node },
  },
);
