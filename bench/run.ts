/**
 * `npm run bench`: our CLI side by side with ESLint + typescript-eslint and `oxlint --type-aware`,
 * on the same files in the same run, each run repeated (median and spread), plus our CLI's warm
 * runs with `--cache` and `--daemon` (no change, one file changed, one body changed). Wall time,
 * CPU time, peak RSS (the whole process tree), findings per pitfall, and the ratios. Never part of
 * `npm test`.
 *
 *   npm run bench                                   # synthetic projects of 100, 1 000 and 5 000 files
 *   npm run bench -- --target /tmp/got --paths source [--project tsconfig.json]
 *   npm run bench -- --scales 100 --runs 1 --tools ours,eslint
 *
 * Comparators not in the repository (eslint-plugin-n, oxlint, oxlint-tsgolint) are installed at
 * the versions of bench/tools.json into ~/.cache/async-pitfalls-bench (or
 * $ASYNC_PITFALLS_BENCH_TOOLS). Results go to bench/results/ (JSON and Markdown).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { generateProject, type PlantedCounts } from './generate.js';
import { highWaterMarkKb, peakTreeRss, processCpuMs } from './process-tree.js';

const repoRoot = path.resolve(__dirname, '..', '..');
const toolsDir = process.env.ASYNC_PITFALLS_BENCH_TOOLS ?? path.join(os.homedir(), '.cache', 'async-pitfalls-bench');

type ToolName = 'ours' | 'eslint' | 'oxlint';
type Category = 'floating' | 'misused' | 'blocking' | 'sequential' | 'other';
const CATEGORIES: readonly Category[] = ['floating', 'misused', 'blocking', 'sequential', 'other'];

/** Each tool's rule for each pitfall (the closest equivalent it has). */
const CATEGORY_OF: Readonly<Record<string, Category>> = {
  'async-pitfalls/no-floating-promise': 'floating',
  'async-pitfalls/no-misused-async-callback': 'misused',
  'async-pitfalls/no-blocking-in-async': 'blocking',
  'async-pitfalls/no-sequential-await': 'sequential',
  '@typescript-eslint/no-floating-promises': 'floating',
  '@typescript-eslint/no-misused-promises': 'misused',
  'n/no-sync': 'blocking',
  'no-await-in-loop': 'sequential',
  'typescript(no-floating-promises)': 'floating',
  'typescript(no-misused-promises)': 'misused',
  'node(no-sync)': 'blocking',
  'eslint(no-await-in-loop)': 'sequential',
};

interface Target {
  readonly label: string;
  readonly root: string;
  readonly tsconfig: string;
  /** Paths to lint, relative to root. */
  readonly paths: readonly string[];
  readonly planted?: PlantedCounts;
}

interface Measurement {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly exitCode: number | null;
  readonly load1: number;
  readonly findings: Record<Category, number>;
  readonly files: number;
  readonly error?: string;
  readonly cache?: unknown;
}

interface BenchArgs {
  readonly targets: { root: string; project: string; paths: string[] }[];
  readonly scales: number[];
  readonly runs: number;
  readonly tools: ReadonlySet<ToolName>;
  readonly warm: boolean;
  readonly work: string;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  const all = (name: string): string[] => argv.flatMap((arg, i) => (arg === `--${name}` && argv[i + 1] !== undefined ? [argv[i + 1] as string] : []));
  const one = (name: string): string | undefined => all(name).at(-1);
  const targets = all('target').map((root) => ({
    root: path.resolve(root),
    project: one('project') ?? 'tsconfig.json',
    paths: (one('paths') ?? '.').split(','),
  }));
  const scales = (one('scales') ?? (targets.length > 0 ? '' : '100,1000,5000')).split(',').filter(Boolean).map(Number);
  return {
    targets,
    scales,
    runs: Number(one('runs') ?? 3),
    tools: new Set((one('tools') ?? 'ours,eslint,oxlint').split(',') as ToolName[]),
    warm: !argv.includes('--no-warm'),
    work: path.resolve(one('work') ?? path.join(os.tmpdir(), 'async-pitfalls-bench')),
  };
}

