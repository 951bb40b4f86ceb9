/**
 * The rest of the server's bad-input matrix (bad-input.test.ts has syntax errors, a broken
 * tsconfig, size limit, binary, non-UTF-8, a throwing rule, non-file documents;
 * configuration.test.ts unknown and ill-typed settings): cyclic `extends`, references to missing
 * projects, files under no tsconfig, a 5 MB buffer, BOM + CRLF buffers (positions and fixes),
 * symlinked folders, files deleted or renamed on disk while open, and an ESLint config (and a
 * tsconfig language service plugin) never executed in an untrusted workspace. After each, the server still serves other files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, applyLspEdits, editsFor, uriOf } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const MARKER = 'async-pitfalls/test-marker';
const MARKED = 'declare function marker(): number;\nexport const a = marker();\n';

describe('language server: bad input matrix', function () {
  let root: string;
  let client: TestClient;

  before(async function () {
    root = makeWorkspace({
      'tsconfig.json': TSCONFIG,
      'cyclic/tsconfig.json': JSON.stringify({ extends: './base.json', include: ['src'] }),
      'cyclic/base.json': JSON.stringify({ extends: './tsconfig.json' }),
      'refs/tsconfig.json': JSON.stringify({ ...JSON.parse(TSCONFIG), references: [{ path: '../no-such-project' }] }),
      'refs/src/a.ts': MARKED,
      'shared/lib.ts': MARKED,
      'src/util.ts': 'export function helper(): number {\n  return 1;\n}\n',
      // Never executed: the workspace is not trusted.
      // A TypeScript language service plugin is project code too: the server never loads one.
      'plugin/tsconfig.json': JSON.stringify({ ...JSON.parse(TSCONFIG), compilerOptions: { ...JSON.parse(TSCONFIG).compilerOptions, plugins: [{ name: 'evil-plugin' }] } }),
      'plugin/src/a.ts': MARKED,
      'plugin/node_modules/evil-plugin/package.json': JSON.stringify({ name: 'evil-plugin', main: 'index.js' }),
      'plugin/node_modules/evil-plugin/index.js': "require('node:fs').writeFileSync(require('node:path').join(__dirname, '../../../executed-plugin.txt'), 'ran');\nmodule.exports = () => ({ create: (info) => info.languageService });\n",
      'eslint.config.mjs': "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./executed.txt', import.meta.url), 'ran');\nexport default [];\n",
    });
    fs.symlinkSync(path.join(root, 'shared'), path.join(root, 'src', 'linked'), 'dir');
    fs.mkdirSync(path.join(root, 'outside'));
    client = new TestClient({ rootPath: root, settings: { useEslintConfig: true } });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    removeWorkspace(root);
  });

  async function stillServing(name: string): Promise<void> {
    const uri = await client.open(path.join(root, 'src', `${name}.ts`), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1, 'another file is still analysed');
    assert.equal(client.process.exitCode, null);
  }

  it('a cyclic "extends": one diagnostic on the tsconfig naming the cycle, its files analysed in an inferred project', async function () {
    const uri = await client.open(path.join(root, 'cyclic/src/a.ts'), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
    const config = await client.waitFor('tsconfig diagnostic', () => client.diagnostics.get(uriOf(path.join(root, 'cyclic/tsconfig.json')))?.diagnostics);
    assert.equal(config.length, 1);
    assert.match(String(config[0]?.message), /Circularity detected/u);
    assert.ok(client.messages.some((m) => m.type === 1 && m.message.includes('Circularity detected')));
    await stillServing('after-cyclic');
  });

  it('a reference to a missing project does not stop the analysis of the referencing one', async function () {
    const uri = await client.open(path.join(root, 'refs/src/a.ts'), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
    assert.ok(client.logs.some((l) => l.message.startsWith(`Loaded ${path.join(root, 'refs/tsconfig.json')}`)), 'in its configured project');
    assert.ok(client.logs.some((l) => /tsconfig warning: .*refs[\\/]tsconfig\.json: referenced project .* does not exist; analysing without it\./u.test(l.message)), 'the missing reference is logged');
    assert.ok(client.messages.some((m) => m.type === 2 && /referenced project .* does not exist/u.test(m.message)), 'and shown once');
  });

  it('a file under no tsconfig is analysed in an inferred project', async function () {
    const uri = await client.open(path.join(root, 'outside', 'loose.ts'), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
  });

  it('a 5 MB buffer is skipped with a log line, and typing in it stays cheap', async function () {
    const line = 'export const generated_000000 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];\n';
    const text = `declare function marker(): number;\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))}`;
    const uri = await client.open(path.join(root, 'src/generated.ts'), text);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'marker();\n' }]);
    assert.deepEqual(await client.diagnosticsFor(uri, 2), []);
    assert.ok(client.logs.some((l) => /Skipped .*generated\.ts: \d+ characters is over the asyncPitfalls\.maxFileSize limit/u.test(l.message)));
    await client.close(uri);
    await stillServing('after-large');
  });

  it('BOM + CRLF: diagnostics at the right line and character, and the quick fix lands exactly', async function () {
    const text = '\uFEFFdeclare function marker(): number;\r\n// a comment\r\nexport const a = 1;\r\nexport const b = marker();\r\n';
    const uri = await client.open(path.join(root, 'src/crlf.ts'), text);
    const diagnostics = (await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER);
    assert.deepEqual(diagnostics.map((d) => d.range), [{ start: { line: 3, character: 17 }, end: { line: 3, character: 25 } }]);
    const fix = (await client.codeActions(uri, diagnostics[0]!.range, diagnostics)).find((a) => a.isPreferred);
    assert.ok(fix?.edit, 'a preferred quick fix');
    const fixed = applyLspEdits(text.replace(/\r\n/gu, '\n'), editsFor(uri, fix.edit, 1));
    assert.equal(fixed, '\uFEFFdeclare function marker(): number;\n// a comment\nexport const a = 1;\nexport const b = checked();\n');
  });

  it('a file reached through a symlinked folder is analysed in its project', async function () {
    const uri = await client.open(path.join(root, 'src/linked/lib.ts'), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
  });

  it('a file deleted, then renamed on disk while open keeps its buffer analysed, and its importers follow', async function () {
    const utilPath = path.join(root, 'src/util.ts');
    const util = await client.open(utilPath, fs.readFileSync(utilPath, 'utf8'));
    const importer = await client.open(path.join(root, 'src/uses-util.ts'), "import { helper } from './util.js';\ndeclare function marker(): number;\nexport const a = marker() + helper();\n");
    await client.diagnosticsFor(importer, 1);
    fs.rmSync(utilPath);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: util, type: 3 }] });
    await client.change(util, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'declare function marker(): number;\nexport const b = marker();\n' }]);
    assert.equal((await client.diagnosticsFor(util, 2)).filter((d) => d.code === MARKER).length, 1, 'the buffer is still analysed');
    // Renamed on disk: the old name is gone, the new one appears; the editor closes the old buffer.
    fs.writeFileSync(path.join(root, 'src/renamed.ts'), 'export function helper(): number {\n  return 2;\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'src/renamed.ts')), type: 1 }] });
    await client.close(util);
    await client.waitFor('the closed buffer\'s diagnostics cleared', () => client.diagnostics.get(util)?.diagnostics.length === 0);
    await client.replaceAll(importer, "import { helper } from './renamed.js';\ndeclare function marker(): number;\nexport const a = marker() + helper();\n");
    assert.equal((await client.diagnosticsFor(importer, 2)).filter((d) => d.code === MARKER).length, 1);
    await stillServing('after-rename');
  });

  it('never executes the workspace\'s ESLint config while the workspace is not trusted', async function () {
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'eslint.config.mjs')), type: 2 }] });
    // An ill-typed trust notification is not trust.
    await client.connection.sendNotification('asyncPitfalls/workspaceTrust', { trusted: 'yes' });
    await stillServing('untrusted');
    assert.equal(fs.existsSync(path.join(root, 'executed.txt')), false, 'the config never ran');
    const uri = await client.open(path.join(root, 'plugin/src/a.ts'), MARKED);
    assert.equal((await client.diagnosticsFor(uri, 1)).filter((d) => d.code === MARKER).length, 1);
    assert.equal(fs.existsSync(path.join(root, 'executed-plugin.txt')), false, 'the tsconfig plugin never ran');
  });
});
