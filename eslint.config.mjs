// ESLint (flat config): typescript-eslint's type-checked recommendations, and import rules that hold the layers
// apart (CONTRIBUTING.md, "Layers"): shared/ knows nothing else, core/ knows shared/ and never VS Code, the webview
// knows only itself and shared/; on the VS Code side services/ < views/ < commands/ < extension.ts, each importing
// only the layers below it (commandIds.ts, settingKeys.ts and labels.ts are leaves all three share).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'stream',
  'stream/*',
  'worker_threads',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'url',
  'util',
  'zlib',
  'events',
];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

/** The VS Code side and the webview: what plain-Node code (core/, cli/) never imports. */
const HOST_SIDE = [
  '**/views/**',
  '**/commands/**',
  '**/services/**',
  '**/webview/**',
  '**/extension',
  '**/commandIds',
  '**/settingKeys',
  '**/labels',
];

/** What no webview code imports: it runs in a browser and knows only src/webview and src/shared. */
const WEBVIEW_NEVER = [
  'vscode',
  '**/core/**',
  '**/views/**',
  '**/commands/**',
  '**/services/**',
  '**/extension',
  ...nodeBuiltins,
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      'tools/',
      'node_modules/',
      '.test-work/',
      'bench-data/',
      'test/fixtures/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON from servers and files: `any` from JSON.parse is their daily bread, checked by assertions.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      ['vscode', '**/core/**', '**/views/**', '**/commands/**', '**/services/**', '**/webview/**', ...nodeBuiltins],
      'src/shared is imported by the host and the webview: no vscode, no Node APIs, nothing outside src/shared.',
    ),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(
      ['vscode', ...HOST_SIDE, '**/cli/**'],
      'src/core is plain Node: it may import src/shared and Node, never vscode or the UI layers.',
    ),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      ['vscode', ...HOST_SIDE],
      'src/cli is the command line: argument parsing and output over src/core and src/shared, never vscode.',
    ),
  },
  {
    files: ['src/commandIds.ts', 'src/settingKeys.ts', 'src/labels.ts'],
    rules: restrict(
      ['**/views/**', '**/commands/**', '**/services/**', '**/webview/**', '**/extension'],
      'commandIds.ts, settingKeys.ts and labels.ts are leaves: services, views and commands import them, they import none of those.',
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrict(
      ['**/views/**', '**/commands/**', '**/webview/**', '**/extension'],
      'src/services is below views and commands: it may import core, shared, commandIds and labels; views are handed in as interfaces.',
    ),
  },
  {
    files: ['src/views/**/*.ts'],
    rules: restrict(
      ['**/commands/**', '**/webview/**', '**/extension'],
      'src/views is below commands: it may import services, core, shared, commandIds and labels; it runs commands by id.',
    ),
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: restrict(
      ['**/webview/**', '**/extension'],
      'src/commands may import views, services, core and shared, never the webview bundle or the composition root.',
    ),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(WEBVIEW_NEVER, 'The webview runs in a browser: it imports only src/webview and src/shared.'),
  },
  // Later blocks replace the rule for their files, so each repeats the webview's own limits.
  {
    files: ['src/webview/common/**/*.ts'],
    rules: restrict(
      [...WEBVIEW_NEVER, '**/webview/table/**', '**/webview/trend/**', '../table/**', '../trend/**'],
      'src/webview/common is what the table and the trend pages share: it imports only itself and src/shared.',
    ),
  },
  {
    files: ['src/webview/table/**/*.ts'],
    rules: restrict(
      [...WEBVIEW_NEVER, '**/webview/trend/**', '../trend/**'],
      'The table page imports src/webview/common and src/shared, never the trend page.',
    ),
  },
  {
    files: ['src/webview/trend/**/*.ts'],
    rules: restrict(
      [...WEBVIEW_NEVER, '**/webview/table/**', '../table/**'],
      'The trend page imports src/webview/common and src/shared, never the table page.',
    ),
  },
);
