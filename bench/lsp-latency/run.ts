/**
 * Edit → diagnostics latency of the language server on a real project, next to a warm ESLint
 * `lintText` re-lint of the same texts with typescript-eslint's typed rules, in the same run.
 * Run manually (not part of the tests), after `npx tsc -p .`:
 *
 *   node dist/bench/lsp-latency/run.js --project /tmp/got --file source/core/options.ts [--edits 40] [--edit fresh|copy] [--debounce 0]
 *
 * The project needs its dependencies installed (`npm install --ignore-scripts`) so types resolve as
 * in the editor. Each edit inserts a statement into a different function body (as typing does):
 * one that names nothing else (`--edit fresh`, the default) or a copy of a statement of that
 * function (`--edit copy`, whose names and calls the function's own code shares), and the bench
 * waits for the diagnostics of exactly that version; the server runs every registered rule with
 * the recommended settings. Prints a Markdown table and writes JSON to bench/results/.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import * as ts from 'typescript';
import { Engine } from '../../server/engine/engine.js';

type EditKind = 'fresh' | 'copy';

interface Args {
  project: string;
  file: string;
  edits: number;
  edit: EditKind;
  debounce: number;
  eslint: boolean;
}

const repoRoot = path.resolve(__dirname, '../../..');

function parseArgs(argv: readonly string[]): Args {
  const get = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const project = get('project');
  const file = get('file');
  const usage = 'usage: run.js --project <dir> --file <relative path> [--edits 40] [--edit fresh|copy] [--debounce 0] [--no-eslint]';
  if (!project || !file) throw new Error(usage);
  const edit = get('edit') ?? 'fresh';
  if (edit !== 'fresh' && edit !== 'copy') throw new Error(`--edit must be fresh or copy; ${usage}`);
  return { project: path.resolve(project), file, edits: Number(get('edits') ?? 40), edit, debounce: Number(get('debounce') ?? 0), eslint: !argv.includes('--no-eslint') };
}

/**
 * Line starts of statements inside function bodies (found with the parser, so code examples in
 * comments are not picked), evenly spread over the file.
 */
function editPoints(filePath: string, text: string, count: number): EditPoint[] {
  const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true);
  const candidates = new Map<number, string>();
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (inFunction && ts.isBlock(node.parent) && (ts.isVariableStatement(node) || ts.isIfStatement(node) || ts.isReturnStatement(node) || ts.isExpressionStatement(node))) {
      const start = node.getStart(sourceFile);
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      if (/^[\t ]*$/u.test(text.slice(lineStart, start)) && !candidates.has(lineStart)) candidates.set(lineStart, text.slice(start, node.end));
    }
    const inside = inFunction || (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined && ts.isBlock(node.body as ts.Node));
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(sourceFile, false);
  const sorted = [...candidates.keys()].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(sorted.length / count));
  return Array.from({ length: count }, (_, i) => {
    const offset = sorted[(i * step) % sorted.length] as number;
    return { offset, statement: candidates.get(offset) as string };
  });
}

