/**
 * A seeded random editor that types into fixture files open in the built language server (over
 * stdio, through the protocol tests' client) and checks, at checkpoints and at the end, that the
 * diagnostics the server published for every open file equal a fresh batch run of the engine on
 * the same texts. It also watches every publication (never for a version older than one already
 * published, never for a version the client has not sent, ranges inside that version's text), the
 * time the server takes to settle, code actions (answered in time, edits for the current version),
 * rules that throw, and the server's memory. Everything derives from the seed, which is printed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { allRules } from '../../rules/registry.js';
import { applyEdits } from '../../server/engine/apply-edits.js';
import { Engine } from '../../server/engine/engine.js';
import { fixAll } from '../../server/engine/fix-all.js';
import type { LintMessage } from '../../server/engine/lint-message.js';
import type { Project } from '../../server/engine/project.js';
import { ruleId, type RuleSettings } from '../../server/engine/rule-config.js';
import { docsUrls, isRuleFailure, toDiagnostic } from '../../server/lsp/diagnostics.js';
import { fixturesRoot, newErrors, projectErrors } from '../helpers/fixtures.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';
import { seededRandom } from '../../bench/seeded-random.js';
import { TestClient, editsFor, positionAt, uriOf } from '../server/lsp-client.js';

/** Every rule at `error`, in the server's settings and in the batch engine alike. */
export const ALL_RULES_ON: RuleSettings = Object.fromEntries(allRules.map((rule) => [ruleId(rule), 'error']));

/** The files the fuzzer opens: two fixture projects, files importing each other. */
const OPEN_FILES: readonly (readonly [fixture: string, file: string])[] = [
  ['demo', 'src/orders.ts'],
  ['demo', 'src/markets.ts'],
  ['demo', 'src/settings.ts'],
  ['demo', 'src/audit.ts'],
  ['demo', 'src/accounts.ts'],
  ['demo', 'src/server.ts'],
  ['no-floating-promise', 'src/store.ts'],
  ['no-floating-promise', 'src/runner.ts'],
  ['no-floating-promise', 'src/main.ts'],
];

const TOKENS = [
  'await ', 'async ', 'void ', 'return ', '(', ')', '{', '}', '[', ']', ';', ',', '.', '\n', '\n  ', ' ', '//', '/*', '*/', "'", '"', '`', '${',
  'x', 'foo', 'Promise.resolve(1)', 'new Promise((r) => r(1))', 'fs.readFileSync("a")', '.then(() => 1)', '.catch(() => {})',
  'await Promise.all([a(), b()])', 'for (const x of [1, 2]) await f(x);', '[1, 2].forEach(async (x) => { await x; });',
  'setTimeout(async () => {}, 1);', 'if (fetch("u")) {}', 'const a = await g();\nconst b = await h();\n', 'function ', '=>', '=', '!', '?', ':',
  '<', '>', 'export ', 'import ', 'let ', 'const ', 'type T = Promise<void>;', '@', '#', '\\', '\t', 'é', '😀',
];

export interface FuzzOptions {
  readonly seed: number;
  readonly edits: number;
  /** Compare with a batch run after every this many edits. */
  readonly checkEvery: number;
  /** Also check every fix and suggestion of the batch results, at every this many checkpoints. */
  readonly checkFixesEvery?: number;
  readonly log?: (line: string) => void;
}

export interface FuzzReport {
  readonly seed: number;
  readonly edits: number;
  readonly checkpoints: number;
  readonly publications: number;
  readonly codeActionRequests: number;
  readonly fixesChecked: number;
  readonly maxSettleMs: number;
  readonly maxCodeActionMs: number;
  readonly rssAfterFirstCheckMb: number;
  readonly rssAfterEditsMb: number;
  readonly rssAfterCloseMb: number;
  /** RSS after the first 10 × checkEvery edits (warm), the baseline for growth per edit. */
  readonly rssWarmMb: number;
  /** V8 heap in use after a full collection. */
  readonly heapAfterFirstCheckMb: number;
  readonly heapAfterEditsMb: number;
  readonly heapAfterCloseMb: number;
  readonly projectsAfterClose: number | undefined;
  /** Rule runs the server did as function-level re-analyses (each verified against a full one) and in full. */
  readonly analyses: { readonly partial: number; readonly full: number } | undefined;
  readonly problems: readonly string[];
}

