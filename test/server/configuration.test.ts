/**
 * Settings through workspace/configuration (per resource), refreshed on didChangeConfiguration:
 * rule severities and options, enable, run on save, unknown and invalid settings.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TestClient, uriOf } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const TEXT = 'declare function marker(): number;\ndeclare function other(): number;\nexport const a = marker();\nexport const b = other();\n';
const MARKER = 'async-pitfalls/test-marker';

describe('language server: configuration', function () {
  let root: string;
  let client: TestClient;
  let settingsByFolder: Record<string, unknown>;

  before(async function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG });
    settingsByFolder = {};
    client = new TestClient({
      rootPath: root,
      settings: (scopeUri: string | undefined) => {
        const folder = Object.keys(settingsByFolder).find((name) => scopeUri?.includes(`/src/${name}/`));
        return folder ? settingsByFolder[folder] : { rules: {} };
      },
    });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  const markerSeverities = (diagnostics: { code?: unknown; severity?: number }[]): (number | undefined)[] =>
    diagnostics.filter((d) => d.code === MARKER).map((d) => d.severity);

  it('reads settings per resource: severity and rule options differ by folder', async function () {
    settingsByFolder = { warn: { rules: { 'test-marker': 'warn' } }, other: { rules: { 'async-pitfalls/test-marker': ['error', { name: 'other' }] } } };
    const plain = await client.open(path.join(root, 'src/plain/a.ts'), TEXT);
    const warn = await client.open(path.join(root, 'src/warn/a.ts'), TEXT);
    const other = await client.open(path.join(root, 'src/other/a.ts'), TEXT);
    assert.deepEqual(markerSeverities(await client.diagnosticsFor(plain, 1)), [1]);
    assert.deepEqual(markerSeverities(await client.diagnosticsFor(warn, 1)), [2]);
    const otherDiagnostics = await client.diagnosticsFor(other, 1);
    assert.deepEqual(otherDiagnostics.filter((d) => d.code === MARKER).map((d) => d.message), ['Call of other returning number.']);
  });

  it('re-reads settings on didChangeConfiguration and republishes', async function () {
    const warn = uriOf(path.join(root, 'src/warn/a.ts'));
    const before = client.diagnostics.get(warn);
    settingsByFolder = { ...settingsByFolder, warn: { rules: { 'test-marker': 'off' } } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('republished without the rule', () => {
      const published = client.diagnostics.get(warn);
      return published !== before && published?.diagnostics.every((d) => d.code !== MARKER);
    });
  });

  it('enable: false clears the diagnostics', async function () {
    settingsByFolder = { ...settingsByFolder, disabled: { enable: false } };
    const uri = await client.open(path.join(root, 'src/disabled/a.ts'), TEXT);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
  });

  it('run: onSave analyses on save only', async function () {
    settingsByFolder = { ...settingsByFolder, onsave: { run: 'onSave' } };
    const uri = await client.open(path.join(root, 'src/onsave/a.ts'), TEXT);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
    await client.replaceAll(uri, `${TEXT}export const c = marker();\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(client.diagnostics.get(uri)?.version, 1, 'nothing published for the unsaved change');
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.equal((await client.diagnosticsFor(uri, 2)).filter((d) => d.code === MARKER).length, 2);
  });

  it('ignores unknown settings and invalid values with a warning, and keeps analysing', async function () {
    settingsByFolder = { ...settingsByFolder, odd: { colour: 'blue', trace: { server: 'verbose' }, run: 'sometimes', rules: { 'test-marker': ['error', { name: 5 }], 'no-such-rule': 'error' } } };
    const uri = await client.open(path.join(root, 'src/odd/a.ts'), TEXT);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.filter((d) => d.code === MARKER).map((d) => d.message), ['Call of marker returning number.'], 'the rule keeps its default options');
    const logs = client.logs.map((l) => l.message).join('\n');
    assert.match(logs, /Unknown setting "asyncPitfalls\.colour" ignored/u);
    assert.doesNotMatch(logs, /asyncPitfalls\.trace/u, 'trace.server is the client library\'s setting');
    assert.match(logs, /Setting "asyncPitfalls\.run" should be "onType" or "onSave"/u);
    assert.match(logs, /Unknown rule "no-such-rule"/u);
    assert.match(logs, /test-marker.*invalid/u);
    assert.ok(client.messages.some((m) => m.type === 2 && m.message.includes('colour')), 'a warning message for the unknown setting');
  });
});

describe('language server: configuration without workspace/configuration', function () {
  it('takes settings from didChangeConfiguration', async function () {
    const root = makeWorkspace({ 'tsconfig.json': TSCONFIG });
    const client = new TestClient({ rootPath: root, configurationSupport: false });
    try {
      await client.initialize();
      const uri = await client.open(path.join(root, 'src/a.ts'), TEXT);
      assert.deepEqual(markerCount(await client.diagnosticsFor(uri, 1)), 1);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { asyncPitfalls: { rules: { 'test-marker': 'off' } } } });
      await client.waitFor('rule off', () => client.diagnostics.get(uri)?.diagnostics.every((d) => d.code !== MARKER) && client.diagnostics.get(uri));
    } finally {
      await client.shutdown();
      removeWorkspace(root);
    }
  });
});

function markerCount(diagnostics: { code?: unknown }[]): number {
  return diagnostics.filter((d) => d.code === MARKER).length;
}