interface EditPoint {
  /** Start of the line of a statement in a function body. */
  readonly offset: number;
  /** That statement's text. */
  readonly statement: string;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function rssOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`, 'u').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * The texts after each edit: edit i inserts one statement into the i-th chosen function body,
 * before the statement there. `fresh`: a statement naming nothing else (`const benchEdit3 = 3 + 1;`).
 * `copy`: a copy of the statement it is inserted before, in a block of its own (its names stay
 * scoped): it reads, calls and narrows what the function's own code does, as typed code does.
 */
function editedTexts(filePath: string, original: string, count: number, kind: EditKind): { texts: string[]; changes: { offset: number; insert: string }[] } {
  const points = editPoints(filePath, original, count);
  const texts: string[] = [];
  const changes: { offset: number; insert: string }[] = [];
  let text = original;
  let shift = 0;
  const sortedPoints = [...points].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < count; i++) {
    const point = sortedPoints[i] as EditPoint;
    const at = point.offset + shift;
    const indent = /^[\t ]*/u.exec(text.slice(at))?.[0] ?? '\t\t';
    const insert = kind === 'fresh' ? `${indent}const benchEdit${i} = ${i} + 1;\n` : `${indent}{ ${point.statement} }\n`;
    text = text.slice(0, at) + insert + text.slice(at);
    shift += insert.length;
    texts.push(text);
    changes.push({ offset: at, insert });
  }
  return { texts, changes };
}

async function benchServer(args: Args, original: string, changes: { offset: number; insert: string }[]) {
  const filePath = path.join(args.project, args.file);
  const uri = pathToFileURL(filePath).href;
  const server = spawn(process.execPath, [path.join(repoRoot, 'bin/async-pitfalls-language-server.js'), '--stdio'], { cwd: args.project, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiting = new Map<number, (params: PublishDiagnosticsParams) => void>();
  const checkTimes: number[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    if (params.uri !== uri || params.version === undefined) return;
    waiting.get(params.version)?.(params);
  });
  connection.onNotification('asyncPitfalls/status', (params: { state: string; lastCheckDurationMs?: number }) => {
    if (params.state === 'idle' && params.lastCheckDurationMs !== undefined) checkTimes.push(params.lastCheckDurationMs);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ debounce: args.debounce })));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const diagnosticsOf = (version: number): Promise<PublishDiagnosticsParams> => new Promise((resolve) => waiting.set(version, resolve));

  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(args.project).href,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
  await connection.sendNotification('initialized', {});
  const openStarted = performance.now();
  const first = diagnosticsOf(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: original } });
  const opened = await first;
  const openMs = performance.now() - openStarted;
  const afterOpen = await rssOf(server.pid as number);

  let text = original;
  const latencies: number[] = [];
  let findings = opened.diagnostics.length;
  for (let i = 0; i < changes.length; i++) {
    const { offset, insert } = changes[i] as { offset: number; insert: string };
    const position = positionAt(text, offset);
    text = text.slice(0, offset) + insert + text.slice(offset);
    const version = i + 2;
    const published = diagnosticsOf(version);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: insert }],
    });
    const result = await published;
    latencies.push(performance.now() - started);
    findings = result.diagnostics.length;
  }
  const memory = await rssOf(server.pid as number);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  return { openMs, latencies, checkTimes: checkTimes.slice(1), rssAfterOpenMb: afterOpen.rss, rssMb: memory.rss, peakRssMb: memory.peak, findings };
}

/**
 * Where the server's time goes, measured in this process on the same edits with the server's
 * engine (incremental): the language service's program update (incremental reparse through the
 * change range) and each rule on the new checker, plus how many checks were partial.
 */
function breakdown(args: Args, original: string, changes: readonly { offset: number; insert: string }[]) {
  const filePath = path.join(args.project, args.file);
  const engine = new Engine({ incremental: true });
  const project = engine.projectFor(filePath, 'infer') as NonNullable<ReturnType<Engine['projectFor']>>;
  project.setOverlay(filePath, original, 1);
  engine.lintFile(filePath, project);
  const phases: Record<string, number[]> = { 'program update': [] };
  const partial = { before: engine.incrementalStats.partial, full: engine.incrementalStats.full };
  let text = original;
  changes.forEach(({ offset, insert }, i) => {
    text = text.slice(0, offset) + insert + text.slice(offset);
    project.setOverlay(filePath, text, i + 2, ts.createTextChangeRange(ts.createTextSpan(offset, 0), insert.length));
    let started = performance.now();
    project.getProgram();
    (phases['program update'] as number[]).push(performance.now() - started);
    for (const enabled of engine.enabledRules) {
      started = performance.now();
      engine.lintFile(filePath, project, [enabled]);
      (phases[enabled.rule.name] ??= []).push(performance.now() - started);
    }
  });
  const rulesRun = changes.length * engine.enabledRules.length;
  const partialChecks = engine.incrementalStats.partial - partial.before;
  engine.dispose();
  return {
    phases: Object.fromEntries(Object.entries(phases).map(([phase, times]) => [phase, { p50: percentile(times, 50), p95: percentile(times, 95) }])),
    partialShare: rulesRun === 0 ? 0 : partialChecks / rulesRun,
  };
}

async function benchEslint(args: Args, original: string, texts: readonly string[]) {
  const filePath = path.join(args.project, args.file);
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  const eslint = new ESLint({
    cwd: args.project,
    overrideConfigFile: true,
    overrideConfig: [
      ...(tseslint.configs.recommendedTypeChecked as object[]),
      { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: args.project } } },
    ] as never,
  });
  const coldStarted = performance.now();
  const [warmup] = await eslint.lintText(original, { filePath });
  const coldMs = performance.now() - coldStarted;
  const latencies: number[] = [];
  let findings = 0;
  for (const text of texts) {
    const started = performance.now();
    const [result] = await eslint.lintText(text, { filePath });
    latencies.push(performance.now() - started);
    findings = result?.messages.length ?? 0;
  }
  const rss = process.memoryUsage().rss / 1024 / 1024;
  return { coldMs, latencies, findingsAtOpen: warmup?.messages.length ?? 0, findings, rssMb: rss, rssGrowthMb: rss - rssBefore, rules: Object.keys((await eslint.calculateConfigForFile(filePath)).rules ?? {}).filter((r: string) => r.startsWith('@typescript-eslint/')).length };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const original = await fs.readFile(path.join(args.project, args.file), 'utf8');
  const { texts, changes } = editedTexts(path.join(args.project, args.file), original, args.edits, args.edit);
  const lines = original.split('\n').length;
  const projectLines = await countLines(args.project);

  const server = await benchServer(args, original, changes);
  const eslint = args.eslint ? await benchEslint(args, original, texts) : undefined;
  const { phases, partialShare } = breakdown(args, original, changes);

  const fmt = (n: number): string => n.toFixed(0);
  const rows = [
    '| measurement | async-pitfalls language server | ESLint `lintText` (typescript-eslint recommendedTypeChecked, warm) |',
    '| --- | --- | --- |',
    `| edit → result p50 | ${fmt(percentile(server.latencies, 50))} ms | ${eslint ? `${fmt(percentile(eslint.latencies, 50))} ms` : '–'} |`,
    `| edit → result p95 | ${fmt(percentile(server.latencies, 95))} ms | ${eslint ? `${fmt(percentile(eslint.latencies, 95))} ms` : '–'} |`,
    `| edit → result max | ${fmt(Math.max(...server.latencies))} ms | ${eslint ? `${fmt(Math.max(...eslint.latencies))} ms` : '–'} |`,
    `| first result (cold: project load + check) | ${fmt(server.openMs)} ms | ${eslint ? `${fmt(eslint.coldMs)} ms` : '–'} |`,
    `| memory | server RSS ${fmt(server.rssMb)} MB (peak ${fmt(server.peakRssMb)} MB) | bench process RSS ${eslint ? `${fmt(eslint.rssMb)} MB (+${fmt(eslint.rssGrowthMb)} MB for ESLint)` : '–'} |`,
    `| findings on the edited file | ${server.findings} | ${eslint ? eslint.findings : '–'} |`,
  ];
  const summary = [
    `File: ${args.file} (${lines} lines) in ${path.basename(args.project)} (${projectLines} lines of TypeScript in the project, without node_modules); ${args.edits} edits, each inserting ${args.edit === 'fresh' ? 'a statement naming nothing else (`--edit fresh`)' : 'a copy of the next statement in a block (`--edit copy`)'} into a different function body; server debounce ${args.debounce} ms.`,
    `Server check time per edit (program update + all rules), from its status notifications: p50 ${fmt(percentile(server.checkTimes, 50))} ms, p95 ${fmt(percentile(server.checkTimes, 95))} ms.`,
    eslint ? `ESLint ran ${eslint.rules} @typescript-eslint rules with projectService.` : 'ESLint not run.',
    `Breakdown of one server check (same edits, in-process, incremental engine): ${Object.entries(phases).map(([phase, t]) => `${phase} p50 ${fmt(t.p50)} / p95 ${fmt(t.p95)} ms`).join('; ')}; ${(partialShare * 100).toFixed(0)} % of rule runs re-analysed only the touched functions.`,
    `Load average during the run: ${(await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')} (${(await import('node:os')).cpus().length} CPUs).`,
  ];
  const output = [...rows, '', ...summary].join('\n');
  process.stdout.write(`${output}\n`);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  await fs.mkdir(resultsDir, { recursive: true });
  await fs.writeFile(path.join(resultsDir, `lsp-latency-${new Date().toISOString().replace(/[:.]/gu, '-')}.json`), JSON.stringify({ args, lines, projectLines, server, eslint, phases, partialShare }, null, 2));
}

async function countLines(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await countLines(full);
    else if (/\.[cm]?tsx?$/u.test(entry.name)) total += (await fs.readFile(full, 'utf8')).split('\n').length;
  }
  return total;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
