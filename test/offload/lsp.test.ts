/**
 * "Run `fn` in a worker thread" through the language server (spawned as the editor would): offered
 * as a quick fix on a cpuHeavy finding and as a refactor.rewrite at a call, not offered where the
 * call is not in async context or when the client cannot create files; the WorkspaceEdit, applied
 * to the files, gives a project that compiles and runs with the same results off the event loop.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestClient, applyLspEdits, rangeOfText, uriOf } from '../server/lsp-client.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';
import { compile, results, runEntry } from './offload-project.js';

const TITLE = 'Run `scoreDocument` in a worker thread';
const isCpuHeavy = (diagnostic: Diagnostic): boolean => /marked CPU-bound/u.test(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const SETTINGS = { rules: { 'no-blocking-in-async': ['warn', { cpuHeavy: ['scoreDocument'] }] } };

async function initialize(client: TestClient, resourceOperations: boolean): Promise<void> {
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uriOf((client as unknown as { options: { rootPath: string } }).options.rootPath),
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true, ...(resourceOperations ? { resourceOperations: ['create'] } : {}) } },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
    },
  });
  await client.connection.sendNotification('initialized', {});
}

/** Applies a WorkspaceEdit to the files on disk, as an editor saving every file would. */
function applyToDisk(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      assert.equal(change.kind, 'create');
      const file = fileURLToPath((change as CreateFile).uri);
      assert.ok(!fs.existsSync(file), `${file} must not exist yet`);
      fs.writeFileSync(file, '');
      continue;
    }
    const documentEdit = change as TextDocumentEdit;
    const file = fileURLToPath(documentEdit.textDocument.uri);
    fs.writeFileSync(file, applyLspEdits(fs.readFileSync(file, 'utf8'), documentEdit.edits as never));
  }
}

describe('language server: Run in a worker thread', function () {
  let dir: string;
  let client: TestClient;
  let serverUri: string;
  let serverText: string;
  let diagnostics: Diagnostic[];

  before(async function () {
    dir = copyFixture('offload-esm');
    client = new TestClient({ rootPath: dir, extraRules: false, settings: SETTINGS });
    await initialize(client, true);
    const serverFile = path.join(dir, 'src', 'server.ts');
    serverText = fs.readFileSync(serverFile, 'utf8');
    serverUri = await client.open(serverFile, serverText);
    diagnostics = await client.diagnosticsFor(serverUri, 1);
  });
  after(async function () {
    await client.shutdown();
    removeTemp(dir);
  });

  const workerAction = (actions: readonly CodeAction[]): CodeAction | undefined => actions.find((action) => action.title === TITLE);

  it('is offered as a quick fix on the cpuHeavy finding, with CreateFile for the worker module and the pool helper', async function () {
    const cpuHeavy = diagnostics.filter((diagnostic) => isCpuHeavy(diagnostic));
    assert.equal(cpuHeavy.length, 4, 'four calls in async context (one of them in a map callback)');
    const first = cpuHeavy[0] as Diagnostic;
    assert.deepEqual(first.range, rangeOfText(serverText, 'scoreDocument(text, rounds)'));
    const action = workerAction(await client.codeActions(serverUri, first.range, [first], ['quickfix']));
    assert.ok(action, 'offered');
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [first]);
    const creates = (action.edit?.documentChanges ?? []).filter((change): change is CreateFile => 'kind' in change).map((change) => path.basename(fileURLToPath(change.uri)));
    assert.deepEqual(creates, ['scoreDocument.worker.ts', 'async-pitfalls-worker-pool.ts']);
  });

  it('is not offered on the call in a synchronous map callback, and the reason is logged', async function () {
    const inMap = diagnostics.find((diagnostic) => isCpuHeavy(diagnostic) && diagnostic.range.start.line === 16);
    assert.ok(inMap);
    assert.equal(workerAction(await client.codeActions(serverUri, inMap.range, [inMap])), undefined);
    await client.waitFor('the reason in the log', () => client.logs.find((log) => /not offered at 17:30: inside a synchronous callback/u.test(log.message)));
  });

  it('is offered as refactor.rewrite at a call, and the edit gives a project that compiles and runs off the event loop', async function () {
    assert.deepEqual(compile(dir, path.join(dir, 'dist-before')), []);
    const before = runEntry(path.join(dir, 'dist-before', 'main.js'), ['400000']);
    const at = rangeOfText(serverText, 'scoreDocument(text, 10)');
    const cursor = { start: { line: at.start.line, character: at.start.character + 3 }, end: { line: at.start.line, character: at.start.character + 3 } };
    const action = workerAction(await client.codeActions(serverUri, cursor, [], ['refactor']));
    assert.ok(action, 'offered');
    assert.equal(action.kind, 'refactor.rewrite');
    const versions = (action.edit?.documentChanges ?? []).filter((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri === serverUri);
    assert.deepEqual(versions.map((change) => change.textDocument.version), [1], 'the open document is edited at its version');
    applyToDisk(action.edit as WorkspaceEdit);
    assert.deepEqual(compile(dir, path.join(dir, 'dist')), []);
    const after = runEntry(path.join(dir, 'dist', 'main.js'), ['400000']);
    assert.deepEqual(results(after), results(before));
    assert.equal(before.ticksDuringCall, 0);
    assert.ok(after.ticksDuringCall >= 3, `the timer ticked ${after.ticksDuringCall} times during the call`);
  });
});

