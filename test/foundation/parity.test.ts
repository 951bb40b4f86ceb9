/**
 * The two doors agree: for every fixture, ESLint (real `ESLint` class, typescript-eslint's parser,
 * the plugin) and the engine (the CLI's and the language server's core) report identical findings:
 * rule, range, message, fix and suggestion titles.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { createPlugin, PLUGIN_NAMESPACE } from '../../rules/plugin.js';
import { allRules } from '../../rules/registry.js';
import { Engine } from '../../server/engine/engine.js';
import { fixtureSettings, fixtureSourceFiles, fixturesRoot } from '../helpers/fixtures.js';
import { testMarkerRule } from './test-rule.js';

interface Comparable {
  readonly ruleId: string | null;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message: string;
  readonly fix?: { readonly range: readonly [number, number]; readonly text: string };
  readonly suggestions?: readonly { readonly desc: string; readonly fix: { readonly range: readonly [number, number]; readonly text: string } }[];
}

function normalise(messages: readonly Comparable[]): string[] {
  return messages
    .map((m) =>
      JSON.stringify({
        rule: m.ruleId,
        at: [m.line, m.column, m.endLine, m.endColumn],
        message: m.message,
        fix: m.fix ? [...m.fix.range, m.fix.text] : null,
        suggestions: (m.suggestions ?? []).map((s) => [s.desc, ...s.fix.range, s.fix.text]),
      }),
    )
    .sort();
}

const fixtureNames = fs
  .readdirSync(fixturesRoot)
  .filter((name) => name !== 'rule-tester' && fs.existsSync(path.join(fixturesRoot, name, 'tsconfig.json')));

describe('parity: ESLint with the plugin and the engine report the same findings', () => {
  for (const name of fixtureNames) {
    it(`fixture ${name}`, async () => {
      const fixtureDir = path.join(fixturesRoot, name);
      const rules: readonly AsyncPitfallsRule[] = name === 'foundation' ? [testMarkerRule] : allRules;
      const settings = fixtureSettings(fixtureDir, rules);
      const engine = new Engine({ rules, ruleSettings: settings });
      try {
        const project = engine.configuredProject(path.join(fixtureDir, 'tsconfig.json'));
        const files = fixtureSourceFiles(project, fixtureDir);
        const plugin = createPlugin(rules, PLUGIN_NAMESPACE, '0.0.0-test');
        const eslint = new ESLint({
          cwd: fixtureDir,
          overrideConfigFile: true,
          overrideConfig: [
            {
              files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
              languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtureDir } },
              plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as ESLint.Plugin },
              rules: Object.fromEntries(Object.entries(settings).map(([id, setting]) => [id.includes('/') ? id : `${PLUGIN_NAMESPACE}/${id}`, setting])),
              linterOptions: { reportUnusedDisableDirectives: 'off' },
            },
          ] as never,
        });
        const eslintResults = await eslint.lintFiles(files);
        assert.equal(eslintResults.length, files.length);
        for (const eslintResult of eslintResults) {
          const ours = engine.lintFile(eslintResult.filePath, project);
          assert.deepEqual(
            normalise(ours.messages),
            normalise(eslintResult.messages as Comparable[]),
            `findings differ in ${path.relative(fixturesRoot, eslintResult.filePath)}`,
          );
        }
      } finally {
        engine.dispose();
      }
    });
  }
});
