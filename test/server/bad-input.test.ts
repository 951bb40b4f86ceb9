/**
 * Bad input never stops the server: syntax errors, a broken tsconfig (and its repair), too-large,
 * binary and non-UTF-8 files, non-file documents, a throwing rule, nonsense requests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, uriOf } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const MARKER = 'async-pitfalls/test-marker';

describe('language server: bad input', function () {
  let root: string;
  let client: TestClient;

  before(async function () {
    root = makeWorkspace({
      'tsconfig.json': TSCONFIG,
      'broken/tsconfig.json': '{ "compilerOptions": { "strict": true, }\n  "include": [ }',
      'broken/src/a.ts': 'declare function marker(): number;\nexport const a = marker();\n',
      'src/latin1.ts': '',
    });
    // A closed file that is not UTF-8, imported by an open one.
    fs.writeFileSync(path.join(root, 'src/latin1.ts'), Buffer.from([0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x6e, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x3b, 0x0a]));
    client = new TestClient({
      rootPath: root,
      settings: (scopeUri: string | undefined) => (scopeUri?.includes('/large') ? { maxFileSize: 200 } : {}),
    });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  it('reports syntax errors and still publishes findings of the valid parts', async function () {
    const uri = await client.open(path.join(root, 'src/syntax.ts'), 'declare function marker(): number;\nexport const a = marker();\nexport function broken( {\n  return marker(;\n}\n');
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.some((d) => String(d.message).startsWith('Parsing error:') && d.code === undefined), 'a parsing error diagnostic');
    assert.ok(diagnostics.filter((d) => d.code === MARKER).length >= 1, 'findings in the valid part');
  });

  it('reports a broken tsconfig on the tsconfig and by message, analyses its files in an inferred project, and recovers when it is fixed', async function () {
    const configPath = path.join(root, 'broken/tsconfig.json');
    const uri = await client.open(path.join(root, 'broken/src/a.ts'), 'declare function marker(): number;\nexport const a = marker();\n');
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.filter((d) => d.code === MARKER).length, 1, 'still analysed');
    const configDiagnostics = await client.waitFor('tsconfig diagnostic', () => client.diagnostics.get(uriOf(configPath))?.diagnostics);
    assert.equal(configDiagnostics.length, 1);
    assert.equal(configDiagnostics[0]?.range.start.line, 1, 'at the first JSON error');
    assert.equal(configDiagnostics[0]?.source, 'async-pitfalls');
    assert.ok(client.messages.some((m) => m.type === 1 && m.message.includes(configPath)), 'an error message naming the tsconfig');
    const status = await client.waitFor('error status', () => client.statuses.find((s) => s['state'] === 'error'));
    assert.equal(status['state'], 'error');

    fs.writeFileSync(configPath, TSCONFIG);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(configPath), type: 2 }] });
    await client.waitFor('tsconfig diagnostic cleared', () => client.diagnostics.get(uriOf(configPath))?.diagnostics.length === 0);
    await client.waitFor('republished', () => client.diagnostics.get(uri)?.diagnostics.some((d) => d.code === MARKER));
  });

  it('skips files over the size limit with a log line', async function () {
    const text = `declare function marker(): number;\n${'export const x = marker();\n'.repeat(20)}`;
    const uri = await client.open(path.join(root, 'src/large/big.ts'), text);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    assert.ok(client.logs.some((l) => /Skipped .*big\.ts: \d+ characters is over the asyncPitfalls\.maxFileSize limit of 200/u.test(l.message)));
  });

  it('skips binary content with a log line', async function () {
    const uri = await client.open(path.join(root, 'src/binary.ts'), 'marker();\u0000\u0001\u0002');
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    assert.ok(client.logs.some((l) => /Skipped .*binary\.ts: it contains NUL/u.test(l.message)));
  });

  it('analyses a file importing a non-UTF-8 file', async function () {
    const uri = await client.open(path.join(root, 'src/imports-latin1.ts'), "import { n } from './latin1.js';\ndeclare function marker(): number;\nexport const m = marker() + String(n).length;\n");
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.filter((d) => d.code === MARKER).length, 1);
  });

  it('logs a throwing rule and still publishes the other rules\' findings', async function () {
    const uri = await client.open(path.join(root, 'src/explode.ts'), 'declare function marker(): number;\ndeclare function explode(): void;\nexplode();\nexport const a = marker();\n');
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.filter((d) => d.code === MARKER).length, 1);
    assert.ok(diagnostics.every((d) => d.code !== 'async-pitfalls/test-explode'), 'the failure is not a diagnostic');
    assert.ok(client.logs.some((l) => l.type === 1 && l.message.includes('test-explode blew up on purpose')), 'the failure is logged as an error');
  });

  it('ignores documents that are not files and answers nonsense requests without dying', async function () {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'typescript', version: 1, text: 'marker();' } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere/never-opened.ts', version: 3 }, contentChanges: [{ text: 'x' }] });
    assert.deepEqual(await client.codeActions('file:///nowhere/never-opened.ts', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: 'asyncPitfalls.showDocumentation', arguments: [42] }), null);
    const uri = await client.open(path.join(root, 'src/still-alive.ts'), 'declare function marker(): number;\nexport const a = marker();\n');
    assert.equal((await client.diagnosticsFor(uri, 1)).length, 1);
    assert.equal(client.process.exitCode, null);
  });
});