/** Installs the comparators of bench/tools.json unless the pinned versions are already there. */
function ensureTools(): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'bench', 'tools.json'), 'utf8')) as { packages: Record<string, string> };
  const missing = Object.entries(manifest.packages).filter(([name, version]) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(toolsDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version !== version;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  fs.mkdirSync(toolsDir, { recursive: true });
  if (!fs.existsSync(path.join(toolsDir, 'package.json'))) fs.writeFileSync(path.join(toolsDir, 'package.json'), '{ "name": "async-pitfalls-bench-tools", "private": true }\n');
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  process.stderr.write(`Installing ${specs.join(', ')} into ${toolsDir}\n`);
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...specs], { cwd: toolsDir, stdio: 'inherit' });
  if (npm.status !== 0) throw new Error('Could not install the benchmark tools.');
}

function prepareTargets(args: BenchArgs): Target[] {
  const targets: Target[] = [];
  for (const files of args.scales) {
    const root = path.join(args.work, `synthetic-${files}`);
    const planted = generateProject({ files, out: root, seed: 1 });
    targets.push({ label: `synthetic ${files + 1} files`, root, tsconfig: path.join(root, 'tsconfig.json'), paths: ['src'], planted });
  }
  for (const target of args.targets) {
    targets.push({ label: path.basename(target.root), root: target.root, tsconfig: path.resolve(target.root, target.project), paths: target.paths });
  }
  return targets;
}

function eslintConfig(target: Target, work: string): string {
  const file = path.join(work, `eslint-${target.label.replace(/\W+/gu, '-')}.config.mjs`);
  fs.writeFileSync(file, `// Written by bench/run.ts: typescript-eslint's typed rules equivalent to async-pitfalls.
import { createRequire } from 'node:module';
const tseslint = createRequire(${JSON.stringify(path.join(repoRoot, 'package.json'))})('typescript-eslint');
const n = createRequire(${JSON.stringify(path.join(toolsDir, 'package.json'))})('eslint-plugin-n');
export default [{
  basePath: ${JSON.stringify(target.root)},
  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
  languageOptions: { parser: tseslint.parser, parserOptions: { project: ${JSON.stringify(target.tsconfig)}, tsconfigRootDir: ${JSON.stringify(target.root)} } },
  plugins: { '@typescript-eslint': tseslint.plugin, n },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
    'no-await-in-loop': 'error',
    'n/no-sync': 'error',
  },
}];
`);
  return file;
}

function oxlintConfig(work: string): string {
  const file = path.join(work, 'oxlintrc.json');
  const off = Object.fromEntries(['correctness', 'suspicious', 'pedantic', 'perf', 'style', 'restriction', 'nursery'].map((c) => [c, 'off']));
  fs.writeFileSync(file, `${JSON.stringify({
    plugins: ['typescript', 'node', 'eslint'],
    categories: off,
    rules: { 'typescript/no-floating-promises': 'error', 'typescript/no-misused-promises': 'error', 'eslint/no-await-in-loop': 'error', 'node/no-sync': 'error' },
  }, null, 2)}\n`);
  return file;
}

interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Where the JSON report lands: a file the tool writes, or its stdout. */
  readonly report: string;
  readonly reportOnStdout: boolean;
}

/**
 * A copy of the built CLI taken when the benchmark starts, so a rebuild in the working tree during
 * the run (another change to a rule) neither mixes versions nor invalidates the warm runs' cache.
 */
let cliSnapshot: string | undefined;

