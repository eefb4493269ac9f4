// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Every spelling of a Node built-in (`fs`, `node:fs`; subpaths such as `fs/promises` are covered
// by `layer` below): kept out of the layers that must run in a browser or anywhere.
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

// Packages that run only under Node (native code, worker threads, the terminal, the file
// system): the core's, the CLI's and serve's, never a browser's.
const nodeOnlyPackages = [
  'piscina',
  'commander',
  'yazl',
  'exifr',
  'better-sqlite3',
  'sharp',
  'cli-progress',
  'heic-decode',
];

// The contract's zod schemas are main's: the renderer and the preload take its types with
// `import type`, and the method and event names from common/method-names.ts (zod and every
// schema would otherwise be bundled into the page).
const zodContract = {
  group: [
    '**/common/contract',
    '**/common/contract.ts',
    '**/common/contract.js',
    // Its description shapes, which it re-exports: zod as well.
    '**/common/description-schemas',
    '**/common/description-schemas.ts',
    '**/common/description-schemas.js',
  ],
  allowTypeImports: true,
  message:
    'Import only types from the zod contract here (`import type`); method and event names come from common/method-names.ts.',
};

/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A regular expression literal (for a selector) that matches a module specifier naming one of
 * `modules` (or a subpath of one) or matching one of the folder globs, as `patterns` match them.
 * @param {string[]} modules
 * @param {string[]} folders
 */
function specifierRegExp(modules, folders) {
  const bare = `^(?:${modules.map(escapeRegExp).join('|')})(?:\\/|$)`;
  const globs = folders.map((glob) => {
    let body = glob;
    let start = '^';
    let end = '(?:\\.[cm]?[jt]sx?)?$';
    if (body.startsWith('**/')) [body, start] = [body.slice(3), '(?:^|\\/)'];
    if (body.endsWith('/**')) [body, end] = [body.slice(0, -3), '\\/'];
    return start + escapeRegExp(body) + end;
  });
  return `/${[bare, ...globs].join('|')}/`;
}

/**
 * One layer's rules: what it may not import, whichever way it is loaded (`import`, `export …
 * from`, `import()`, `require`, `createRequire(…)(…)`).
 * @param {object} layer
 * @param {string[]} layer.modules bare modules that are off limits (and their subpaths)
 * @param {string[]} layer.folders import globs (our own folders) that are off limits
 * @param {string} layer.message why
 * @param {any[]} [layer.paths] further `no-restricted-imports` paths (names allowed from a module)
 * @param {any[]} [layer.patterns] further `no-restricted-imports` patterns
 * @param {string[]} [layer.loadable] modules `paths` allows in part, off limits to a dynamic load
 * @param {string[]} [layer.nodeGlobals] Node globals that do not exist in this layer
 */
function layer({
  modules,
  folders,
  message,
  paths = [],
  patterns = [],
  loadable = [],
  nodeGlobals,
}) {
  const forbidden = specifierRegExp(
    [...modules, ...loadable],
    [...folders, ...patterns.flatMap((pattern) => pattern.group)],
  );
  const loaded = `${message} Loading it with import() or require() is importing it too.`;
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [...modules.map((name) => ({ name, message })), ...paths],
        patterns: [
          { group: [...folders, ...[...modules, ...loadable].map((name) => `${name}/*`)], message },
          ...patterns,
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression[source.value=${forbidden}]`, message: loaded },
      {
        selector: `CallExpression[callee.name='require'][arguments.0.value=${forbidden}]`,
        message: loaded,
      },
      {
        selector: `CallExpression[callee.callee.name='createRequire'][arguments.0.value=${forbidden}]`,
        message: loaded,
      },
    ],
    ...(nodeGlobals && {
      'no-restricted-globals': [
        'error',
        ...nodeGlobals.map((name) => ({ name, message: `${message} \`${name}\` is Node's.` })),
      ],
    }),
  };
}

// The type-aware rules: each file is checked in the TypeScript program of its runtime.
const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  // A `default` counts: the rule is there for the switch without one when a union grows.
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true },
  ],
};

/**
 * Which tsconfig's program lints which TypeScript files: the first entry whose globs match a
 * file (each entry's block ignores the files of the entries before it).
 * @type {[string[], string][]}
 */
const programs = [
  [['common/**/*.ts'], './tsconfig.common.json'],
  [['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'], './tsconfig.web.json'],
  [['test/e2e/**/*.ts', 'bench/ui-bench.ts'], './tsconfig.e2e.json'],
  [['**/*.ts'], './tsconfig.node.json'],
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'bench/.corpus/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  ...programs.map(([files, project], index) => ({
    files,
    ignores: programs.slice(0, index).flatMap(([earlier]) => earlier),
    languageOptions: { parserOptions: { project, tsconfigRootDir: import.meta.dirname } },
    rules: typeAwareRules,
  })),
  {
    files: ['common/**/*.ts'],
    rules: layer({
      modules: [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'],
      folders: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**'],
      nodeGlobals: ['require', 'process', 'Buffer', '__dirname', '__filename', 'global'],
      message:
        'common/ is pure TypeScript: it imports nothing of Node, the DOM, Electron or our other layers.',
    }),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: layer({
      modules: ['electron'],
      folders: [
        '**/electron/**',
        '**/serve/**',
        '**/preload/**',
        '**/renderer/**',
        '**/cli',
        '**/test/**',
      ],
      message:
        'main/core is Electron-free and knows no transport: it is used by the CLI, serve and the app alike.',
    }),
  },
  {
    files: ['main/serve/**/*.ts', 'main/cli/**/*.ts'],
    rules: layer({
      modules: ['electron'],
      folders: ['**/electron/**', '**/preload/**', '**/renderer/**'],
      message: 'The CLI and serve run under plain Node: no Electron.',
    }),
  },
  {
    files: ['preload/**/*.ts'],
    rules: layer({
      modules: [...nodeBuiltins, ...nodeOnlyPackages, 'react'],
      folders: ['**/main/**', '**/renderer/**'],
      message:
        'The preload imports only common/ and electron (contextBridge, ipcRenderer, webUtils).',
      paths: [
        {
          name: 'electron',
          allowImportNames: ['contextBridge', 'ipcRenderer', 'webUtils'],
          allowTypeImports: true,
          message:
            'A sandboxed preload uses only contextBridge, ipcRenderer and webUtils: main-process APIs stay in main/electron.',
        },
      ],
      patterns: [zodContract],
      loadable: ['electron'],
      nodeGlobals: ['require'],
    }),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer({
        modules: [...nodeBuiltins, ...nodeOnlyPackages, 'electron'],
        folders: ['**/main/**', '**/preload/**'],
        patterns: [zodContract],
        nodeGlobals: ['require', 'process', 'Buffer', '__dirname', '__filename', 'global'],
        message:
          'The renderer talks only to the contract interface from common/: no Node, Electron or main code.',
      }),
    },
  },
  {
    files: ['test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