interface OpenFile {
  readonly filePath: string;
  readonly uri: string;
  readonly original: string;
  /** Inverse change batches, newest last. */
  readonly undo: TextDocumentContentChangeEvent[][];
}

interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

const SETTLE_TIMEOUT_MS = 60_000;
const CODE_ACTION_TIMEOUT_MS = 30_000;
const MAX_TEXT = 30_000;

export class EditFuzzer {
  private readonly next: () => number;
  private readonly roots = new Map<string, string>();
  private client!: TestClient;
  private files: OpenFile[] = [];
  private corpus: string[] = [];
  /** Statements of function bodies in the corpus, collected on first use. */
  private corpusStatements: string[] | undefined;
  private readonly problems: string[] = [];
  private readonly lastPublished = new Map<string, number>();
  private readonly textsByVersion = new Map<string, Map<number, string>>();
  private lastPublishAt = Date.now();
  private publications = 0;
  private codeActionRequests = 0;
  private fixesChecked = 0;
  private maxSettleMs = 0;
  private maxCodeActionMs = 0;
  private checkpoints = 0;
  private batchEngine: Engine | undefined;
  private traceStarted = false;
  /** Memory at the first report (after 10 checkpoints' worth of edits): programs, checkers and caches warm. */
  private warm: { rssMb: number; heapMb: number } | undefined;