describe('language server: Run in a worker thread, client without resource operations', function () {
  let dir: string;
  let client: TestClient;

  before(async function () {
    dir = copyFixture('offload-esm');
    client = new TestClient({ rootPath: dir, extraRules: false, settings: SETTINGS });
    await initialize(client, false);
  });
  after(async function () {
    await client.shutdown();
    removeTemp(dir);
  });

  it('is not offered (a worker module cannot be created), and says why in the log', async function () {
    const file = path.join(dir, 'src', 'server.ts');
    const text = fs.readFileSync(file, 'utf8');
    const uri = await client.open(file, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const first = diagnostics.find((diagnostic) => isCpuHeavy(diagnostic));
    assert.ok(first);
    const actions = await client.codeActions(uri, first.range, [first]);
    assert.equal(actions.find((action) => action.title === TITLE), undefined);
    await client.waitFor('the reason in the log', () => client.logs.find((log) => /does not support creating files/u.test(log.message)));
  });
});

describe('language server: Run in a worker thread, on an interprocedural blocking finding', function () {
  let dir: string;
  let client: TestClient;

  before(async function () {
    dir = copyFixture('demo');
    client = new TestClient({ rootPath: dir, extraRules: false });
    await initialize(client, true);
  });
  after(async function () {
    await client.shutdown();
    removeTemp(dir);
  });

  it('is offered as a quick fix on `loadSettings() blocks: loadSettings → readJson → fs.readFileSync`, moving both functions', async function () {
    const file = path.join(dir, 'src', 'orders.ts');
    const text = fs.readFileSync(file, 'utf8');
    const uri = await client.open(file, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const blocking = diagnostics.find((diagnostic) => diagnostic.code === 'async-pitfalls/no-blocking-in-async');
    assert.ok(blocking);
    assert.deepEqual(blocking.range, rangeOfText(text, 'loadSettings()'));
    const action = (await client.codeActions(uri, blocking.range, [blocking], ['quickfix'])).find((candidate) => candidate.title === 'Run `loadSettings` in a worker thread');
    assert.ok(action, 'offered');
    const worker = (action.edit?.documentChanges ?? []).find(
      (change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri.endsWith('/loadSettings.worker.ts'),
    );
    const workerText = (worker?.edits[0] as { newText: string } | undefined)?.newText ?? '';
    assert.match(workerText, /export function readJson\(file: string\): unknown \{/u);
    assert.match(workerText, /export function loadSettings\(\): Settings \{/u);
    assert.match(workerText, /import \{ readFileSync \} from 'node:fs';/u);
  });
});
