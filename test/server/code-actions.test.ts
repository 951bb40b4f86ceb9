/**
 * Every kind of code action the server offers, applied through the client as an editor would and
 * checked: the resulting text, and the diagnostics the server publishes for it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules/registry.js';
import { rules as testRules } from './test-rules.js';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, editsFor, rangeOfText } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const SOURCE = [
  'declare function marker(): number;',
  'declare function later(): Promise<void>;',
  'export function f(): number {',
  '  const a = marker();',
  '  return a + marker();',
  '}',
  'export function g(): void {',
  '  later();',
  '}',
  '',
].join('\n');

// Only the test rules: the actions' exact titles and outputs are what this file checks.
const ONLY_TEST_RULES = { 'no-floating-promise': 'off', 'no-misused-async-callback': 'off', 'no-blocking-in-async': 'off', 'no-sequential-await': 'off' };

describe('language server: code actions', function () {
  let root: string;
  let client: TestClient;
  let counter = 0;

  before(async function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG });
    client = new TestClient({ rootPath: root, settings: { rules: ONLY_TEST_RULES } });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  async function openFresh(text = SOURCE): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = await client.open(path.join(root, 'src', `file${counter++}.ts`), text);
    return { uri, diagnostics: await client.diagnosticsFor(uri, 1) };
  }

  async function actionsAt(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return client.codeActions(uri, diagnostic.range, [diagnostic], only);
  }

  it('offers the safe fix (preferred), the suggestion, fix-all for the rule, disable and documentation', async function () {
    const { uri, diagnostics } = await openFresh();
    const marker = diagnostics.find((d) => d.code === 'async-pitfalls/test-marker')!;
    const titles = (await actionsAt(uri, marker)).map((a) => `${a.kind}|${a.title}|${a.isPreferred === true}`);
    assert.deepEqual(titles, [
      'quickfix|Rename to checked|true',
      'quickfix|Add void before marker|false',
      'quickfix|Fix all async-pitfalls/test-marker problems in this file|false',
      'quickfix|Disable async-pitfalls/test-marker for this line|false',
      'quickfix|Show documentation for async-pitfalls/test-marker|false',
    ]);
  });

  it('applies the safe fix: the text is rewritten and the finding is gone', async function () {
    const { uri, diagnostics } = await openFresh();
    const first = diagnostics.find((d) => d.code === 'async-pitfalls/test-marker')!;
    const fix = (await actionsAt(uri, first)).find((a) => a.isPreferred)!;
    const version = client.versionOf(uri);
    assert.equal(editsFor(uri, fix.edit!, version).length, 1, 'one minimal edit for the version it was computed on');
    const text = await client.applyEdit(uri, fix.edit!);
    assert.equal(text, SOURCE.replace('const a = marker()', 'const a = checked()'));
    const after = await client.diagnosticsFor(uri);
    assert.equal(after.filter((d) => d.code === 'async-pitfalls/test-marker').length, 1);
  });

  it('applies a suggestion', async function () {
    const { uri, diagnostics } = await openFresh();
    const floating = diagnostics.find((d) => d.code === 'async-pitfalls/test-floating')!;
    const suggestion = (await actionsAt(uri, floating)).find((a) => a.title === 'Mark as ignored with void')!;
    const text = await client.applyEdit(uri, suggestion.edit!);
    assert.equal(text, SOURCE.replace('  later();', '  void later();'));
    const after = await client.diagnosticsFor(uri);
    assert.equal(after.filter((d) => d.code === 'async-pitfalls/test-floating').length, 0);
  });

  it('fixes all problems of one rule in the file', async function () {
    const { uri, diagnostics } = await openFresh();
    const marker = diagnostics.find((d) => d.code === 'async-pitfalls/test-marker')!;
    const fixAll = (await actionsAt(uri, marker)).find((a) => a.title.startsWith('Fix all'))!;
    const text = await client.applyEdit(uri, fixAll.edit!);
    assert.equal(text, SOURCE.replace(/(?<!function )marker\(\)/gu, 'checked()'));
    const after = await client.diagnosticsFor(uri);
    assert.deepEqual(after.map((d) => d.code), ['async-pitfalls/test-floating']);
  });

  it('source.fixAll.asyncPitfalls applies every safe fix and nothing else', async function () {
    const { uri } = await openFresh();
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.asyncPitfalls']);
    // Computing fix-all ran passes in the project: the buffer's own text is what the next check sees.
    await client.change(uri, [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: '\n' }]);
    assert.deepEqual((await client.diagnosticsFor(uri)).map((d) => `${d.range.start.line}:${String(d.code)}`), ['3:async-pitfalls/test-marker', '4:async-pitfalls/test-marker', '7:async-pitfalls/test-floating']);
    const again = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    const text = (await client.applyEdit(uri, again[0]!.edit!)).replace(/\n\n$/u, '\n');
    assert.equal(text, SOURCE.replace(/(?<!function )marker\(\)/gu, 'checked()'), 'the suggestion (void) is not applied on save');
    const quickfixesOnly = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['quickfix']);
    assert.ok(quickfixesOnly.every((a) => a.kind === 'quickfix'));
  });

  it('disables the rule for the line with an eslint-disable-next-line comment, extending an existing one', async function () {
    const { uri, diagnostics } = await openFresh();
    const inReturn = diagnostics.find((d) => d.code === 'async-pitfalls/test-marker' && d.range.start.line === 4)!;
    const disable = (await actionsAt(uri, inReturn)).find((a) => a.title.startsWith('Disable'))!;
    const text = await client.applyEdit(uri, disable.edit!);
    assert.equal(text, SOURCE.replace('  return a + marker();', '  // eslint-disable-next-line async-pitfalls/test-marker\n  return a + marker();'));
    const after = await client.diagnosticsFor(uri);
    assert.deepEqual(after.filter((d) => d.code === 'async-pitfalls/test-marker').map((d) => d.range.start.line), [3]);

    // A second rule on a line that already has a disable comment joins its list.
    const source = 'declare function later(): Promise<void>;\ndeclare function marker(): Promise<void>;\nexport function h(): void {\n  // eslint-disable-next-line async-pitfalls/test-marker\n  marker();\n}\n';
    const second = await openFresh(source);
    const floating = second.diagnostics.find((d) => d.code === 'async-pitfalls/test-floating')!;
    const extend = (await actionsAt(second.uri, floating)).find((a) => a.title.startsWith('Disable'))!;
    const extended = await client.applyEdit(second.uri, extend.edit!);
    assert.equal(extended, source.replace('test-marker\n', 'test-marker, async-pitfalls/test-floating\n'));
    assert.deepEqual(await client.diagnosticsFor(second.uri), []);
  });

  it('shows documentation through window/showDocument', async function () {
    const { uri, diagnostics } = await openFresh();
    const docs = (await actionsAt(uri, diagnostics[0]!)).find((a) => a.title.startsWith('Show documentation'))!;
    let shown: unknown;
    client.connection.onRequest('window/showDocument', (params: unknown) => {
      shown = params;
      return { success: true };
    });
    await client.connection.sendRequest('workspace/executeCommand', docs.command);
    assert.match((shown as { uri: string }).uri, /docs\/rules\/test-floating\.md$|docs\/rules\/test-marker\.md$/u);
    assert.equal((shown as { external: boolean }).external, true);
  });

  it('offers actions for the current text even before its diagnostics are published', async function () {
    const { uri } = await openFresh();
    await client.replaceAll(uri, 'declare function marker(): number;\nexport const z = marker();\n');
    const actions = await client.codeActions(uri, rangeOfText(client.textOf(uri), 'marker()', 40));
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(editsFor(uri, fix.edit!, client.versionOf(uri))[0]?.newText, 'checked');
  });
});

describe('language server: fix-on-save equals --fix on the fixtures', function () {
  const fixturesRoot = path.resolve(__dirname, '..', '..', '..', 'fixtures');

  it('source.fixAll.asyncPitfalls turns every fixture file into its .fixed output', async function () {
    this.timeout(600_000);
    const registered = [...allRules, ...testRules].map((rule) => rule.name);
    for (const name of fs.readdirSync(fixturesRoot)) {
      const dir = path.join(fixturesRoot, name);
      if (!fs.existsSync(path.join(dir, 'tsconfig.json'))) continue;
      const fixedFiles = listFiles(dir).filter((file) => file.endsWith('.fixed'));
      if (fixedFiles.length === 0) continue;
      // The fixture checker's settings: fixture.json, the foundation's own test rule, or every rule.
      const settingsFile = path.join(dir, 'fixture.json');
      const chosen: Record<string, unknown> = fs.existsSync(settingsFile)
        ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { rules: Record<string, unknown> }).rules
        : name === 'foundation'
          ? { 'test-marker': 'error' }
          : Object.fromEntries(allRules.map((rule) => [rule.name, 'error']));
      const rules = Object.fromEntries(registered.map((rule) => [rule, chosen[rule] ?? chosen[`async-pitfalls/${rule}`] ?? 'off']));
      const client = new TestClient({ rootPath: dir, settings: { rules } });
      try {
        await client.initialize();
        for (const fixed of fixedFiles) {
          const source = fixed.slice(0, -'.fixed'.length);
          const text = fs.readFileSync(source, 'utf8').replace(/^\uFEFF/u, '');
          const uri = await client.open(source, text);
          await client.diagnosticsFor(uri, 1, 120_000);
          const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.asyncPitfalls']);
          const result = actions.length === 0 ? text : await client.applyEdit(uri, actions[0]!.edit!);
          assert.equal(result, fs.readFileSync(fixed, 'utf8').replace(/^\uFEFF/u, ''), path.relative(fixturesRoot, fixed));
          await client.close(uri);
        }
      } finally {
        await client.shutdown();
      }
    }
  });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
