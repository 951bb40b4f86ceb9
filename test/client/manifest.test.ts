/**
 * The extension manifest (package.json) against the code it describes: every server setting is
 * contributed with the server's default and scope `resource`, every registered rule is listed under
 * `asyncPitfalls.rules`, the commands the client registers are contributed, activation is on the
 * client's languages only, and the version constraints that let it load in VS Code 1.100 hold.
 * The end-to-end test in code-server (test/e2e/vscode) checks the behaviour; this checks the words.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ID, Commands, LANGUAGES } from '../../client/src/contributions.js';
import { allRules } from '../../rules/registry.js';
import { DEFAULT_SETTINGS, FIX_ALL_KIND, SETTINGS_SECTION } from '../../server/protocol.js';

interface SettingSchema {
  readonly scope?: string;
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

interface Manifest {
  readonly main: string;
  readonly icon: string;
  readonly categories: readonly string[];
  readonly engines: { readonly vscode: string };
  readonly activationEvents: readonly string[];
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly contributes: {
    readonly configuration: { readonly properties: Readonly<Record<string, SettingSchema>> };
    readonly commands: readonly { readonly command: string; readonly title: string; readonly category: string }[];
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('VS Code extension manifest', () => {
  it('contributes every server setting, scoped per resource, with the server default', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      const schema = properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(schema, `package.json does not contribute ${SETTINGS_SECTION}.${key}`);
      assert.equal(schema.scope, 'resource', `${SETTINGS_SECTION}.${key} should be resource-scoped`);
      assert.deepEqual(schema.default, value, `${SETTINGS_SECTION}.${key} default differs from the server's`);
    }
    assert.deepEqual(properties[`${SETTINGS_SECTION}.run`]?.enum, ['onType', 'onSave']);
  });

  it('contributes nothing the server does not read, except the client trace setting', () => {
    const serverKeys = Object.keys(DEFAULT_SETTINGS).map((key) => `${SETTINGS_SECTION}.${key}`);
    const clientKeys = [`${CLIENT_ID}.trace.server`];
    assert.deepEqual(Object.keys(properties).sort(), [...serverKeys, ...clientKeys].sort());
    assert.deepEqual(properties[`${CLIENT_ID}.trace.server`]?.enum, ['off', 'messages', 'verbose']);
  });

  it('lists every registered rule under asyncPitfalls.rules', () => {
    const listed = Object.keys(properties[`${SETTINGS_SECTION}.rules`]?.properties ?? {}).sort();
    assert.deepEqual(listed, allRules.map((rule) => `async-pitfalls/${rule.name}`).sort());
  });

  it('contributes the commands the client registers, under one category', () => {
    assert.deepEqual(manifest.contributes.commands.map((command) => command.command).sort(), Object.values(Commands).sort());
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Async Pitfalls');
  });

  it('activates on the languages the client serves, and nothing else', () => {
    assert.deepEqual([...manifest.activationEvents].sort(), LANGUAGES.map((language) => `onLanguage:${language}`).sort());
  });

  it('loads in VS Code 1.100 (code-server 4.100.3) and points at the bundle', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~1\.100\./);
    assert.equal(manifest.main, './out/extension.js');
    assert.ok(manifest.categories.includes('Linters'));
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), `${manifest.icon} is missing`);
  });

  it('uses the fix-all kind the README documents for editor.codeActionsOnSave', () => {
    assert.equal(FIX_ALL_KIND, 'source.fixAll.asyncPitfalls');
  });
});
