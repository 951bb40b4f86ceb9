/**
 * The CLI as users run it: the real binary in a child process for exit codes, output formats and
 * bad input; `main()` in-process with the test-only rule where a safe fix is needed (--fix).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testMarkerRule } from '../foundation/test-rule.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import { runCliInProcess, type CliRun } from '../helpers/run-cli.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';

const cliPath = path.resolve(fixturesRoot, '..', 'bin', 'async-pitfalls.js');

function runCli(args: readonly string[], cwd = path.resolve(fixturesRoot, '..')): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runInProcess(args: readonly string[], cwd: string): CliRun {
  return runCliInProcess(args, cwd, [testMarkerRule]);
}

describe('CLI: usage', () => {
  it('prints help and exits 0', () => {
    const result = runCli(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: async-pitfalls \[paths\.\.\.\]/u);
  });

  it('exits 2 on an unknown option, naming it', () => {
    const result = runCli(['--no-such-flag']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no-such-flag/u);
  });

  it('exits 2 on a path that does not exist', () => {
    const result = runCli(['does/not/exist']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /No such file or directory: does\/not\/exist/u);
  });

  it('exits 2 on an unknown rule and on invalid rule options', () => {
    const unknown = runCli(['--rule', 'async-pitfalls/no-such-rule=error', 'fixtures/foundation']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown rule "async-pitfalls\/no-such-rule"/u);
    const badSeverity = runCli(['--rule', 'async-pitfalls/no-floating-promise=loud', 'fixtures/foundation']);
    assert.equal(badSeverity.status, 2);
    assert.match(badSeverity.stderr, /severity should be one of/u);
    const badOptions = runCli(['--rule', 'async-pitfalls/no-floating-promise=["error", {"noSuchOption": true}]', 'fixtures/foundation']);
    assert.equal(badOptions.status, 2);
    assert.match(badOptions.stderr, /Configuration for rule "async-pitfalls\/no-floating-promise" is invalid/u);
  });
});

describe('CLI: a tsconfig that cannot be used is a configuration error (exit 2, file:line:column)', () => {
  const cases: [string, RegExp][] = [
    ['json-syntax', /json-syntax\/tsconfig\.json:5:3: ',' expected\./u],
    ['unknown-option', /unknown-option\/tsconfig\.json:4:5: Unknown compiler option 'noSuchOption'\./u],
    ['missing-extends', /missing-extends\/tsconfig\.json:2:14: Cannot read file '.*missing-extends\/missing-base\.json'\./u],
  ];
  for (const [name, expected] of cases) {
    it(name, () => {
      const result = runCli([path.join('fixtures', 'bad-config', name)]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, expected);
    });
  }
});

describe('CLI: bad files are reported and the run goes on', () => {
  let dir: string;
  before(() => {
    dir = copyFixture('foundation');
    fs.writeFileSync(path.join(dir, 'src', 'broken.ts'), 'export const broken = ;\nmarker();\n');
    fs.writeFileSync(path.join(dir, 'src', 'binary.ts'), Buffer.from([0x65, 0x78, 0x00, 0x01, 0x02, 0xff]));
    fs.writeFileSync(path.join(dir, 'src', 'latin1.ts'), Buffer.from('export const caf\xe9 = 1;\n', 'latin1'));
    // Like real generated code (a table of constants): unique names, about 5 MB.
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 5 * 1024 * 1024; i++) {
      const line = `export const generated_${String(i).padStart(6, '0')} = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];\n`;
      lines.push(line);
      size += line.length;
    }
    fs.writeFileSync(path.join(dir, 'src', 'generated.ts'), lines.join(''));
  });
  after(() => removeTemp(dir));

  it('reports each bad file clearly and still analyses the others (JSON output)', () => {
    const result = runInProcess(['src', '--format', 'json'], dir);
    assert.equal(result.status, 1, result.stderr);
    const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; message: string; severity: number; line: number }[] }[];
    const byFile = new Map(results.map((r) => [path.basename(r.filePath), r.messages]));
    assert.match(byFile.get('binary.ts')?.[0]?.message ?? '', /Binary file/u);
    assert.match(byFile.get('latin1.ts')?.[0]?.message ?? '', /not valid UTF-8/u);
    assert.match(byFile.get('generated.ts')?.[0]?.message ?? '', /File skipped: 5\.\d MB is over the 2\.0 MB limit/u);
    const broken = byFile.get('broken.ts') ?? [];
    assert.equal(broken[0]?.ruleId, null);
    assert.match(broken[0]?.message ?? '', /^Parsing error: /u);
    // Valid parts of a file with a syntax error are still analysed.
    assert.ok(broken.some((m) => m.ruleId === 'async-pitfalls/test-marker' && m.line === 2));
    // The BOM + CRLF file keeps exact positions.
    assert.deepEqual(
      byFile.get('bom-crlf.ts')?.map((m) => [m.line, m.message]),
      [[3, 'Call of marker returning number.']],
    );
    assert.equal((byFile.get('markers.ts') ?? []).filter((m) => m.ruleId === 'async-pitfalls/test-marker').length, 8);
  });

  it('--max-file-size raises the limit', () => {
    const result = runInProcess(['src/generated.ts', '--max-file-size', '8m', '--format', 'json'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { messages: unknown[] }[])[0]?.messages, []);
  });
});

describe('CLI: an unreadable file', () => {
  // Root reads everything: the check runs the real binary as an unprivileged user when it can.
  const canDropPrivileges = process.getuid?.() === 0 && fs.existsSync('/usr/bin/setpriv');
  let dir: string;
  before(function () {
    if (!canDropPrivileges) this.skip();
    dir = copyFixture('foundation');
    fs.chmodSync(dir, 0o755);
    // Only the copy's own files: the node_modules link points at the repository's, which stay as they are.
    for (const entry of ['src', 'tsconfig.json', 'README.md', ...fs.readdirSync(path.join(dir, 'src')).map((f) => path.join('src', f))]) {
      fs.chmodSync(path.join(dir, entry), fs.lstatSync(path.join(dir, entry)).isDirectory() ? 0o755 : 0o644);
    }
    fs.writeFileSync(path.join(dir, 'src', 'secret.ts'), 'export const secret = 1;\n', { mode: 0o000 });
    fs.chmodSync(path.join(dir, 'src', 'secret.ts'), 0o000);
  });
  after(() => dir && removeTemp(dir));

  it('is reported as an error with the reason, and the other files are still analysed', () => {
    const result = spawnSync('/usr/bin/setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cliPath, 'src', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
    });
    assert.equal(result.status, 1, result.stderr);
    const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; message: string; severity: number }[] }[];
    const secret = results.find((r) => r.filePath.endsWith('secret.ts'));
    assert.equal(secret?.messages[0]?.severity, 2);
    assert.match(secret?.messages[0]?.message ?? '', /^Cannot read file: EACCES: permission denied/u);
    assert.ok(results.find((r) => r.filePath.endsWith('markers.ts'))?.messages.length);
  });
});

describe('CLI: output formats', () => {
  it('stylish lists findings per file with a summary', () => {
    const result = runInProcess(['src/bom-crlf.ts'], path.join(fixturesRoot, 'foundation'));
    assert.equal(result.status, 1);
    assert.match(result.stdout, /bom-crlf\.ts\n {2}3:32 {2}error {2}Call of marker returning number {2}async-pitfalls\/test-marker\n/u);
    assert.match(result.stdout, /✖ 1 problem \(1 error, 0 warnings\)\n {2}1 error and 0 warnings potentially fixable with the `--fix` option\./u);
  });

  it('json has the shape of ESLint\'s JSON formatter', () => {
    const result = runInProcess(['src/bom-crlf.ts', '-f', 'json'], path.join(fixturesRoot, 'foundation'));
    const [file] = JSON.parse(result.stdout) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(file ?? {}).sort(), [
      'errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'suppressedMessages', 'usedDeprecatedRules', 'warningCount',
    ]);
    assert.deepEqual((file?.messages as unknown[])[0], {
      ruleId: 'async-pitfalls/test-marker', severity: 2, message: 'Call of marker returning number.', messageId: 'found',
      line: 3, column: 32, endLine: 3, endColumn: 40,
      fix: { range: [78, 84], text: 'checked' },
      suggestions: [{ desc: 'Add void before marker', messageId: 'addVoid', fix: { range: [78, 78], text: 'void ' } }],
    });
  });

  it('sarif is a SARIF 2.1.0 log with one run, rules with help URIs and located results', () => {
    const result = runInProcess(['src/bom-crlf.ts', '-f', 'sarif'], path.join(fixturesRoot, 'foundation'));
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: object } }[] }[] }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.deepEqual(run?.tool.driver.rules.map((r) => r.id), ['async-pitfalls/test-marker']);
    assert.match(run?.tool.driver.rules[0]?.helpUri ?? '', /docs\/rules\/test-marker\.md$/u);
    const finding = run?.results[0];
    assert.equal(finding?.ruleId, 'async-pitfalls/test-marker');
    assert.equal(finding?.ruleIndex, 0);
    assert.equal(finding?.level, 'error');
    assert.deepEqual(finding?.locations[0]?.physicalLocation.artifactLocation, { uri: 'src/bom-crlf.ts', uriBaseId: '%SRCROOT%', index: 0 });
    assert.deepEqual(finding?.locations[0]?.physicalLocation.region, { startLine: 3, startColumn: 32, endLine: 3, endColumn: 40 });
  });

  it('--max-warnings turns warnings into a failing exit', () => {
    const dir = path.join(fixturesRoot, 'foundation');
    assert.equal(runInProcess(['src/bom-crlf.ts', '--rule', 'test-marker=warn'], dir).status, 0);
    const tooMany = runInProcess(['src/bom-crlf.ts', '--rule', 'test-marker=warn', '--max-warnings', '0'], dir);
    assert.equal(tooMany.status, 1);
    assert.match(tooMany.stderr, /too many warnings \(maximum: 0\)/u);
  });
});

describe('CLI: --fix', () => {
  let dir: string;
  beforeEach(() => (dir = copyFixture('foundation')));
  afterEach(() => removeTemp(dir));

  it('applies safe fixes only, keeps BOM and CRLF, writes the expected output and reports what changed', () => {
    const result = runInProcess(['src', '--fix'], dir);
    assert.equal(result.status, 1, 'findings that only have suggestions or are disabled remain');
    assert.match(result.stderr, /Fixed 8 problems in src\/markers\.ts/u);
    assert.match(result.stderr, /Fixed 1 problem in src\/bom-crlf\.ts/u);
    const markers = fs.readFileSync(path.join(dir, 'src', 'markers.ts'), 'utf8');
    assert.equal(markers, fs.readFileSync(path.join(fixturesRoot, 'foundation', 'src', 'markers.ts.fixed'), 'utf8'));
    const bom = fs.readFileSync(path.join(dir, 'src', 'bom-crlf.ts'));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bom.subarray(3).toString('utf8'), fs.readFileSync(path.join(fixturesRoot, 'foundation', 'src', 'bom-crlf.ts.fixed'), 'utf8'));
    assert.ok(bom.includes('\r\n'));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'src')).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
  });

  it('never touches files outside the given paths', () => {
    const before = fs.readFileSync(path.join(dir, 'src', 'markers.ts'), 'utf8');
    runInProcess(['src/bom-crlf.ts', '--fix'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'src', 'markers.ts'), 'utf8'), before);
  });
});