function snapshotCli(work: string): string {
  const root = path.join(work, 'cli-snapshot');
  fs.rmSync(root, { recursive: true, force: true });
  for (const folder of ['rules', 'server']) fs.cpSync(path.join(repoRoot, 'dist', folder), path.join(root, 'dist', folder), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'bin'), path.join(root, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return path.join(root, 'bin', 'async-pitfalls.js');
}

function commandFor(tool: ToolName, target: Target, work: string, extra: readonly string[] = []): Command {
  const report = path.join(work, `report-${tool}.json`);
  switch (tool) {
    case 'ours':
      return { command: process.execPath, args: [cliSnapshot ?? path.join(repoRoot, 'bin', 'async-pitfalls.js'), ...target.paths, '--project', target.tsconfig, '-f', 'json', '-o', report, ...extra], report, reportOnStdout: false };
    case 'eslint':
      return {
        command: process.execPath,
        args: [path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--config', eslintConfig(target, work), '--no-inline-config', '--no-warn-ignored', '-f', 'json', '-o', report, ...target.paths],
        report,
        reportOnStdout: false,
      };
    case 'oxlint':
      return {
        command: path.join(toolsDir, 'node_modules', 'oxlint', 'bin', 'oxlint'),
        args: ['--type-aware', '-c', oxlintConfig(work), '--tsconfig', target.tsconfig, '-f', 'json', ...target.paths],
        env: { ...process.env, OXLINT_TSGOLINT_PATH: path.join(toolsDir, 'node_modules', '@oxlint-tsgolint', `${process.platform}-${process.arch}`, 'tsgolint') },
        report,
        reportOnStdout: true,
      };
  }
}

async function measure(command: Command, cwd: string): Promise<Measurement> {
  const timeFile = path.join(os.tmpdir(), `async-pitfalls-bench-time-${process.pid}`);
  if (!command.reportOnStdout) fs.rmSync(command.report, { force: true });
  const stdout = fs.openSync(command.reportOnStdout ? command.report : '/dev/null', 'w');
  const stderrFile = `${command.report}.stderr`;
  const stderr = fs.openSync(stderrFile, 'w');
  const load1 = os.loadavg()[0] as number;
  const started = process.hrtime.bigint();
  // /usr/bin/time gives CPU time and the largest single process; polling /proc adds up the tree
  // (oxlint runs tsgolint beside itself).
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, command.command, ...command.args], { cwd, env: command.env ?? process.env, stdio: ['ignore', stdout, stderr] });
  const tree = peakTreeRss(child.pid as number);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const treeKb = tree.stop();
  fs.closeSync(stdout);
  fs.closeSync(stderr);
  const [user, system, maxKb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number];
  const { findings, files, error } = readReport(command, stderrFile, exitCode);
  return { wallMs, cpuMs: (user + system) * 1000, peakRssMb: Math.max(maxKb, treeKb) / 1024, exitCode, load1, findings, files, ...(error ? { error } : {}) };
}

