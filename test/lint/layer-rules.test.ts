/**
 * The layer rules of eslint.config.js, tested: a small probe per rule, linted as if it were a
 * file of its layer (ESLint's `lintText` with a virtual path under the layer's folder, so the
 * config's globs apply and nothing is written), must be reported by the rule that holds that
 * layer; and what each layer does import today must be reported by nothing.
 *
 * The probes are not in any tsconfig's program, so they are linted without type information
 * (every type-aware rule off): these tests are about the import rules, not the promise rules.
 */
import { ESLint, type Linter } from 'eslint';
import { plugin as tsPlugin } from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Every typescript-eslint rule that needs type information, off (it would throw without it).
// The package types its plugin loosely (for any ESLint version): only `rules` is read here.
const tsRules = (tsPlugin as { rules?: Record<string, { meta?: { docs?: object } }> }).rules ?? {};
const typeAwareRulesOff = Object.fromEntries(
  Object.entries(tsRules)
    .filter(([, rule]) => rule.meta?.docs && 'requiresTypeChecking' in rule.meta.docs)
    .filter(
      ([, rule]) => (rule.meta?.docs as { requiresTypeChecking?: boolean }).requiresTypeChecking,
    )
    .map(([name]): [string, Linter.RuleEntry] => [`@typescript-eslint/${name}`, 'off']),
);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { project: null, projectService: false } },
      rules: typeAwareRulesOff,
    },
  });
});

/** The rules that report `code` as the file `filePath`, sorted and without repeats. */
async function rulesReporting(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return [...new Set(result.messages.map((message) => message.ruleId ?? '(none)'))].sort();
}

/** A probe: code that `rules` (and only they) must report in the layer's file. */
interface Probe {
  what: string;
  code: string;
  rules: string[];
}

const IMPORTS = 'no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';
const GLOBALS = 'no-restricted-globals';
// typescript-eslint's recommended config reports every `require()` too, whatever it loads.
const REQUIRE = '@typescript-eslint/no-require-imports';

const NODE_ONLY_PACKAGES = [
  'piscina',
  'commander',
  'yazl',
  'exifr',
  'better-sqlite3',
  'sharp',
  'cli-progress',
  'heic-decode',
];

/** Static and dynamic imports of each Node-only package and of Node built-ins. */
function nodeProbes(): Probe[] {
  return [
    ...NODE_ONLY_PACKAGES.map((name) => ({
      what: `an import of ${name}`,
      code: `import probe from '${name}';\nexport { probe };\n`,
      rules: [IMPORTS],
    })),
    {
      what: 'a subpath of a Node-only package',
      code: `import probe from 'sharp/lib/index';\nexport { probe };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'an import() of a Node-only package',
      code: `export const probe = import('better-sqlite3');\n`,
      rules: [SYNTAX],
    },
    {
      what: 'a node: built-in',
      code: `import { readFile } from 'node:fs/promises';\nexport { readFile };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'a bare built-in and its subpath',
      code: `import path from 'path';\nimport { readFile } from 'fs/promises';\nexport { path, readFile };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'an import() of a built-in',
      code: `export const probe = import('node:child_process');\n`,
      rules: [SYNTAX],
    },
    {
      what: 'require() of a built-in',
      code: `export const probe: unknown = require('fs');\n`,
      rules: [REQUIRE, GLOBALS, SYNTAX],
    },
    {
      what: 'a Node global',
      code: `export const probe = process.env.HOME;\n`,
      rules: [GLOBALS],
    },
  ];
}

/** Static, subpath, dynamic and required imports of electron. */
function electronProbes(): Probe[] {
  return [
    {
      what: 'an import of electron',
      code: `import { app } from 'electron';\nexport { app };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'an import of electron/main',
      code: `import { ipcMain } from 'electron/main';\nexport { ipcMain };\n`,
      rules: [IMPORTS],
    },
    {
      what: "an import('electron')",
      code: `export const probe = import('electron');\n`,
      rules: [SYNTAX],
    },
    {
      what: "createRequire(…)('electron')",
      code: `import { createRequire } from 'node:module';\nexport const probe: unknown = createRequire(import.meta.url)('electron');\n`,
      rules: [SYNTAX],
    },
  ];
}

