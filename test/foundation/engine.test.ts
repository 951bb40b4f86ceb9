/**
 * The engine's project handling and rule configuration, on real temporary projects: nearest
 * tsconfig, solution-style references, inferred projects for loose JavaScript, excluded files,
 * one program per project, a rule that throws, and option validation against `meta.schema`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRule } from '../../rules/create-rule.js';
import { Engine } from '../../server/engine/engine.js';
import { RuleConfigError } from '../../server/engine/rule-config.js';
import { collectTargets } from '../../server/engine/targets.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import { testMarkerRule } from './test-rule.js';

const throwingRule = createRule<[], 'never'>({
  name: 'test-throws',
  meta: {
    type: 'problem',
    docs: { description: 'Test-only: always throws.', recommended: 'strict', requiresTypeChecking: false },
    messages: { never: 'never reported' },
    schema: [],
  },
  defaultOptions: [],
  reads: { synchronousCallees: false, fieldWritesAnywhere: false },
  analyze: () => {
    throw new Error('boom');
  },
});

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

const compilerOptions = { strict: true, noEmit: true, types: [], module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' };

describe('engine: projects', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-engine-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds a file\'s project through a solution tsconfig\'s references, one program per project', () => {
    writeTree(root, {
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { ...compilerOptions, composite: true }, include: ['src'] }),
      'src/a.ts': 'declare function marker(): number;\nexport const a = marker();\n',
      'src/b.ts': 'declare function marker(): number;\nexport const b = marker();\n',
    });
    const engine = new Engine({ rules: [testMarkerRule] });
    const results = engine.lintFiles([path.join(root, 'src/a.ts'), path.join(root, 'src/b.ts')]);
    assert.deepEqual(results.map((r) => r.configPath), [path.join(root, 'tsconfig.app.json'), path.join(root, 'tsconfig.app.json')]);
    assert.deepEqual(results.map((r) => r.messages.length), [1, 1]);
    assert.equal(engine.projects().filter((p) => !p.isInferred).length, 2, 'the solution and the app project, each once');
    engine.dispose();
  });

  it('puts files under no tsconfig into an inferred project that allows JavaScript', () => {
    writeTree(root, {
      'package.json': '{"name":"loose"}',
      'lib/util.js': 'function marker() { return 1; }\nmodule.exports = { value: marker() };\n',
    });
    const engine = new Engine({ rules: [testMarkerRule] });
    const [result] = engine.lintFiles([path.join(root, 'lib/util.js')]);
    assert.equal(result?.configPath, undefined);
    assert.deepEqual(result?.messages.map((m) => [m.line, m.column, m.message]), [[2, 27, 'Call of marker returning number.']]);
    engine.dispose();
  });

  it('walking a folder skips files the tsconfig excludes, but a file named explicitly is analysed', () => {
    writeTree(root, {
      'tsconfig.json': JSON.stringify({ compilerOptions, include: ['src'] }),
      'src/in.ts': 'export const x = 1;\n',
      'scripts/out.ts': 'export const y = 2;\n',
      'node_modules/dep/index.ts': 'export const z = 3;\n',
    });
    const engine = new Engine({ rules: [testMarkerRule] });
    assert.deepEqual(collectTargets(engine, [root]).map((t) => path.relative(root, t.file)), ['src/in.ts']);
    const explicit = collectTargets(engine, [path.join(root, 'scripts/out.ts')]);
    assert.deepEqual(explicit.map((t) => [path.relative(root, t.file), t.project.isInferred]), [['scripts/out.ts', true]]);
    engine.dispose();
  });

  it('a rule that throws is reported for that file, and the other rules still report', () => {
    const engine = new Engine({ rules: [testMarkerRule, throwingRule], ruleSettings: { 'test-marker': 'error', 'test-throws': 'warn' } });
    const file = path.join(fixturesRoot, 'foundation', 'src', 'bom-crlf.ts');
    const [result] = engine.lintFiles([file]);
    const failure = result?.messages.find((m) => m.ruleId === 'async-pitfalls/test-throws');
    assert.match(failure?.message ?? '', /^Rule async-pitfalls\/test-throws failed on this file: Error: boom/u);
    assert.ok(result?.messages.some((m) => m.ruleId === 'async-pitfalls/test-marker'));
    engine.dispose();
  });
});

describe('engine: rule settings', () => {
  it('accepts ids with or without the namespace, severities by name or number, and applies defaults', () => {
    const engine = new Engine({ rules: [testMarkerRule], ruleSettings: { 'test-marker': ['warn', {}] } });
    assert.deepEqual(engine.enabledRules.map((r) => [r.ruleId, r.severity, r.options]), [['async-pitfalls/test-marker', 1, { name: 'marker' }]]);
    const numeric = new Engine({ rules: [testMarkerRule], ruleSettings: { 'async-pitfalls/test-marker': [2, { name: 'other' }] } });
    assert.deepEqual(numeric.enabledRules.map((r) => [r.severity, r.options]), [[2, { name: 'other' }]]);
    assert.deepEqual(new Engine({ rules: [testMarkerRule], ruleSettings: { 'test-marker': 'off' } }).enabledRules, []);
  });

  it('rejects options its schema does not allow, naming the rule and the problem', () => {
    assert.throws(
      () => new Engine({ rules: [testMarkerRule], ruleSettings: { 'test-marker': ['error', { name: 42 }] } }),
      (error: unknown) => error instanceof RuleConfigError && /"test-marker" is invalid: Value 42 should be string at \[0\]\.name/u.test(error.message),
    );
    assert.throws(
      () => new Engine({ rules: [testMarkerRule], ruleSettings: { 'test-marker': ['error', { unknown: true }] } }),
      (error: unknown) => error instanceof RuleConfigError && /should NOT have additional properties/u.test(error.message),
    );
    assert.throws(
      () => new Engine({ rules: [testMarkerRule], ruleSettings: { 'test-marker': ['error', {}, {}] } }),
      (error: unknown) => error instanceof RuleConfigError && /should NOT have more than 1 items/u.test(error.message),
    );
  });
});