function readReport(command: Command, stderrFile: string, exitCode: number | null): { findings: Record<Category, number>; files: number; error?: string } {
  const findings = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const stderrText = fs.readFileSync(stderrFile, 'utf8');
  const firstError = (): string => stderrText.split('\n').find((line) => /error|invalid|fail/iu.test(line))?.trim() ?? stderrText.trim().split('\n')[0] ?? `exit ${exitCode}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(command.report, 'utf8'));
  } catch {
    return { findings, files: 0, error: firstError() };
  }
  let files = 0;
  const count = (ruleId: string | null): void => {
    findings[(ruleId && CATEGORY_OF[ruleId]) || 'other']++;
  };
  if (Array.isArray(parsed)) {
    files = parsed.length;
    for (const result of parsed as { messages: { ruleId: string | null }[] }[]) for (const message of result.messages) count(message.ruleId);
  } else {
    const oxlint = parsed as { diagnostics: { code: string; message: string; filename?: string }[]; number_of_files?: number };
    files = oxlint.number_of_files ?? 0;
    for (const diagnostic of oxlint.diagnostics) count(diagnostic.code);
    // oxlint reports an unusable tsconfig as a diagnostic and goes on without the typed rules.
    const tsconfigError = oxlint.diagnostics.find((d) => d.code.includes('tsconfig-error'));
    if (tsconfigError) {
      findings.other--;
      return { findings, files, error: `${tsconfigError.message} (${tsconfigError.filename ?? ''}): typed rules did not run; untyped rules found blocking ${findings.blocking}, sequential ${findings.sequential}` };
    }
  }
  const typedFindings = findings.floating + findings.misused;
  // oxlint prints tsconfig problems and goes on without the typed rules: that is a failure here.
  const error = exitCode !== null && exitCode > 1 ? firstError() : /invalid tsconfig|tsgolint/iu.test(stderrText) && typedFindings === 0 ? firstError() : undefined;
  return { findings, files, ...(error ? { error } : {}) };
}

/** The file a one-file-change run edits: the middle one of the sorted TypeScript sources linted. */
function fileToChange(target: Target): string {
  const files = targetFiles(target);
  return files[Math.floor(files.length / 2)] as string;
}

/**
 * Where to change a function's body as one edits code: the first statement of the first exported
 * function (or method of an exported class) with a block body, in the file nearest the middle of the
 * sorted sources that has one. Such a body is what other files' findings may read.
 */
function bodyToChange(target: Target): { file: string; offset: number } | undefined {
  const files = targetFiles(target);
  const middle = Math.floor(files.length / 2);
  const order = files.map((file, i) => ({ file, distance: Math.abs(i - middle) })).sort((a, b) => a.distance - b.distance);
  for (const { file } of order) {
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const exported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    for (const statement of sourceFile.statements) {
      if (!exported(statement)) continue;
      const functions: ts.FunctionLikeDeclaration[] = ts.isFunctionDeclaration(statement) ? [statement] : ts.isClassDeclaration(statement) ? statement.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m)) : [];
      const body = functions.map((fn) => fn.body).find((b): b is ts.Block => b !== undefined && ts.isBlock(b) && b.statements.length > 0);
      if (body) return { file, offset: (body.statements[0] as ts.Statement).getStart(sourceFile) };
    }
  }
  return undefined;
}

function targetFiles(target: Target): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && /\.[cm]?tsx?$/u.test(entry.name) && !/\.d\.[cm]?tsx?$/u.test(entry.name)) files.push(full);
    }
  };
  for (const p of target.paths) {
    const full = path.resolve(target.root, p);
    if (fs.statSync(full).isDirectory()) walk(full);
    else files.push(full);
  }
  files.sort();
  return files;
}

interface TargetResult {
  readonly target: Omit<Target, 'planted'> & { planted?: PlantedCounts; changedFile?: string; changedBody?: string };
  readonly cold: Partial<Record<ToolName, Measurement[]>>;
  readonly warm: { coldWithCache: Measurement[]; noChange: Measurement[]; oneFileChanged: Measurement[]; bodyChanged: Measurement[] };
  /** The same runs with `--daemon` (the daemon's CPU and memory included). */
  readonly daemon: { firstRun: Measurement[]; noChange: Measurement[]; oneFileChanged: Measurement[]; bodyChanged: Measurement[] };
}

async function benchTarget(target: Target, args: BenchArgs): Promise<TargetResult> {
  const work = path.join(args.work, 'runs', target.label.replace(/\W+/gu, '-'));
  fs.mkdirSync(work, { recursive: true });
  const result: TargetResult = {
    target: { ...target },
    cold: {},
    warm: { coldWithCache: [], noChange: [], oneFileChanged: [], bodyChanged: [] },
    daemon: { firstRun: [], noChange: [], oneFileChanged: [], bodyChanged: [] },
  };
  const tools = (['ours', 'eslint', 'oxlint'] as const).filter((tool) => args.tools.has(tool));
  const cacheFile = path.join(work, 'async-pitfalls-cache.json');
  // One daemon for all runs, as a user keeps it through a session.
  const daemon = args.warm && args.tools.has('ours') ? new BenchDaemon(commandFor('ours', target, work, ['--daemon', '--cache-location', cacheFile])) : undefined;
  try {
    await runsOf(target, args, work, tools, cacheFile, daemon, result);
  } finally {
    daemon?.stop();
  }
  return result;
}

/** Every run of a target: the tools cold, interleaved, then our warm runs (when `daemon` is given, i.e. warm runs are asked for). */
async function runsOf(target: Target, args: BenchArgs, work: string, tools: readonly ToolName[], cacheFile: string, daemon: BenchDaemon | undefined, result: TargetResult): Promise<void> {
  for (let run = 1; run <= args.runs; run++) {
    // Interleaved, so a change in the machine's load touches every tool alike.
    for (const tool of tools) {
      const measurement = await measure(commandFor(tool, target, work), target.root);
      (result.cold[tool] ??= []).push(measurement);
      progress(`${target.label} run ${run} ${tool}: ${(measurement.wallMs / 1000).toFixed(2)} s, ${measurement.peakRssMb.toFixed(0)} MB, load ${measurement.load1.toFixed(1)}${measurement.error ? ` (${measurement.error})` : ''}`);
    }
    if (!daemon) continue;
    fs.rmSync(cacheFile, { force: true });
    const withCache = commandFor('ours', target, work, ['--cache', '--cache-location', cacheFile]);
    const cacheStats = (): unknown => (JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { lastRun?: unknown }).lastRun;
    result.warm.coldWithCache.push(await measureWithCache(withCache, target.root, cacheStats));
    result.warm.noChange.push(await measureWithCache(withCache, target.root, cacheStats));
    await changeRuns(result.target, run, () => measureWithCache(withCache, target.root, cacheStats), result.warm);
    const last = (list: readonly Measurement[]): string => `${((list.at(-1)?.wallMs ?? 0) / 1000).toFixed(2)} s`;
    progress(`${target.label} run ${run} ours --cache: cold ${last(result.warm.coldWithCache)}, no change ${last(result.warm.noChange)}, one file changed ${last(result.warm.oneFileChanged)}, one body changed ${last(result.warm.bodyChanged)}`);

    // The same with --daemon, started by the first run's first request (the cache file is warm by then).
    if (run === 1) {
      daemon.stop();
      result.daemon.firstRun.push(await daemon.measure(target.root, cacheStats));
    }
    result.daemon.noChange.push(await daemon.measure(target.root, cacheStats));
    await changeRuns(result.target, run, () => daemon.measure(target.root, cacheStats), result.daemon);
    progress(`${target.label} run ${run} ours --daemon: first run ${last(result.daemon.firstRun)}, no change ${last(result.daemon.noChange)}, one file changed ${last(result.daemon.oneFileChanged)}, one body changed ${last(result.daemon.bodyChanged)}`);
  }
}

async function measureWithCache(command: Command, cwd: string, cacheStats: () => unknown): Promise<Measurement> {
  return { ...(await measure(command, cwd)), cache: cacheStats() };
}

/**
 * The warm runs after a change: an export appended to the middle file (its signature changes, so its
 * dependents are re-checked too), then, back at the cached state, a statement added at the top of an
 * exported function's body. Every file is restored after its run.
 */
async function changeRuns(target: TargetResult['target'], run: number, measureOnce: () => Promise<Measurement>, into: { oneFileChanged: Measurement[]; bodyChanged: Measurement[] }): Promise<void> {
  const changed = fileToChange(target);
  target.changedFile = path.relative(target.root, changed);
  const original = fs.readFileSync(changed);
  try {
    fs.appendFileSync(changed, `\nexport const asyncPitfallsBenchEdit${run} = ${run};\n`);
    into.oneFileChanged.push(await measureOnce());
  } finally {
    fs.writeFileSync(changed, original);
  }
  await measureOnce(); // back to the cached state
  const body = bodyToChange(target);
  if (!body) return;
  target.changedBody = path.relative(target.root, body.file);
  const text = fs.readFileSync(body.file);
  try {
    const source = text.toString('utf8');
    fs.writeFileSync(body.file, `${source.slice(0, body.offset)}void ${run};\n${source.slice(body.offset)}`);
    into.bodyChanged.push(await measureOnce());
  } finally {
    fs.writeFileSync(body.file, text);
  }
  await measureOnce(); // back to the cached state
}

/**
 * Our CLI with `--daemon`, measured with the daemon's work included: the client's CPU plus what
 * the daemon's CPU counters moved during the run, and the daemon's peak RSS. Its socket lives in a
 * folder of this bench run, so a user's daemon is never asked.
 */
class BenchDaemon {
  private readonly env: NodeJS.ProcessEnv;
  constructor(private readonly command: Command) {
    const runtime = path.join(os.tmpdir(), `apb-daemon-${process.pid}`);
    fs.mkdirSync(runtime, { recursive: true, mode: 0o700 });
    this.env = { ...process.env, XDG_RUNTIME_DIR: runtime };
  }

  async measure(cwd: string, cacheStats: () => unknown): Promise<Measurement> {
    const before = this.pid();
    const cpuBefore = before === undefined ? 0 : processCpuMs(before);
    const measurement = await measure({ ...this.command, env: this.env }, cwd);
    const pid = this.pid(); // waits for the daemon's preparation after the run, if any (it answers in order)
    const daemonCpu = pid === undefined ? 0 : processCpuMs(pid) - (pid === before ? cpuBefore : 0);
    const daemonPeakMb = pid === undefined ? 0 : (highWaterMarkKb(pid) ?? 0) / 1024;
    return { ...measurement, cpuMs: measurement.cpuMs + daemonCpu, peakRssMb: Math.max(measurement.peakRssMb, daemonPeakMb), cache: cacheStats() };
  }

  stop(): void {
    this.cli(['daemon', 'stop']);
  }

  private pid(): number | undefined {
    const match = /pid (\d+)/u.exec(this.cli(['daemon', 'status']));
    return match ? Number(match[1]) : undefined;
  }

  private cli(args: readonly string[]): string {
    return spawnSync(this.command.command, [this.command.args[0] as string, ...args], { env: this.env, encoding: 'utf8' }).stdout;
  }
}

function progress(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Report

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function seconds(list: readonly Measurement[], pick: (m: Measurement) => number = (m) => m.wallMs): string {
  const values = list.map(pick);
  if (values.length === 0) return '–';
  const spread = values.length > 1 ? ` (${(Math.min(...values) / 1000).toFixed(2)}–${(Math.max(...values) / 1000).toFixed(2)})` : '';
  return `${(median(values) / 1000).toFixed(2)}${spread}`;
}

function ratio(a: readonly Measurement[] | undefined, b: readonly Measurement[] | undefined, pick: (m: Measurement) => number = (m) => m.wallMs): string {
  if (!a?.length || !b?.length || a.some((m) => m.error) || b.some((m) => m.error)) return '–';
  return `${(median(a.map(pick)) / median(b.map(pick))).toFixed(2)}×`;
}

const TOOL_LABEL: Record<ToolName, string> = {
  ours: 'async-pitfalls CLI',
  eslint: 'ESLint + typescript-eslint',
  oxlint: 'oxlint --type-aware',
};

function markdown(results: readonly TargetResult[], args: BenchArgs): string {
  const lines: string[] = [];
  lines.push(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; ${args.runs} run(s) each, interleaved; median (min–max).`);
  lines.push('');
  for (const result of results) {
    const { target } = result;
    lines.push(`### ${target.label}${target.planted ? '' : ` (${target.paths.join(', ')})`}`);
    lines.push('');
    if (target.planted) lines.push(`Planted: ${Object.entries(target.planted).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
    lines.push('| tool | wall s | CPU s | peak RSS MB | files | floating | misused callback | blocking | sequential | other | wall vs ESLint | CPU vs ESLint | RSS vs ESLint | avg load (1 min) |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const tool of ['ours', 'eslint', 'oxlint'] as const) {
      const list = result.cold[tool];
      if (!list?.length) continue;
      const failed = list.find((m) => m.error);
      const first = list[0] as Measurement;
      const findings = CATEGORIES.map((c) => String(first.findings[c]));
      const rss = `${median(list.map((m) => m.peakRssMb)).toFixed(0)}`;
      const load = (list.reduce((s, m) => s + m.load1, 0) / list.length).toFixed(1);
      if (failed) {
        lines.push(`| ${TOOL_LABEL[tool]} | ${seconds(list)} | ${seconds(list, (m) => m.cpuMs)} | ${rss} | ${first.files} | failed: ${failed.error?.slice(0, 160)} |  |  |  |  | – | – | – | ${load} |`);
        continue;
      }
      lines.push(`| ${TOOL_LABEL[tool]} | ${seconds(list)} | ${seconds(list, (m) => m.cpuMs)} | ${rss} | ${first.files} | ${findings.join(' | ')} | ${ratio(list, result.cold.eslint)} | ${ratio(list, result.cold.eslint, (m) => m.cpuMs)} | ${ratio(list, result.cold.eslint, (m) => m.peakRssMb)} | ${load} |`);
    }
    if (result.warm.oneFileChanged.length > 0) {
      const cold = result.cold.ours ?? result.warm.coldWithCache;
      const stats = (list: readonly Measurement[]): string => {
        const last = list.at(-1)?.cache as { analysedFiles?: number; reusedFiles?: number; programFiles?: number } | undefined;
        return last ? `${last.analysedFiles ?? '?'} analysed, ${last.reusedFiles ?? '?'} from cache${last.programFiles ? `, program of ${last.programFiles} files` : ''}` : '';
      };
      lines.push('');
      lines.push(`Warm runs of our CLI (\`--cache\`, then \`--daemon\` with the daemon's CPU and memory counted; "one file changed" appends an export to \`${target.changedFile}\`, "one body changed" adds a statement to the first exported function body${target.changedBody ? ` of \`${target.changedBody}\`` : ''}):`);
      lines.push('');
      lines.push('| run | wall s | CPU s | peak RSS MB | wall vs our cold run | CPU vs our cold run | files |');
      lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
      const rows = [
        ['`--cache`: cold, writing the cache', result.warm.coldWithCache],
        ['`--cache`: no change', result.warm.noChange],
        ['`--cache`: one file changed', result.warm.oneFileChanged],
        ['`--cache`: one body changed', result.warm.bodyChanged],
        ['`--daemon`: first run (starts the daemon; cache from the runs above)', result.daemon.firstRun],
        ['`--daemon`: no change', result.daemon.noChange],
        ['`--daemon`: one file changed', result.daemon.oneFileChanged],
        ['`--daemon`: one body changed', result.daemon.bodyChanged],
      ] as const;
      for (const [label, list] of rows) {
        if (list.length === 0) continue;
        lines.push(`| ${label} | ${seconds(list)} | ${seconds(list, (m) => m.cpuMs)} | ${median(list.map((m) => m.peakRssMb)).toFixed(0)} | ${ratio(list, cold)} | ${ratio(list, cold, (m) => m.cpuMs)} | ${stats(list)} |`);
      }
    }
    lines.push('');
  }
  const lsp = latestLspLatency();
  if (lsp) lines.push(lsp, '');
  lines.push(`Reproduce: \`npm run bench -- ${reproduceArgs(args)}\``);
  return `${lines.join('\n')}\n`;
}

