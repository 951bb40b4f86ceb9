/**
 * `--daemon`: engines (and their programs) kept between runs give the results a cold run gives,
 * whatever changed on disk in between; and the real daemon process is started, answers, is replaced
 * when the package changes, stops when asked, and is done without (with a reason) when it cannot start.
 * No timings here (bench/ measures the speed).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules/registry.js';
import { testMarkerRule } from '../foundation/test-rule.js';
import { KeptEnginesByKey } from '../../server/cli/daemon/kept-engines.js';
import { Engine } from '../../server/engine/engine.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';

/** The JSON report with paths made relative, so two copies of a project compare. */
function report(stdout: string, dir: string): unknown {
  const results = JSON.parse(stdout) as { filePath: string }[];
  return results.map((result) => ({ ...result, filePath: path.relative(dir, result.filePath) }));
}

const cliPath = path.resolve(fixturesRoot, '..', 'bin', 'async-pitfalls.js');

function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
}

describe('CLI: --daemon, engines kept between runs', () => {
  let dir: string;
  let engines: KeptEnginesByKey;
  const cacheArgs = (): string[] => ['--cache-location', path.join(dir, 'cache.json')];
  const kept = (args: readonly string[]): ReturnType<typeof runCliInProcess> => runCliInProcess([...args, '--daemon', ...cacheArgs()], dir, allRules, engines);
  /**
   * Another process: in this one the kept engines' trees are in TypeScript's shared document
   * registry, where a stale tree would be handed to a "cold" engine too and the two would agree.
   */
  const cold = (args: readonly string[]): ReturnType<typeof runCliInProcess> => {
    const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  /** The kept engines' run and a cold run agree (exit code, report, stderr). */
  const assertLikeCold = (args: readonly string[], what: string): ReturnType<typeof runCliInProcess> => {
    const warm = kept(args);
    const fresh = cold(args);
    assert.equal(warm.status, fresh.status, `${what}: exit code (stderr: ${warm.stderr})`);
    assert.equal(warm.stderr, fresh.stderr, `${what}: stderr`);
    if (fresh.status !== 2) assert.deepEqual(report(warm.stdout, dir), report(fresh.stdout, dir), what);
    return warm;
  };

  beforeEach(() => {
    dir = copyFixture('demo');
    engines = new KeptEnginesByKey();
  });
  afterEach(() => {
    engines.dropAll();
    removeTemp(dir);
  });

  it('gives a cold run\'s results after edits, new and deleted files, and tsconfig changes', () => {
    const json = ['src', '--format', 'json'];
    assertLikeCold(json, 'first run');
    edit(dir, 'src/audit.ts', (text) => `${text}\nexport async function flush(): Promise<void> {}\nexport function flushLater(): void {\n  flush();\n}\n`);
    const withFloating = assertLikeCold(json, 'a floating promise added');
    assert.match(withFloating.stdout, /no-floating-promise/u);
    edit(dir, 'src/accounts.ts', (text) => text.replace("const hash = pbkdf2Sync(password, account.salt, 310_000, 32, 'sha256');", "const hash = Buffer.from(password);"));
    assertLikeCold(json, 'a blocking call removed from a file others import');
    fs.writeFileSync(path.join(dir, 'src', 'added.ts'), "import { flush } from './audit.js';\nexport async function twice(): Promise<void> {\n  await flush();\n  flush();\n}\n");
    assert.match(assertLikeCold(json, 'a new file').stdout, /added\.ts/u);
    fs.rmSync(path.join(dir, 'src', 'added.ts'));
    assertLikeCold(json, 'the new file deleted');
    edit(dir, 'tsconfig.json', (text) => text.replace('"include": ["src"]', '"include": ["src"], "exclude": ["src/server.ts"]'));
    assertLikeCold(json, 'a file excluded by the tsconfig');
    edit(dir, 'tsconfig.json', (text) => text.replace('"strict": true', '"strict": false'));
    assertLikeCold(json, 'compiler options changed');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": ');
    const broken = assertLikeCold(json, 'a broken tsconfig');
    assert.equal(broken.status, 2);
    fs.cpSync(path.join(fixturesRoot, 'demo', 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    assertLikeCold(json, 'the tsconfig repaired');
  });

  it('warns about a missing referenced project on every run, as a cold run does, until it exists', () => {
    const json = ['src', '--format', 'json'];
    edit(dir, 'tsconfig.json', (text) => text.replace('"include": ["src"]', '"include": ["src"], "references": [{ "path": "./lib" }]'));
    const warning = /async-pitfalls: warning: .*tsconfig\.json: referenced project .*lib.* does not exist; analysing without it\./u;
    assert.match(assertLikeCold(json, 'a missing reference').stderr, warning);
    assert.match(assertLikeCold(json, 'the same, again').stderr, warning);
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'tsconfig.json'), JSON.stringify({ compilerOptions: { composite: true, strict: true, module: 'nodenext', target: 'es2022' }, include: ['*.ts'] }));
    fs.writeFileSync(path.join(dir, 'lib', 'helper.ts'), 'export async function helper(): Promise<void> {}\n');
    assert.doesNotMatch(assertLikeCold(json, 'the referenced project exists').stderr, warning);
  });

  it('applies --fix, and the next run sees the fixed file', () => {
    removeTemp(dir);
    dir = copyFixture('foundation'); // the plugin's own rules offer suggestions only; the test rule has fixes
    const withMarkers = (args: readonly string[], keep: boolean): ReturnType<typeof runCliInProcess> =>
      runCliInProcess(keep ? [...args, '--daemon', ...cacheArgs()] : args, dir, [testMarkerRule], keep ? engines : undefined);
    assert.equal(withMarkers(['src', '--format', 'json'], true).status, 1);
    const fixed = withMarkers(['src', '--fix', '--format', 'json'], true);
    assert.match(fixed.stderr, /Fixed 8 problems in src\/markers\.ts/u);
    assert.equal(fs.readFileSync(path.join(dir, 'src', 'markers.ts'), 'utf8'), fs.readFileSync(path.join(fixturesRoot, 'foundation', 'src', 'markers.ts.fixed'), 'utf8'));
    const after = withMarkers(['src', '--format', 'json'], true);
    assert.deepEqual(report(after.stdout, dir), report(withMarkers(['src', '--format', 'json'], false).stdout, dir)); // the file was written: versions moved
  });

  it('keeps a project\'s program while only sources change, and drops it when the installed packages change', () => {
    const engine = new Engine();
    try {
      const tsconfig = path.join(dir, 'tsconfig.json');
      const project = engine.configuredProject(tsconfig);
      const program = project.getProgram();
      engine.syncWithDisk();
      assert.equal(engine.configuredProject(tsconfig), project, 'nothing changed');
      assert.equal(project.getProgram(), program, 'nothing changed: the same program');
      edit(dir, 'src/orders.ts', (text) => `${text}\nexport const ordersEdited = 1;\n`);
      engine.syncWithDisk();
      assert.equal(engine.configuredProject(tsconfig), project, 'a source changed');
      assert.notEqual(project.getProgram(), program, 'a source changed: a new program');
      assert.match(project.getProgram().getSourceFile(path.join(dir, 'src', 'orders.ts'))?.text ?? '', /ordersEdited/u);
      fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n'); // an install
      engine.syncWithDisk();
      assert.notEqual(engine.configuredProject(tsconfig), project, 'packages changed: a new project');
    } finally {
      engine.dispose();
    }
  });

  it('keeps one engine per rule configuration', () => {
    assertLikeCold(['src', '--format', 'json'], 'recommended rules');
    assertLikeCold(['src', '--format', 'json', '--rule', 'no-blocking-in-async=off'], 'a rule turned off');
    assert.equal(engines.size, 2);
    edit(dir, 'src/orders.ts', (text) => `${text}\nexport const ordersEdited = 1;\n`);
    assertLikeCold(['src', '--format', 'json'], 'back to the first engine after an edit');
  });
});

describe('CLI: the --daemon process', function () {
  this.timeout(120_000);
  let dir: string;
  let runtime: string;

  const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } => {
    // Its own socket and log folders, so a daemon of the user's (or of another test run) is never asked.
    const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: runtime, XDG_CACHE_HOME: runtime, ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const daemonPid = (): number | undefined => {
    const status = cli(['daemon', 'status']);
    return /pid (\d+)/u.exec(status.stdout) ? Number(/pid (\d+)/u.exec(status.stdout)?.[1]) : undefined;
  };

  beforeEach(() => {
    dir = copyFixture('demo');
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-daemon-'));
  });
  afterEach(() => {
    cli(['daemon', 'stop']);
    removeTemp(dir);
    removeTemp(runtime);
  });

  it('starts on the first run, answers as a run without it, and stops when asked', () => {
    const expected = spawnSync(process.execPath, [cliPath, 'src', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cli(['daemon', 'status']).stdout, 'No daemon is running.\n');
    const first = cli(['src', '--format', 'json', '--daemon']);
    assert.equal(first.stderr, '');
    assert.equal(first.status, expected.status);
    assert.deepEqual(report(first.stdout, dir), report(expected.stdout, dir));
    const pid = daemonPid();
    assert.ok(pid !== undefined && pid !== process.pid, 'a daemon runs after the first --daemon run');
    assert.match(cli(['daemon', 'status']).stdout, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}/tsconfig\\.json`, 'u'));

    edit(dir, 'src/audit.ts', (text) => `${text}\nexport async function flush(): Promise<void> {}\nexport function flushLater(): void {\n  flush();\n}\n`);
    const second = cli(['src', '--format', 'json', '--daemon']);
    assert.equal(daemonPid(), pid, 'the same daemon answered');
    const secondExpected = spawnSync(process.execPath, [cliPath, 'src', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(report(second.stdout, dir), report(secondExpected.stdout, dir));
    assert.match(second.stdout, /no-floating-promise/u);

    const usage = cli(['src', '--daemon', '--format', 'yaml']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /Unknown format "yaml"/u);

    assert.equal(cli(['daemon', 'stop']).stdout, 'Daemon stopped.\n');
    assert.equal(cli(['daemon', 'status']).stdout, 'No daemon is running.\n');
    assert.equal(cli(['daemon', 'restart']).status, 2);
  });

  it('is replaced when the package it runs changed', () => {
    cli(['src', '--daemon']);
    const pid = daemonPid();
    assert.ok(pid !== undefined);
    // A rebuild: the same code, a newer file time. The old daemon must not answer for the new code.
    const rule = path.resolve(__dirname, '..', '..', 'rules', 'registry.js');
    const before = fs.statSync(rule);
    try {
      fs.utimesSync(rule, before.atime, new Date(before.mtimeMs + 5_000));
      const run = cli(['src', '--daemon']);
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1);
      const newPid = daemonPid();
      assert.ok(newPid !== undefined && newPid !== pid, `a new daemon (was ${pid}, now ${newPid})`);
    } finally {
      fs.utimesSync(rule, before.atime, before.mtime);
    }
  });

  it('survives a client that sends garbage, and stops by itself when idle', async () => {
    cli(['src', '--daemon'], { ASYNC_PITFALLS_DAEMON_IDLE_MINUTES: '0.05' }); // the daemon inherits the environment of the run that starts it
    const pid = daemonPid();
    assert.ok(pid !== undefined);
    const socketFile = fs.readdirSync(runtime).find((name) => name.endsWith('.sock'));
    assert.ok(socketFile, 'the socket is in the runtime folder');
    assert.equal(fs.statSync(path.join(runtime, socketFile)).mode & 0o777, 0o600, 'only its user may connect');
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(path.join(runtime, socketFile));
      socket.on('connect', () => socket.write('this is not json\n'));
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    assert.equal(daemonPid(), pid, 'still serving');
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // 0.05 idle minutes = 3 s
    assert.equal(cli(['daemon', 'status']).stdout, 'No daemon is running.\n');
    assert.deepEqual(fs.readdirSync(runtime).filter((name) => name.endsWith('.sock')), [], 'the socket file is removed');
  });

  it('runs without the daemon, saying why, when it cannot start', () => {
    const notAFolder = path.join(runtime, 'file');
    fs.writeFileSync(notAFolder, '');
    const run = cli(['src', '--daemon', '--format', 'json'], { XDG_RUNTIME_DIR: notAFolder });
    assert.match(run.stderr, /^async-pitfalls: running without the daemon: the daemon exited at start \(see .*daemon-[0-9a-f]+\.log\)\.\n$/u);
    assert.equal(run.status, 1);
    const expected = spawnSync(process.execPath, [cliPath, 'src', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(report(run.stdout, dir), report(expected.stdout, dir));
  });
});
