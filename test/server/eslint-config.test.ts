/**
 * The workspace's ESLint flat config decides the rule settings only when the client says the
 * workspace is trusted (loading it runs project code); untrusted, the server's own settings apply.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, testRulesModule, uriOf } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const TEXT = 'declare function marker(): number;\ndeclare function other(): number;\ndeclare function later(): Promise<void>;\nexport const a = marker();\nexport const b = other();\nlater();\n';

function flatConfig(severity: string, name: string): string {
  return [
    `import testRules from ${JSON.stringify(testRulesModule)};`,
    `const plugin = { rules: Object.fromEntries(testRules.rules.map((rule) => [rule.name, rule])) };`,
    `export default [`,
    `  { ignores: ['src/ignored/**'] },`,
    `  { files: ['**/*.ts'], plugins: { 'async-pitfalls': plugin }, rules: { 'async-pitfalls/test-marker': [${JSON.stringify(severity)}, { name: ${JSON.stringify(name)} }] } },`,
    `];`,
    '',
  ].join('\n');
}

describe('language server: ESLint flat config in trusted workspaces', function () {
  let root: string;

  before(function () {
    root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'eslint.config.mjs': flatConfig('warn', 'other') });
  });

  after(function () {
    removeWorkspace(root);
  });

  const summary = (diagnostics: readonly Diagnostic[]): string[] =>
    diagnostics.filter((d) => String(d.code).startsWith('async-pitfalls/test-')).map((d) => `${String(d.code)} ${d.severity} ${String(d.message)}`);

  it('ignores the ESLint config in an untrusted workspace (no project code runs)', async function () {
    const client = new TestClient({ rootPath: root, settings: {} });
    try {
      await client.initialize();
      const uri = await client.open(path.join(root, 'src/a.ts'), TEXT);
      assert.deepEqual(summary(await client.diagnosticsFor(uri, 1)), [
        'async-pitfalls/test-marker 1 Call of marker returning number.',
        'async-pitfalls/test-floating 1 Promise returned by later() is ignored.',
      ]);
    } finally {
      await client.shutdown();
    }
  });

  it('uses the config\'s rule settings once trusted, follows config edits, and honours its ignores', async function () {
    const client = new TestClient({ rootPath: root, settings: {} });
    try {
      await client.initialize();
      const uri = await client.open(path.join(root, 'src/a.ts'), TEXT);
      await client.diagnosticsFor(uri, 1);
      const before = client.diagnostics.get(uri);
      await client.connection.sendNotification('asyncPitfalls/workspaceTrust', { trusted: true });
      const trusted = await client.waitFor('republished with the ESLint settings', () => {
        const published = client.diagnostics.get(uri);
        return published !== before ? published : undefined;
      });
      assert.deepEqual(summary(trusted.diagnostics), ['async-pitfalls/test-marker 2 Call of other returning number.'], 'only what the config turns on, as configured');

      fs.writeFileSync(path.join(root, 'eslint.config.mjs'), flatConfig('error', 'marker'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'eslint.config.mjs')), type: 2 }] });
      await client.waitFor('config edit applied', () => summary(client.diagnostics.get(uri)?.diagnostics ?? []).join() === 'async-pitfalls/test-marker 1 Call of marker returning number.');

      const ignored = await client.open(path.join(root, 'src/ignored/b.ts'), TEXT);
      assert.deepEqual(await client.diagnosticsFor(ignored, 1), [], 'a file ESLint ignores gets no findings');
    } finally {
      await client.shutdown();
    }
  });

  it('falls back to the server settings when the config cannot be loaded', async function () {
    const broken = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'eslint.config.mjs': 'export default [ { rules: { "async-pitfalls/test-marker": "warn" } } ]; throw new Error("config exploded");\n' });
    const client = new TestClient({ rootPath: broken, settings: {} });
    try {
      await client.initialize();
      await client.connection.sendNotification('asyncPitfalls/workspaceTrust', { trusted: true });
      const uri = await client.open(path.join(broken, 'src/a.ts'), TEXT);
      assert.equal(summary(await client.diagnosticsFor(uri, 1)).length, 2);
      assert.ok(client.logs.some((l) => l.message.includes('config exploded')));
    } finally {
      await client.shutdown();
      removeWorkspace(broken);
    }
  });
});