function reproduceArgs(args: BenchArgs): string {
  const parts: string[] = [];
  if (args.scales.length > 0) parts.push(`--scales ${args.scales.join(',')}`);
  for (const target of args.targets) parts.push(`--target ${target.root} --project ${target.project} --paths ${target.paths.join(',')}`);
  parts.push(`--runs ${args.runs}`);
  if (args.tools.size < 3) parts.push(`--tools ${[...args.tools].join(',')}`);
  return parts.join(' ');
}

/** The language-server figures of bench/lsp-latency (the newest result file), in the same report. */
function latestLspLatency(): string | undefined {
  const dir = path.join(repoRoot, 'bench', 'results');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^lsp-latency-.*\.json$/u.test(f)).sort() : [];
  const newest = files.at(-1);
  if (!newest) return undefined;
  try {
    const data = JSON.parse(fs.readFileSync(path.join(dir, newest), 'utf8')) as {
      args?: { project?: string; file?: string };
      server?: { latencies?: number[] };
      eslint?: { latencies?: number[] } | null;
    };
    const pct = (values: readonly number[] | undefined, p: number): string => {
      if (!values?.length) return '–';
      const sorted = [...values].sort((a, b) => a - b);
      return `${(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number).toFixed(0)}`;
    };
    return [
      `Language server, edit → diagnostics (bench/lsp-latency, ${newest}; ${data.args?.file ?? ''} in ${data.args?.project ?? ''}):`,
      '',
      '| | p50 ms | p95 ms |',
      '| --- | ---: | ---: |',
      `| async-pitfalls language server | ${pct(data.server?.latencies, 50)} | ${pct(data.server?.latencies, 95)} |`,
      ...(data.eslint?.latencies ? [`| ESLint lintText, typed rules | ${pct(data.eslint.latencies, 50)} | ${pct(data.eslint.latencies, 95)} |`] : []),
    ].join('\n');
  } catch {
    return undefined;
  }
}

