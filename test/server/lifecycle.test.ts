/**
 * The built server over stdio: lifecycle, open/change/close, versioned diagnostics and their
 * shape, progress and status, cross-file refresh, and equality with a batch engine run.
 */
import * as assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules/registry.js';
import { Engine } from '../../server/engine/engine.js';
import { rules as testRules } from './test-rules.js';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver-protocol/node';
import { TestClient, positionAt, rangeOfText, serverBin } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const MARKERS = `declare function marker(): number;\nexport const a = marker();\nexport function f(): number {\n  return marker() + 1;\n}\n`;

describe('language server: lifecycle and documents', function () {
  let root: string;
  let client: TestClient;

  before(async function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'src/markers.ts': MARKERS, 'src/other.ts': 'export const x = 1;\n' });
    client = new TestClient({ rootPath: root });
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  it('initializes with incremental sync, code actions and the documentation command', async function () {
    const result = await client.initialize();
    const caps = result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.asyncPitfalls', 'refactor.rewrite']);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['asyncPitfalls.showDocumentation']);
    assert.equal(result.serverInfo?.name, 'async-pitfalls-language-server');
    await client.waitFor('registrations', () => client.registrations.includes('workspace/didChangeWatchedFiles') && client.registrations.includes('workspace/didChangeConfiguration'));
    await client.waitFor('idle status', () => client.statuses.some((s) => s['state'] === 'idle'));
  });

  it('publishes versioned diagnostics with rule id, docs link and source, with progress while the project loads', async function () {
    const uri = await client.open(path.join(root, 'src/markers.ts'), MARKERS);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, 2);
    const [first] = diagnostics;
    assert.equal(first?.code, 'async-pitfalls/test-marker');
    assert.equal(first?.source, 'async-pitfalls');
    assert.match(first?.codeDescription?.href ?? '', /docs\/rules\/test-marker\.md$/u);
    assert.equal(first?.message, 'Call of marker returning number.');
    assert.deepEqual(first?.range, rangeOfText(MARKERS, 'marker()', MARKERS.indexOf('const a')));
    assert.equal(first?.severity, 1);
    const kinds = client.progress.map((p) => (p as { value: { kind: string; message?: string } }).value);
    assert.ok(kinds.some((v) => v.kind === 'begin'), 'progress begin');
    assert.ok(kinds.some((v) => v.kind === 'end'), 'progress end');
    const status = await client.waitFor('status with a check time', () => client.statuses.find((s) => s['lastCheckTime'] !== undefined && s['state'] === 'idle'));
    assert.equal(status['projectCount'], 1);
    assert.equal(status['documentCount'], 1);
  });

  it('follows incremental changes and publishes only the newest version after a burst of edits', async function () {
    const uri = path.join(root, 'src/markers.ts');
    const fileUri = (await import('node:url')).pathToFileURL(uri).href;
    // Ten quick edits, each appending a line with a marker call.
    for (let i = 0; i < 10; i++) {
      const text = client.textOf(fileUri);
      const end = positionAt(text, text.length);
      await client.change(fileUri, [{ range: { start: end, end }, text: `export const m${i} = marker();\n` }]);
    }
    const diagnostics = await client.diagnosticsFor(fileUri, 11);
    assert.equal(diagnostics.length, 12);
    // Delete the middle of the file (incremental deletion across lines).
    const text = client.textOf(fileUri);
    const from = text.indexOf('export function f');
    const to = text.indexOf('export const m0');
    await client.change(fileUri, [{ range: { start: positionAt(text, from), end: positionAt(text, to) }, text: '' }]);
    const after = await client.diagnosticsFor(fileUri, 12);
    assert.equal(after.length, 11);
  });

  it('clears diagnostics on close and keeps serving', async function () {
    const fileUri = (await import('node:url')).pathToFileURL(path.join(root, 'src/markers.ts')).href;
    await client.close(fileUri);
    await client.waitFor('cleared diagnostics', () => client.diagnostics.get(fileUri)?.diagnostics.length === 0);
    const other = await client.open(path.join(root, 'src/other.ts'), 'declare function marker(): void;\nmarker();\n');
    assert.equal((await client.diagnosticsFor(other, 1)).length, 1);
  });

  it('speaks over --node-ipc too (how VS Code starts it)', async function () {
    const child = fork(serverBin, ['--node-ipc'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const result = await connection.sendRequest<{ capabilities: { textDocumentSync: unknown } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal((result.capabilities.textDocumentSync as { change: number }).change, 2);
      await connection.sendRequest('shutdown');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('prints usage and fails without a transport argument', function () {
    const result = spawnSync(process.execPath, [serverBin], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--stdio \| --node-ipc/u);
  });

  it('exits cleanly after shutdown and exit', async function () {
    const extra = new TestClient({ rootPath: root });
    await extra.initialize();
    assert.equal(await extra.shutdown(), 0);
  });
});

describe('language server: cross-file refresh', function () {
  let root: string;
  let client: TestClient;
  const A = 'export function load(): number {\n  return 1;\n}\n';
  const B = "import { load } from './a.js';\n\nexport function main(): void {\n  load();\n}\n";

  before(async function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'src/a.ts': A, 'src/b.ts': B, 'src/c.ts': 'export function helper(): number {\n  return 2;\n}\n', 'src/d.ts': "import { helper } from './c.js';\nhelper();\n" });
    client = new TestClient({ rootPath: root });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  it('re-checks an open importer when an imported function becomes async (and back), and only importers', async function () {
    const a = await client.open(path.join(root, 'src/a.ts'), A);
    const b = await client.open(path.join(root, 'src/b.ts'), B);
    const unrelated = await client.open(path.join(root, 'src/unrelated.ts'), 'export const u = 1;\n');
    assert.deepEqual(await client.diagnosticsFor(a, 1), []);
    assert.deepEqual(await client.diagnosticsFor(b, 1), []);
    assert.deepEqual(await client.diagnosticsFor(unrelated, 1), []);
    const unrelatedBefore = client.diagnostics.get(unrelated);
    const before = client.diagnostics.get(b);
    await client.change(a, [{ range: rangeOfText(A, 'function load(): number'), text: 'async function load(): Promise<number>' }]);
    await client.diagnosticsFor(a, 2);
    const diagnostics = await client.waitFor('diagnostic in the importing file', () => {
      const published = client.diagnostics.get(b);
      return published !== before && published?.diagnostics.some(isTestFloating) ? published : undefined;
    });
    assert.equal(diagnostics.version, 1, 'published for the importing file\'s own (unchanged) version');
    assert.deepEqual(diagnostics.diagnostics.find(isTestFloating)?.range, rangeOfText(B, 'load()', B.indexOf('  load')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(client.diagnostics.get(unrelated), unrelatedBefore, 'a file that does not import the edited one is not re-checked');

    await client.replaceAll(a, A);
    await client.waitFor('diagnostic gone after the revert', () => client.diagnostics.get(b)?.diagnostics.length === 0);
  });

  it('re-checks open importers when a closed file changes on disk (watched files)', async function () {
    const d = await client.open(path.join(root, 'src/d.ts'), "import { helper } from './c.js';\nhelper();\n");
    assert.deepEqual(await client.diagnosticsFor(d, 1), []);
    const cPath = path.join(root, 'src/c.ts');
    fs.writeFileSync(cPath, 'export async function helper(): Promise<number> {\n  return 2;\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: (await import('node:url')).pathToFileURL(cPath).href, type: 2 }] });
    await client.waitFor('diagnostic after the disk change', () => client.diagnostics.get(d)?.diagnostics.some(isTestFloating));
  });

  it('uses the real no-floating-promise rule for the same refresh when it is registered', async function () {
    if (!allRules.some((rule) => rule.name === 'no-floating-promise')) this.skip();
    const e = await client.open(path.join(root, 'src/e.ts'), "import { load } from './a.js';\n\nexport function run(): void {\n  load();\n}\n");
    const a = (await import('node:url')).pathToFileURL(path.join(root, 'src/a.ts')).href;
    await client.diagnosticsFor(e, 1);
    await client.replaceAll(a, A.replace('function load(): number', 'async function load(): Promise<number>'));
    await client.waitFor('no-floating-promise in the importing file', () =>
      client.diagnostics.get(e)?.diagnostics.some((d) => d.code === 'async-pitfalls/no-floating-promise'),
    );
  });
});

describe('language server: field writes in files an open file does not import', function () {
  // Connection#whenReady() hands back what the constructor stored, unless the field is written
  // elsewhere (held-promise.ts): reset.ts writes it, and use.ts imports only connection.ts.
  const CONNECTION = 'export async function warmUp(): Promise<void> {}\nexport class Connection {\n  ready: Promise<void>;\n  constructor() {\n    this.ready = warmUp();\n  }\n  whenReady(): Promise<void> {\n    return this.ready;\n  }\n}\n';
  const RESET = "import { Connection, warmUp } from './connection.js';\nexport function reset(connection: Connection): void {\n  connection.ready = warmUp();\n}\n";
  const USE = "import { Connection } from './connection.js';\nexport function poke(connection: Connection): void {\n  connection.whenReady();\n}\n";
  const floating = (diagnostics: readonly { code?: unknown }[] | undefined): number =>
    diagnostics?.filter((d) => d.code === 'async-pitfalls/no-floating-promise').length ?? -1;
  let root: string;
  let client: TestClient;

  beforeEach(async function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'src/connection.ts': CONNECTION, 'src/reset.ts': RESET, 'src/use.ts': USE });
    client = new TestClient({ rootPath: root, extraRules: false });
    await client.initialize();
  });

  afterEach(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  it('re-checks every open file when an open file stops (or starts) writing a field', async function () {
    const use = await client.open(path.join(root, 'src/use.ts'), USE);
    const reset = await client.open(path.join(root, 'src/reset.ts'), RESET);
    assert.equal(floating(await client.diagnosticsFor(use, 1)), 1, 'reset.ts writes the field: the promise may be a new one');
    await client.diagnosticsFor(reset, 1);
    await client.change(reset, [{ range: rangeOfText(RESET, 'connection.ready = warmUp();'), text: 'void connection; void warmUp;' }]);
    await client.waitFor('use.ts re-checked without the finding', () => (floating(client.diagnostics.get(use)?.diagnostics) === 0 ? true : undefined));
    await client.replaceAll(reset, RESET);
    await client.waitFor('the finding back', () => (floating(client.diagnostics.get(use)?.diagnostics) === 1 ? true : undefined));
  });

  it('re-checks every open file when a closed file on disk stops writing a field', async function () {
    const use = await client.open(path.join(root, 'src/use.ts'), USE);
    assert.equal(floating(await client.diagnosticsFor(use, 1)), 1);
    const resetPath = path.join(root, 'src/reset.ts');
    fs.writeFileSync(resetPath, RESET.replace('connection.ready = warmUp();', 'void connection; void warmUp;'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: (await import('node:url')).pathToFileURL(resetPath).href, type: 2 }] });
    await client.waitFor('use.ts re-checked without the finding', () => (floating(client.diagnostics.get(use)?.diagnostics) === 0 ? true : undefined));
  });
});

describe('language server: published diagnostics equal a batch engine run', function () {
  const fixturesRoot = path.resolve(__dirname, '..', '..', '..', 'fixtures');
  const rules = [...allRules, ...testRules];

  it('for every source file of every fixture project', async function () {
    this.timeout(900_000);
    const only = process.env['AP_FIXTURE'];
    const fixtureDirs = fs
      .readdirSync(fixturesRoot)
      .filter((name) => only === undefined || name === only)
      .map((name) => path.join(fixturesRoot, name))
      .filter((dir) => fs.existsSync(path.join(dir, 'tsconfig.json')));
    for (const dir of fixtureDirs) {
      const settingsFile = path.join(dir, 'fixture.json');
      const ruleSettings = fs.existsSync(settingsFile)
        ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { rules: Record<string, 'error'> }).rules
        : Object.fromEntries(rules.map((rule) => [rule.name, 'error' as const]));
      // The server applies its settings over `recommended`: name every rule so both run the same set.
      for (const rule of rules) if (!(rule.name in ruleSettings) && !(`async-pitfalls/${rule.name}` in ruleSettings)) ruleSettings[rule.name] = 'off' as 'error';
      const engine = new Engine({ rules, ruleSettings });
      const client = new TestClient({ rootPath: dir, settings: { rules: ruleSettings } });
      try {
        await client.initialize();
        const files = listSources(dir);
        for (const file of files) {
          const batch = engine.lintFiles([file], 'infer')[0]!;
          if (batch.text === undefined) continue;
          const uri = await client.open(file, batch.text);
          const published = await client.diagnosticsFor(uri, 1, 60_000);
          const expected = batch.messages.filter((m) => !(m.ruleId !== null && m.fatal)).map((m) => ({ code: m.ruleId ?? undefined, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message, severity: m.severity }));
          const actual = published.map((d) => ({ code: d.code as string | undefined, line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, message: d.message, severity: d.severity === 1 ? 2 : 1 }));
          assert.deepEqual(actual, expected, `${path.relative(fixturesRoot, file)}`);
        }
      } finally {
        await client.shutdown();
        engine.dispose();
      }
    }
  });

  it('after many random incremental edits (the incremental reparse gives the batch result)', async function () {
    const base = `declare function marker(): number;\ndeclare function later(): Promise<void>;\n${Array.from({ length: 30 }, (_, i) => `export function f${i}(): number {\n  later();\n  return marker() + ${i};\n}\n`).join('')}`;
    const root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'src/big.ts': base });
    const file = path.join(root, 'src/big.ts');
    const client = new TestClient({ rootPath: root });
    try {
      await client.initialize();
      const uri = await client.open(file, base);
      await client.diagnosticsFor(uri, 1);
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const snippets = ['marker()', ' + 1', '\n', 'later();', '{', '}', '', 'async ', '// x\n', '"', 'await '];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 25; i++) {
          const text = client.textOf(uri);
          const start = random(text.length);
          const end = Math.min(text.length, start + random(12));
          await client.change(uri, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: snippets[random(snippets.length)]! }]);
        }
        const published = await client.diagnosticsFor(uri, client.versionOf(uri), 60_000);
        fs.writeFileSync(file, client.textOf(uri));
        const engine = new Engine({ rules });
        const batch = engine.lintFiles([file], 'infer')[0]!;
        engine.dispose();
        const expected = batch.messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId ?? ''} ${m.message}`);
        const actual = published.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${(d.code as string | undefined) ?? ''} ${d.message}`);
        assert.deepEqual(actual, expected, `round ${round}`);
      }
    } finally {
      await client.shutdown();
      removeWorkspace(root);
    }
  });
});

function isTestFloating(diagnostic: { code?: unknown }): boolean {
  return diagnostic.code === 'async-pitfalls/test-floating';
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.(?:[cm]?[jt]sx?)$/u.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}