/** Value imports, re-exports and import() of the zod contract, from `contract` (a specifier). */
function contractProbes(contract: string): Probe[] {
  return [
    {
      what: 'a value import of the zod contract',
      code: `import { AlbumSchema } from '${contract}';\nexport { AlbumSchema };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'a value import beside a type from the zod contract',
      code: `import { type Album, AlbumSchema } from '${contract}';\nexport type { Album };\nexport { AlbumSchema };\n`,
      rules: [IMPORTS],
    },
    {
      what: 'a value re-export of the zod contract',
      code: `export { AlbumSchema } from '${contract}';\n`,
      rules: [IMPORTS],
    },
    {
      what: 'an import() of the zod contract',
      code: `export const probe = import('${contract}.ts');\n`,
      rules: [SYNTAX],
    },
  ];
}

interface Layer {
  /** A virtual file of the layer. */
  file: string;
  /** Each must be reported by its rules. */
  forbidden: Probe[];
  /** What the layer imports today: reported by nothing. */
  allowed: string;
}

const layers: Layer[] = [
  {
    file: 'common/probe.ts',
    forbidden: [
      ...nodeProbes(),
      ...electronProbes().map((probe) =>
        // `createRequire` is itself off limits in common/ (it is node:module's).
        probe.code.includes('createRequire') ? { ...probe, rules: [IMPORTS, SYNTAX] } : probe,
      ),
      {
        what: 'an import of react',
        code: `import { useState } from 'react';\nexport { useState };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import of main/',
        code: `import { openCore } from '../main/core/shoebox-core';\nexport { openCore };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import() of renderer/',
        code: `export const probe = import('../renderer/main');\n`,
        rules: [SYNTAX],
      },
    ],
    allowed: [
      `import { z } from 'zod';`,
      `import type { MethodName } from './contract';`,
      `import { METHOD_NAMES } from './method-names';`,
      `export const Probe = z.enum(METHOD_NAMES);`,
      `export type Name = MethodName;`,
    ].join('\n'),
  },
  {
    file: 'main/core/probe.ts',
    forbidden: [
      ...electronProbes(),
      {
        what: 'require() of electron',
        code: `export const probe: unknown = require('electron');\n`,
        rules: [REQUIRE, SYNTAX],
      },
      {
        what: 'an import of main/electron',
        code: `import { registerIpc } from '../electron/ipc';\nexport { registerIpc };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import() of main/serve',
        code: `export const probe = import('../serve/http-server');\n`,
        rules: [SYNTAX],
      },
      {
        what: 'an import of the CLI',
        code: `import { main } from '../cli';\nexport { main };\n`,
        rules: [IMPORTS],
      },
    ],
    allowed: [
      `import { createRequire } from 'node:module';`,
      `import { readFile } from 'node:fs/promises';`,
      `import sharp from 'sharp';`,
      `import Database from 'better-sqlite3';`,
      `import { METHOD_NAMES } from '../../common/method-names';`,
      `import { AlbumSchema } from '../../common/contract';`,
      `export const decoder = import('heic-decode');`,
      `export const loader = createRequire(import.meta.url).resolve('tsx');`,
      `export { readFile, sharp, Database, METHOD_NAMES, AlbumSchema };`,
    ].join('\n'),
  },
  ...['main/serve/probe.ts', 'main/cli/probe.ts'].map((file): Layer => ({
    file,
    forbidden: [
      ...electronProbes(),
      {
        what: 'an import of main/electron',
        code: `import { registerIpc } from '../electron/ipc';\nexport { registerIpc };\n`,
        rules: [IMPORTS],
      },
    ],
    allowed: [
      `import { Command } from 'commander';`,
      `import { readFile } from 'node:fs/promises';`,
      `import { openCore } from '../core/shoebox-core';`,
      `import { AlbumSchema } from '../../common/contract';`,
      `export const server = import('../serve/http-server');`,
      `export { Command, readFile, openCore, AlbumSchema };`,
    ].join('\n'),
  })),
  {
    file: 'preload/probe.ts',
    forbidden: [
      ...['ipcMain', 'shell', 'BrowserWindow', 'app', 'dialog'].map((name) => ({
        what: `electron's ${name}`,
        code: `import { ${name} } from 'electron';\nexport { ${name} };\n`,
        rules: [IMPORTS],
      })),
      {
        what: 'an allowed and a main-process name together',
        code: `import { contextBridge, ipcMain } from 'electron';\nexport { contextBridge, ipcMain };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'all of electron',
        code: `import * as electron from 'electron';\nexport { electron };\n`,
        rules: [IMPORTS],
      },
      {
        what: "electron's default export",
        code: `import electron from 'electron';\nexport { electron };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import of electron/main',
        code: `import { ipcMain } from 'electron/main';\nexport { ipcMain };\n`,
        rules: [IMPORTS],
      },
      {
        what: "an import('electron')",
        code: `export const probe = import('electron');\n`,
        rules: [SYNTAX],
      },
      {
        what: "require('electron')",
        code: `export const probe: unknown = require('electron').ipcMain;\n`,
        rules: [REQUIRE, GLOBALS, SYNTAX],
      },
      ...NODE_ONLY_PACKAGES.map((name) => ({
        what: `an import of ${name}`,
        code: `import probe from '${name}';\nexport { probe };\n`,
        rules: [IMPORTS],
      })),
      {
        what: 'a node: built-in',
        code: `import { readFile } from 'node:fs';\nexport { readFile };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import of main/',
        code: `import { openCore } from '../main/core/shoebox-core';\nexport { openCore };\n`,
        rules: [IMPORTS],
      },
      ...contractProbes('../common/contract'),
    ],
    allowed: [
      `import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';`,
      `import type { EventName } from '../common/contract';`,
      `import { EVENT_NAMES, METHOD_NAMES } from '../common/method-names';`,
      `import { EVENT_CHANNEL, methodChannel } from '../common/channels';`,
      `export type Probe = [IpcRendererEvent, EventName];`,
      `export { contextBridge, ipcRenderer, webUtils, EVENT_NAMES, METHOD_NAMES, EVENT_CHANNEL, methodChannel };`,
    ].join('\n'),
  },
  {
    file: 'renderer/store/probe.ts',
    forbidden: [
      ...nodeProbes(),
      ...electronProbes().map((probe) =>
        // `createRequire` is itself off limits in the renderer (it is node:module's).
        probe.code.includes('createRequire') ? { ...probe, rules: [IMPORTS, SYNTAX] } : probe,
      ),
      {
        what: 'an import of main/',
        code: `import { openCore } from '../../main/core/shoebox-core';\nexport { openCore };\n`,
        rules: [IMPORTS],
      },
      {
        what: 'an import() of preload/',
        code: `export const probe = import('../../preload/index');\n`,
        rules: [SYNTAX],
      },
      ...contractProbes('../../common/contract'),
    ],
    allowed: [
      `import { create } from 'zustand';`,
      `import { useState } from 'react';`,
      `import type { Album, ShoeboxApi } from '../../common/contract';`,
      `import { METHOD_NAMES } from '../../common/method-names';`,
      `import { errorMessage } from '../../common/errors';`,
      `export const viewer = import('photoswipe');`,
      `export type Probe = [Album, ShoeboxApi];`,
      `export { create, useState, METHOD_NAMES, errorMessage };`,
    ].join('\n'),
  },
];

describe.each(layers)('the layer rules in $file', ({ file, forbidden, allowed }) => {
  it.each(forbidden)('report $what', async ({ code, rules }) => {
    expect(await rulesReporting(file, code)).toEqual([...rules].sort());
  });

  it('report nothing the layer imports today', async () => {
    expect(await rulesReporting(file, `${allowed}\n`)).toEqual([]);
  });
});

describe('the probes', () => {
  it('are linted with the layer rules of the config, not by accident', async () => {
    // The same import is fine in main/electron, which the layer rules do not restrict.
    const code = `import { app } from 'electron';\nexport { app };\n`;
    expect(await rulesReporting('main/electron/probe.ts', code)).toEqual([]);
    expect(await rulesReporting('main/core/probe.ts', code)).toEqual([IMPORTS]);
  });
});