const USAGE = `Usage: npm run bench -- [options]   (or: node dist/bench/run.js [options])

  --scales 100,1000,5000   synthetic project sizes (default: all three, none with --target)
  --target <dir>           a real project with its dependencies installed (repeatable)
  --project <tsconfig>     tsconfig of the target, relative to it (default: tsconfig.json)
  --paths a,b              paths to lint, relative to the target (default: .)
  --runs N                 runs per tool, interleaved (default: 3)
  --tools ours,eslint,oxlint
  --no-warm                skip our CLI's --cache runs
  --work <dir>             generated projects and reports (default: $TMPDIR/async-pitfalls-bench)

Results: bench/results/ (JSON and Markdown). See bench/README.md.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // An unknown option would otherwise start a full run of several minutes.
  const known = new Set(['--scales', '--target', '--project', '--paths', '--runs', '--tools', '--no-warm', '--work']);
  const unknown = process.argv.slice(2).filter((arg, i, all) => arg.startsWith('--') && !known.has(arg) && !(i > 0 && known.has(all[i - 1] as string) && all[i - 1] !== '--no-warm'));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(', ')}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  if (args.tools.has('eslint') || args.tools.has('oxlint')) ensureTools();
  fs.mkdirSync(args.work, { recursive: true });
  if (args.tools.has('ours')) cliSnapshot = snapshotCli(args.work);
  const targets = prepareTargets(args);
  const results: TargetResult[] = [];
  for (const target of targets) results.push(await benchTarget(target, args));
  const report = markdown(results, args);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.json`), JSON.stringify({ args, results }, null, 2));
  fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.md`), report);
  process.stdout.write(report);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