  constructor(private readonly options: FuzzOptions) {
    this.next = seededRandom(options.seed);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  async run(): Promise<FuzzReport> {
    for (const [fixture] of OPEN_FILES) if (!this.roots.has(fixture)) this.roots.set(fixture, copyFixture(fixture));
    this.corpus = collectCorpus();
    const nodeOptions = process.env['NODE_OPTIONS'];
    const verify = process.env['ASYNC_PITFALLS_VERIFY_INCREMENTAL'];
    process.env['NODE_OPTIONS'] = `${nodeOptions ?? ''} --expose-gc --require ${JSON.stringify(path.join(__dirname, 'memory-probe.js'))}`.trim();
    // Every function-level re-analysis is also checked against a full one inside the server; a
    // difference is logged as a rule failure, which the crash scan below reports.
    process.env['ASYNC_PITFALLS_VERIFY_INCREMENTAL'] = '1';
    try {
      this.client = new TestClient({ rootPath: this.roots.get('demo') as string, extraRules: false, settings: { rules: ALL_RULES_ON } });
    } finally {
      if (nodeOptions === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = nodeOptions;
      if (verify === undefined) delete process.env['ASYNC_PITFALLS_VERIFY_INCREMENTAL'];
      else process.env['ASYNC_PITFALLS_VERIFY_INCREMENTAL'] = verify;
    }
    this.client.publishListeners.push((params) => this.onPublish(params));
    try {
      await this.client.initialize();
      for (const [fixture, file] of OPEN_FILES) {
        const filePath = path.join(this.roots.get(fixture) as string, file);
        const text = fs.readFileSync(filePath, 'utf8');
        const uri = await this.client.open(filePath, text);
        this.rememberText(uri, 1, text);
        this.files.push({ filePath, uri, original: text, undo: [] });
      }
      await this.checkpoint('after opening');
      const first = await this.memory();
      this.log(`seed ${this.options.seed}: after the first full check: RSS ${first.rssMb.toFixed(1)} MB, heap ${first.heapMb.toFixed(1)} MB`);

      for (let edit = 1; edit <= this.options.edits; edit++) {
        await this.randomEdit();
        if (this.next() < 0.02) await this.probeCodeActions();
        const pause = this.next();
        if (pause < 0.2) await sleep(Math.floor(this.next() * 60));
        else if (pause < 0.23) await sleep(80 + Math.floor(this.next() * 120));
        if (edit % this.options.checkEvery === 0 || edit === this.options.edits) {
          await this.checkpoint(`after edit ${edit}`);
          if (edit % (this.options.checkEvery * 10) === 0) {
            const now = await this.memory();
            this.warm ??= now;
            this.log(`seed ${this.options.seed}: ${edit} edits, RSS ${now.rssMb.toFixed(1)} MB, heap ${now.heapMb.toFixed(1)} MB, slowest settle ${this.maxSettleMs} ms`);
          }
        }
        if (this.problems.length >= 5) break; // enough to reproduce with the seed
        if (this.client.process.exitCode !== null) {
          this.problems.push(`the server exited with code ${this.client.process.exitCode} after edit ${edit}`);
          break;
        }
      }
      const afterEdits = await this.memory();

      for (const file of this.files) await this.client.close(file.uri);
      try {
        await this.client.waitFor('empty diagnostics after close', () => this.files.every((file) => this.client.diagnostics.get(file.uri)?.diagnostics.length === 0), SETTLE_TIMEOUT_MS);
      } catch (error) {
        const left = this.files.filter((file) => this.client.diagnostics.get(file.uri)?.diagnostics.length !== 0);
        this.problems.push(`seed ${this.options.seed}: diagnostics left after closing: ${left.map((file) => `${path.basename(file.filePath)} ${JSON.stringify(this.client.diagnostics.get(file.uri))}`).join('\n')} ${(error as Error).message.split('\n')[0]}`);
      }
      await sleep(1500);
      const afterClose = await this.memory();
      const status = this.client.statuses.at(-1);
      const projectsAfterClose = typeof status?.['projectCount'] === 'number' ? status['projectCount'] : undefined;
      const crashes = this.client.logs.filter((l) => /Uncaught exception|Unhandled rejection| failed: |differs from a full one/u.test(l.message));
      for (const crash of crashes) this.problems.push(`server log: ${crash.message.split('\n').slice(0, 6).join('\n')}`);
      return {
        seed: this.options.seed,
        edits: this.options.edits,
        checkpoints: this.checkpoints,
        publications: this.publications,
        codeActionRequests: this.codeActionRequests,
        fixesChecked: this.fixesChecked,
        maxSettleMs: this.maxSettleMs,
        maxCodeActionMs: this.maxCodeActionMs,
        rssAfterFirstCheckMb: first.rssMb,
        rssAfterEditsMb: afterEdits.rssMb,
        rssAfterCloseMb: afterClose.rssMb,
        rssWarmMb: this.warm?.rssMb ?? first.rssMb,
        heapAfterFirstCheckMb: first.heapMb,
        heapAfterEditsMb: afterEdits.heapMb,
        heapAfterCloseMb: afterClose.heapMb,
        projectsAfterClose,
        analyses: status?.['analyses'] as FuzzReport['analyses'],
        problems: this.problems,
      };
    } finally {
      this.batchEngine?.dispose();
      await this.client.shutdown();
      for (const root of this.roots.values()) removeTemp(root);
    }
  }

  // ---- edits ---------------------------------------------------------------------------------

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  private async randomEdit(): Promise<void> {
    const file = this.pick(this.files);
    const text = this.client.textOf(file.uri);
    const roll = this.next();
    const at = (): number => Math.floor(this.next() * (text.length + 1));
    if (text.length > MAX_TEXT || (roll < 0.1 && file.undo.length > 0)) return this.undo(file, this.next() < 0.15 ? file.undo.length : 1 + Math.floor(this.next() * 8));
    if (roll < 0.3) return this.apply(file, [{ start: at(), end: -1, newText: this.pick(TOKENS) }]);
    if (roll < 0.45) {
      const start = at();
      return this.apply(file, [{ start, end: Math.min(text.length, start + 1 + Math.floor(this.next() * 30)), newText: '' }]);
    }
    if (roll < 0.52) return this.apply(file, [{ start: at(), end: -1, newText: this.fragment() }]);
    if (roll < 0.58) return this.unbalance(file, text);
    if (roll < 0.66) return this.toggleAsync(file, text);
    if (roll < 0.7) return this.renameImported(text);
    if (roll < 0.9) return this.bodyStatementEdit(file, text);
    // Replace a word by another: typing over a selection.
    const start = at();
    return this.apply(file, [{ start, end: Math.min(text.length, start + Math.floor(this.next() * 8)), newText: this.pick(TOKENS) }]);
  }

  /**
   * A whole statement added to or removed from a function body: the file stays parseable, so the
   * server re-analyses only the functions involved (verified against a full analysis).
   */
  private bodyStatementEdit(file: OpenFile, text: string): Promise<void> {
    const bodyStatements = functionBodyStatements(ts.createSourceFile('edited.ts', text, ts.ScriptTarget.Latest, true));
    if (bodyStatements.length === 0) return Promise.resolve();
    const target = this.pick(bodyStatements);
    if (this.next() < 0.3) return this.apply(file, [{ start: target.pos, end: target.end, newText: '' }]);
    this.corpusStatements ??= statementsOfFunctionBodies(this.corpus);
    return this.apply(file, [{ start: target.end, end: -1, newText: `\n${this.pick(this.corpusStatements)}` }]);
  }

  /** A few lines of some fixture file, as a paste. */
  private fragment(): string {
    const lines = this.pick(this.corpus).split('\n');
    const from = Math.floor(this.next() * lines.length);
    return lines.slice(from, from + 1 + Math.floor(this.next() * 6)).join('\n');
  }

  private unbalance(file: OpenFile, text: string): Promise<void> {
    const brackets = [...text.matchAll(/[{}()[\]]/gu)];
    if (brackets.length > 0 && this.next() < 0.5) {
      const match = this.pick(brackets);
      return this.apply(file, [{ start: match.index, end: match.index + 1, newText: '' }]);
    }
    return this.apply(file, [{ start: Math.floor(this.next() * (text.length + 1)), end: -1, newText: this.pick(['{', '}', '(', ')', '[', ']', '({', '})']) }]);
  }

  private toggleAsync(file: OpenFile, text: string): Promise<void> {
    const asyncs = [...text.matchAll(/\basync\s+(?=function\b|\(|[A-Za-z_$][\w$]*\s*(?:=>|\())/gu)];
    const functions = [...text.matchAll(/(?<!async\s+)\bfunction\b/gu)];
    if (asyncs.length > 0 && (functions.length === 0 || this.next() < 0.5)) {
      const match = this.pick(asyncs);
      return this.apply(file, [{ start: match.index, end: match.index + match[0].length, newText: '' }]);
    }
    if (functions.length > 0) {
      const match = this.pick(functions);
      return this.apply(file, [{ start: match.index, end: -1, newText: 'async ' }]);
    }
    return Promise.resolve();
  }

  /** Renames a function imported by this file in every open file that mentions it (or undoes such a rename). */
  private async renameImported(text: string): Promise<void> {
    const names = [...text.matchAll(/import\s*\{([^}]*)\}\s*from/gu)]
      .flatMap((match) => (match[1] as string).split(','))
      .map((entry) => entry.trim())
      .filter((entry) => /^[A-Za-z_$][\w$]*$/u.test(entry));
    if (names.length === 0) return;
    const name = this.pick(names);
    const renamed = name.endsWith('Renamed') ? name.slice(0, -'Renamed'.length) : `${name}Renamed`;
    for (const other of this.files) {
      const otherText = this.client.textOf(other.uri);
      const matches = [...otherText.matchAll(new RegExp(`\\b${name.replace(/\$/gu, '\\$')}\\b`, 'gu'))];
      // From the end, so each change's offsets hold in the text the previous ones left.
      if (matches.length > 0) await this.apply(other, matches.reverse().map((m) => ({ start: m.index, end: m.index + name.length, newText: renamed })));
    }
  }

  /** Sends edits (offsets in the text each previous edit left; end -1 = insertion) as one didChange. */
  private async apply(file: OpenFile, edits: readonly OffsetEdit[]): Promise<void> {
    let text = this.client.textOf(file.uri);
    const changes: TextDocumentContentChangeEvent[] = [];
    const inverse: TextDocumentContentChangeEvent[] = [];
    for (const edit of edits) {
      const start = Math.min(edit.start, text.length);
      const end = edit.end < 0 ? start : Math.min(Math.max(edit.end, start), text.length);
      changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: edit.newText });
      const removed = text.slice(start, end);
      text = text.slice(0, start) + edit.newText + text.slice(end);
      inverse.unshift({ range: { start: positionAt(text, start), end: positionAt(text, start + edit.newText.length) }, text: removed });
    }
    file.undo.push(inverse);
    this.trace(file, changes);
    const version = await this.client.change(file.uri, changes);
    assert.equal(this.client.textOf(file.uri), text, 'the fuzzer\'s own bookkeeping');
    this.rememberText(file.uri, version, text);
  }

  private async undo(file: OpenFile, steps: number): Promise<void> {
    const all = steps >= file.undo.length;
    const changes = file.undo.splice(Math.max(0, file.undo.length - steps)).reverse().flat();
    if (changes.length === 0) return;
    this.trace(file, changes);
    const version = await this.client.change(file.uri, changes);
    const text = this.client.textOf(file.uri);
    this.rememberText(file.uri, version, text);
    if (all) assert.equal(text, file.original, 'undoing every edit restores the original text');
  }

  /** FUZZ_TRACE=<file>: every didChange as a JSON line (the original texts first), to replay offline. */
  private trace(file: OpenFile, changes: readonly TextDocumentContentChangeEvent[]): void {
    const traceFile = process.env['FUZZ_TRACE'];
    if (!traceFile) return;
    if (!this.traceStarted) {
      this.traceStarted = true;
      fs.writeFileSync(traceFile, this.files.map((f) => `${JSON.stringify({ open: f.filePath, text: f.original })}\n`).join(''));
    }
    fs.appendFileSync(traceFile, `${JSON.stringify({ change: file.filePath, changes })}\n`);
  }

  // ---- watching publications -------------------------------------------------------------------

  private rememberText(uri: string, version: number, text: string): void {
    let texts = this.textsByVersion.get(uri);
    if (!texts) this.textsByVersion.set(uri, (texts = new Map()));
    texts.set(version, text);
  }

  private onPublish(params: PublishDiagnosticsParams): void {
    const file = this.files.find((f) => f.uri === params.uri);
    if (!file || params.version === undefined) return;
    this.publications++;
    this.lastPublishAt = Date.now();
    const current = this.client.versionOf(params.uri);
    if (current === 0) return; // closed: the clearing publication
    const last = this.lastPublished.get(params.uri) ?? 0;
    if (params.version < last) this.problems.push(`${path.basename(file.filePath)}: published version ${params.version} after version ${last} (stale)`);
    if (params.version > current) this.problems.push(`${path.basename(file.filePath)}: published version ${params.version}, which the client never sent (at ${current})`);
    this.lastPublished.set(params.uri, Math.max(last, params.version));
    const texts = this.textsByVersion.get(params.uri);
    const text = texts?.get(params.version);
    if (text !== undefined) {
      const document = TextDocument.create(params.uri, 'typescript', params.version, text);
      for (const diagnostic of params.diagnostics) {
        const start = document.offsetAt(diagnostic.range.start);
        const end = document.offsetAt(diagnostic.range.end);
        const same = document.positionAt(start);
        if (same.line !== diagnostic.range.start.line || same.character !== diagnostic.range.start.character || end < start) {
          this.problems.push(`${path.basename(file.filePath)} v${params.version}: diagnostic range ${JSON.stringify(diagnostic.range)} is not inside the text`);
        }
      }
    }
    // Texts older than the last publication are never needed again.
    if (texts) for (const version of texts.keys()) if (version < params.version) texts.delete(version);
  }

  private settled(): boolean {
    const last = this.client.statuses.at(-1);
    return (
      this.files.every((file) => this.client.diagnostics.get(file.uri)?.version === this.client.versionOf(file.uri)) &&
      last?.['state'] !== 'checking' && last?.['state'] !== 'loading' &&
      Date.now() - this.lastPublishAt > 400
    );
  }

  // ---- checks ----------------------------------------------------------------------------------

  private async checkpoint(label: string): Promise<void> {
    this.checkpoints++;
    const started = Date.now();
    try {
      await this.client.waitFor(`the server to settle ${label}`, () => this.settled(), SETTLE_TIMEOUT_MS);
    } catch (error) {
      this.problems.push(`seed ${this.options.seed} ${label}: ${(error as Error).message.split('\n')[0]} (hang?)`);
      return;
    }
    this.maxSettleMs = Math.max(this.maxSettleMs, Date.now() - started - 400);
    const settledAt = Date.now();
    const texts = new Map(this.files.map((file) => [file.filePath, this.client.textOf(file.uri)]));
    // A fresh engine every tenth checkpoint; in between one kept engine, given the texts whole (no
    // change ranges, so TypeScript reparses them from scratch: a different path from the server's).
    const fresh = this.checkpoints % 10 === 1 || !this.batchEngine;
    if (fresh) {
      this.batchEngine?.dispose();
      this.batchEngine = new Engine({ ruleSettings: ALL_RULES_ON });
    }
    const batch = batchRun(texts, this.batchEngine as Engine);
    if (process.env['FUZZ_VERBOSE']) this.log(`${label}: settled in ${settledAt - started} ms, batch run ${Date.now() - settledAt} ms`);
    const urls = docsUrls(allRules);
    for (const file of this.files) {
      const text = texts.get(file.filePath) as string;
      const result = batch.results.get(file.filePath) as readonly LintMessage[];
      for (const failure of result.filter(isRuleFailure)) {
        this.problems.push(`seed ${this.options.seed} ${label}: ${failure.message.split('\n').slice(0, 4).join(' | ')}\n--- ${path.basename(file.filePath)} ---\n${text}`);
      }
      const document = TextDocument.create(file.uri, 'typescript', 1, text);
      const expected = result.filter((m) => !isRuleFailure(m)).map((m) => toDiagnostic(document, m, urls));
      const actual = this.client.diagnostics.get(file.uri)?.diagnostics ?? [];
      const show = (list: readonly Diagnostic[]): string[] => list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code ?? '-')} ${d.message}`).sort();
      const [a, e] = [show(actual), show(expected)];
      if (JSON.stringify(a) !== JSON.stringify(e)) {
        this.problems.push(`seed ${this.options.seed} ${label}: ${path.basename(file.filePath)} v${this.client.versionOf(file.uri)}: server ≠ batch\n  server: ${a.join('\n          ')}\n  batch:  ${e.join('\n          ')}\n--- text ---\n${text}`);
      }
    }
    if (this.options.checkFixesEvery && this.checkpoints % this.options.checkFixesEvery === 0) this.fixesChecked += checkFixInvariants(batch, texts, (problem) => this.problems.push(`seed ${this.options.seed} ${label}: ${problem}`));
  }

  private async probeCodeActions(): Promise<void> {
    const file = this.pick(this.files);
    const text = this.client.textOf(file.uri);
    const version = this.client.versionOf(file.uri);
    const start = Math.floor(this.next() * (text.length + 1));
    const range = { start: positionAt(text, start), end: positionAt(text, Math.min(text.length, start + Math.floor(this.next() * 200))) };
    const started = Date.now();
    this.codeActionRequests++;
    const actions = await Promise.race([
      this.client.codeActions(file.uri, range, [], this.next() < 0.3 ? ['source.fixAll.asyncPitfalls'] : undefined),
      sleep(CODE_ACTION_TIMEOUT_MS).then(() => undefined),
    ]);
    this.maxCodeActionMs = Math.max(this.maxCodeActionMs, Date.now() - started);
    if (actions === undefined) {
      this.problems.push(`seed ${this.options.seed}: no code action answer within ${CODE_ACTION_TIMEOUT_MS} ms`);
      return;
    }
    for (const action of actions) {
      if (!action.edit) continue;
      try {
        editsFor(file.uri, action.edit, version);
      } catch (error) {
        this.problems.push(`seed ${this.options.seed}: code action "${action.title}": ${(error as Error).message}`);
      }
    }
  }

  /** The server's memory after a full garbage collection (see memory-probe.ts): RSS and heap, in MB. */
  private async memory(): Promise<{ rssMb: number; heapMb: number }> {
    const before = this.client.stderr.length;
    this.client.process.kill('SIGUSR2');
    const line = await this.client.waitFor('the memory probe', () => /memory-probe (\{.*\})\n/u.exec(this.client.stderr.slice(before))?.[1], 30_000);
    const { rss, heapUsed } = JSON.parse(line) as { rss: number; heapUsed: number };
    return { rssMb: rss / 1024 / 1024, heapMb: heapUsed / 1024 / 1024 };
  }
}

interface BatchRun {
  readonly engine: Engine;
  readonly projects: Map<string, Project>;
  readonly results: Map<string, readonly LintMessage[]>;
}

let batchVersion = 1;

/** The given texts as buffers (whole, no change ranges) in every project of `engine`, each file linted. */
export function batchRun(texts: ReadonlyMap<string, string>, engine: Engine): BatchRun {
  const projects = new Map<string, Project>();
  for (const filePath of texts.keys()) projects.set(filePath, engine.projectFor(filePath, 'infer') as Project);
  const version = batchVersion++;
  for (const project of new Set(projects.values())) for (const [filePath, text] of texts) project.setOverlay(filePath, text, version);
  const results = new Map<string, readonly LintMessage[]>();
  for (const [filePath, project] of projects) results.set(filePath, engine.lintFile(filePath, project).messages);
  return { engine, projects, results };
}

/**
 * The fix invariants on a batch run (texts as open buffers): every fix and suggestion of a file
 * that parses gives a file that parses, adds no type error to the file, has fewer findings of its
 * rule and keeps the comments it replaces; a fix's edits never overlap; fix-all twice equals once.
 */
export function checkFixInvariants(batch: BatchRun, texts: ReadonlyMap<string, string>, problem: (message: string) => void): number {
  let checked = 0;
  for (const [filePath, messages] of batch.results) {
    if (messages.some((m) => m.fatal)) continue; // fixes are never applied to a file that does not parse
    const project = batch.projects.get(filePath) as Project;
    const original = texts.get(filePath) as string;
    const withFixes = messages.filter((m) => m.fixEdits?.length || m.suggestions?.length);
    if (withFixes.length === 0) continue;
    const name = path.basename(filePath);
    // Only the number of the fixed file's own errors: in fuzzed code other files are broken too
    // (scripts sharing one global scope, half-typed imports) and their errors move when any file
    // changes, and TypeScript words the same unresolved name differently as the code around it
    // changes (TS2304 or TS2552 "Did you mean"). The fixtures get the strict check (fixtures.ts).
    const ownErrors = (): Map<string, number> => {
      const count = [...projectErrors(project)].filter(([key]) => key.startsWith(`${name}: `)).reduce((sum, [, n]) => sum + n, 0);
      return new Map([[`${name}: type errors`, count]]);
    };
    const baseline = ownErrors();
    for (const message of withFixes) {
      const proposals = [...(message.fixEdits ? [{ title: 'fix', edits: message.fixEdits }] : []), ...(message.suggestions ?? []).map((s) => ({ title: `suggestion "${s.desc}"`, edits: s.edits }))];
      const before = messages.filter((m) => m.ruleId === message.ruleId).length;
      for (const proposal of proposals) {
        checked++;
        const where = `${name}:${message.line}:${message.column} ${message.ruleId} ${proposal.title}`;
        const sorted = [...proposal.edits].sort((a, b) => a.start - b.start);
        if (sorted.some((edit, i) => i > 0 && edit.start < (sorted[i - 1] as { end: number }).end)) problem(`${where}: its own edits overlap`);
        const fixed = applyEdits(original, proposal.edits);
        project.setOverlay(filePath, fixed, batchVersion++);
        const after = batch.engine.analyse(project, filePath);
        if (after.some((m) => m.fatal)) problem(`${where} gives a file that does not parse:\n${fixed}`);
        const added = newErrors(baseline, ownErrors());
        if (added.length > 0) problem(`${where} introduces type errors: ${added.join('; ')}\n--- original ---\n${original}\n--- result ---\n${fixed}`);
        if (after.filter((m) => m.ruleId === message.ruleId).length >= before) problem(`${where} leaves its finding in place\n--- result ---\n${fixed}`);
        const lost = lostComments(original, proposal.edits, fixed);
        if (lost.length > 0) problem(`${where} deletes comments: ${lost.join(' ')}`);
      }
    }
    if (messages.some((m) => m.fixEdits?.length)) {
      const once = fixAll(batch.engine, project, filePath, original, (batchVersion += 20));
      const twice = fixAll(batch.engine, project, filePath, once.text, (batchVersion += 20));
      if (twice.text !== once.text) problem(`${name}: fix-all twice differs from once\n--- once ---\n${once.text}\n--- twice ---\n${twice.text}`);
    }
    project.setOverlay(filePath, original, batchVersion++);
  }
  return checked;
}

/** Comments inside the text an edit replaces that are nowhere in the result (text outside edits is kept by construction). */
export function lostComments(original: string, edits: readonly { start: number; end: number }[], result: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, original);
  const lost: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const [start, end] = [scanner.getTokenStart(), scanner.getTokenEnd()];
    const comment = original.slice(start, end);
    if (edits.some((edit) => start < edit.end && edit.start < end) && !result.includes(comment.trim())) lost.push(comment);
  }
  return lost;
}

export function functionBodyStatements(sourceFile: ts.SourceFile): ts.Statement[] {
  const statements: ts.Statement[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBlock(node) && ts.isFunctionLike(node.parent)) statements.push(...node.statements);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return statements;
}

/** The text of every statement in a function body of the given sources: whole lines to paste. */
export function statementsOfFunctionBodies(texts: readonly string[]): string[] {
  return texts.flatMap((text) => {
    const sourceFile = ts.createSourceFile('corpus.ts', text, ts.ScriptTarget.Latest, true);
    return functionBodyStatements(sourceFile).map((statement) => statement.getText(sourceFile));
  });
}

export function collectCorpus(): string[] {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:[cm]?ts|tsx)$/u.test(entry.name)) texts.push(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/u, '').replace(/\r/gu, ''));
    }
  };
  walk(fixturesRoot);
  return texts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function seedFromEnvironment(): number {
  const fromEnv = Number(process.env['FUZZ_SEED']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

export { uriOf };
