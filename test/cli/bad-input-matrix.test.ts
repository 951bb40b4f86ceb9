/**
 * The rest of the CLI's bad-input matrix (cli.test.ts has syntax errors, broken/unknown-option/
 * missing-extends tsconfigs, binary, non-UTF-8, 5 MB, BOM + CRLF, unreadable files and bad rule
 * settings): cyclic `extends`, references to missing projects, files under no tsconfig, symlinked
 * folders and files (followed once, link cycles end, --fix writes through the link), a rule that
 * throws.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { testMarkerRule } from '../foundation/test-rule.js';
import { testExplodeRule } from '../server/test-rules.js';
import { runCliInProcess, type CliRun } from '../helpers/run-cli.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', types: [], skipLibCheck: true }, include: ['src'] });
const MARKED = 'declare function marker(): number;\nexport const a = marker();\n';

function run(args: readonly string[], cwd: string, rules: readonly AsyncPitfallsRule[] = [testMarkerRule]): CliRun {
  return runCliInProcess([...args, '--format', 'json'], cwd, rules);
}

function findings(stdout: string): Map<string, string[]> {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
  return new Map(results.map((r) => [r.filePath, r.messages.map((m) => `${m.ruleId ?? '-'}: ${m.message.split('\n')[0]}`)]));
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

describe('CLI: bad input matrix', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'ap-cli-bad-'))));
  afterEach(() => removeTemp(root));

  it('a cyclic "extends" is a configuration error naming the cycle (exit 2)', () => {
    write(root, {
      'tsconfig.json': JSON.stringify({ extends: './base.json', include: ['src'] }),
      'base.json': JSON.stringify({ extends: './tsconfig.json' }),
      'src/a.ts': MARKED,
    });
    const result = run(['.'], root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /tsconfig\.json:1:1: Circularity detected while resolving configuration: .*tsconfig\.json -> .*base\.json -> .*tsconfig\.json/u);
  });

  it('a reference to a missing project does not stop the analysis of the referencing one', () => {
    write(root, {
      'tsconfig.json': JSON.stringify({ ...JSON.parse(TSCONFIG), references: [{ path: './missing' }] }),
      'src/a.ts': MARKED,
    });
    const result = run(['.'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual([...findings(result.stdout).values()], [['async-pitfalls/test-marker: Call of marker returning number.']]);
    assert.match(result.stderr, /async-pitfalls: warning: .*tsconfig\.json: referenced project .*missing.* does not exist; analysing without it\./u);
  });

  it('a file under no tsconfig is analysed in an inferred project', () => {
    write(root, { 'loose/a.ts': MARKED });
    const result = run(['loose/a.ts'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(findings(result.stdout).get(path.join(root, 'loose/a.ts')), ['async-pitfalls/test-marker: Call of marker returning number.']);
  });

  it('follows symlinked folders once each, ends link cycles, and reports a file reachable twice once', () => {
    write(root, { 'tsconfig.json': TSCONFIG, 'src/own.ts': MARKED, 'shared/lib.ts': MARKED });
    fs.symlinkSync(path.join(root, 'shared'), path.join(root, 'src', 'linked'), 'dir');
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src', 'loop'), 'dir');
    fs.symlinkSync(path.join(root, 'src', 'own.ts'), path.join(root, 'src', 'alias.ts'));
    const result = run(['.'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual([...findings(result.stdout).keys()].map((f) => path.relative(root, f)).sort(), ['src/linked/lib.ts', 'src/own.ts']);
  });

  it('--fix through a symlinked file rewrites the file it points to and keeps the link', () => {
    const dir = copyFixture('foundation');
    try {
      const target = path.join(dir, 'src', 'markers.ts');
      const expected = fs.readFileSync(`${target}.fixed`, 'utf8');
      fs.mkdirSync(path.join(dir, 'links'));
      fs.symlinkSync(target, path.join(dir, 'links', 'markers.ts'));
      assert.equal(runCliInProcess(['links/markers.ts', '--fix'], dir, [testMarkerRule]).status, 1);
      assert.ok(fs.lstatSync(path.join(dir, 'links', 'markers.ts')).isSymbolicLink(), 'still a link');
      assert.equal(fs.readFileSync(target, 'utf8'), expected);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'links')), ['markers.ts'], 'no temporary file left');
    } finally {
      removeTemp(dir);
    }
  });

  it('a rule that throws is reported for its file, and the other rules still report', () => {
    write(root, { 'tsconfig.json': TSCONFIG, 'src/a.ts': 'declare function marker(): number;\ndeclare function explode(): void;\nexplode();\nexport const a = marker();\n', 'src/b.ts': MARKED });
    const result = run(['.'], root, [testMarkerRule, testExplodeRule]);
    assert.notEqual(result.status, 0);
    const byFile = findings(result.stdout);
    const a = byFile.get(path.join(root, 'src/a.ts')) ?? [];
    assert.ok(a.some((m) => m.startsWith('async-pitfalls/test-explode: Rule async-pitfalls/test-explode failed on this file: Error: test-explode blew up on purpose')), a.join('\n'));
    assert.ok(a.includes('async-pitfalls/test-marker: Call of marker returning number.'));
    assert.deepEqual(byFile.get(path.join(root, 'src/b.ts')), ['async-pitfalls/test-marker: Call of marker returning number.']);
  });
});
