// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Every spelling of a Node built-in (`fs`, `node:fs`, `fs/promises`): used to keep Node out of
// the layers that must run in a browser or anywhere (common/, renderer/, preload/).
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`, `${name}/*`]);

/**
 * The layer rules of DESIGN.md, as import restrictions per folder.
 * @param {string[]} paths bare modules that are off limits
 * @param {string[]} patterns import patterns (our own folders) that are off limits
 * @param {string} message why
 */
function restrict(paths, patterns, message) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: [{ group: [...patterns, ...paths.filter((p) => p.endsWith('/*'))], message }],
      },
    ],
  };
}

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
  {
    files: ['common/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'sharp', 'better-sqlite3'],
      ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**'],
      'common/ is pure TypeScript: it imports nothing of Node, the DOM, Electron or our other layers.',
    ),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      ['electron'],
      ['**/electron/**', '**/serve/**', '**/preload/**', '**/renderer/**', '**/cli', '**/test/**'],
      'main/core is Electron-free and knows no transport: it is used by the CLI, serve and the app alike.',
    ),
  },
  {
    files: ['main/serve/**/*.ts', 'main/cli/**/*.ts'],
    rules: restrict(
      ['electron'],
      ['**/electron/**', '**/preload/**', '**/renderer/**'],
      'The CLI and serve run under plain Node: no Electron.',
    ),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'react'],
      ['**/main/**', '**/renderer/**'],
      'The preload imports only common/ and electron (contextBridge, ipcRenderer, webUtils).',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeBuiltins, 'electron', 'sharp', 'better-sqlite3'],
        ['**/main/**', '**/preload/**'],
        'The renderer talks only to the contract interface from common/: no Node, Electron or main code.',
      ),
    },
  },
  {
    files: ['test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
