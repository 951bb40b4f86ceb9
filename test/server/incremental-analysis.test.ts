/**
 * Function-level re-analysis (server/engine/incremental.ts): after each edit the incremental
 * engine's messages must equal a fresh batch engine's on the same text, and the edit must be
 * handled partially exactly where the dependency rules allow it. The incremental engine also
 * verifies every partial result against a full analysis of its own (`verifyIncremental`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Engine } from '../../server/engine/engine.js';
import type { LintMessage } from '../../server/engine/lint-message.js';
import type { Project } from '../../server/engine/project.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import { ALL_RULES_ON } from '../stress/fuzz-editor.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';


const filePath = path.join(fixturesRoot, 'incremental', 'src', 'ledger.ts');
const original = fs.readFileSync(filePath, 'utf8');

function comparable(messages: readonly LintMessage[]): string[] {
  return messages.map((m) => JSON.stringify([m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.messageId, m.message, m.fix, m.suggestions]));
}

describe('engine: function-level re-analysis', function () {
  this.timeout(120_000);
  let incremental: Engine;
  let project: Project;
  let batch: Engine;
  let text: string;
  let version: number;

  beforeEach(() => {
    incremental = new Engine({ ruleSettings: ALL_RULES_ON, incremental: true, verifyIncremental: true });
    project = incremental.projectFor(filePath) as Project;
    batch = new Engine({ ruleSettings: ALL_RULES_ON });
    text = original;
    version = 1;
    project.setOverlay(filePath, text, version);
    incremental.lintFile(filePath, project);
  });

  afterEach(() => {
    incremental.dispose();
    batch.dispose();
  });

  /** How a check was done: all rules partially or not, and the units each rule re-analysed. */
  interface Checked {
    readonly partial: boolean;
    readonly units: Readonly<Record<string, number>>;
    readonly reason: string;
    readonly messages: readonly LintMessage[];
  }

  /** Replaces the only occurrence of `find` and checks the result; returns how the check was done. */
  function edit(find: string, replacement: string): Checked {
    const at = text.indexOf(find);
    assert.ok(at !== -1 && text.indexOf(find, at + 1) === -1, `"${find}" occurs once`);
    text = text.slice(0, at) + replacement + text.slice(at + find.length);
    version++;
    project.setOverlay(filePath, text, version, ts.createTextChangeRange(ts.createTextSpan(at, find.length), replacement.length));
    return check();
  }

  function check(): Checked {
    const before = { ...incremental.incrementalStats, unitsAnalysedByRule: { ...incremental.incrementalStats.unitsAnalysedByRule } };
    const result = incremental.lintFile(filePath, project);
    const stats = incremental.incrementalStats;
    const batchProject = batch.projectFor(filePath) as Project;
    batchProject.setOverlay(filePath, text, version);
    const expected = batch.lintFile(filePath, batchProject);
    assert.deepEqual(comparable(result.messages), comparable(expected.messages), `incremental = batch at version ${version}`);
    assert.ok(!result.messages.some((m) => m.fatal === true && m.ruleId !== null), 'no rule failed (a failed verification is a rule failure)');
    const rules = Object.keys(ALL_RULES_ON).length;
    return {
      partial: stats.partial - before.partial === rules,
      units: Object.fromEntries(Object.keys(ALL_RULES_ON).map((ruleId) => [ruleId.replace(/^async-pitfalls\/no-/u, ''), (stats.unitsAnalysedByRule[ruleId] ?? 0) - (before.unitsAnalysedByRule[ruleId] ?? 0)])),
      reason: stats.lastFullReason,
      messages: result.messages,
    };
  }

  const everyRule = (units: number): Record<string, number> => ({ 'floating-promise': units, 'misused-async-callback': units, 'blocking-in-async': units, 'sequential-await': units });

  /** The check was partial for every rule, and re-analysed these units per rule. */
  function assertPartial(checked: Checked, units: Readonly<Record<string, number>>, message?: string): void {
    assert.equal(checked.partial, true, checked.reason);
    assert.deepEqual(checked.units, units, message);
  }

  /** The 1-based line of the only occurrence of `snippet` in the current text. */
  const lineOf = (snippet: string): number => text.slice(0, text.indexOf(snippet)).split('\n').length;
  const linesOf = (messages: readonly LintMessage[], ruleId: string): number[] =>
    messages.filter((m) => m.ruleId === `async-pitfalls/${ruleId}`).map((m) => m.line);

  it('re-analyses only the edited method and the ones that call it', () => {
    const result = edit("    await appendFile(this.file, '');\n", "    await appendFile(this.file, '');\n    this.persist({ id: 'y', amount: 2 });\n");
    assertPartial(result, everyRule(2), 'flush and close, which calls it');
    assert.ok(linesOf(result.messages, 'no-floating-promise').includes(lineOf("this.persist({ id: 'y'")));
    const assignment = edit('    lastFlush = Date.now();', '    lastFlush = Date.now() + 1;');
    assert.equal(assignment.partial, false, 'lastFlush is a top-level let: its narrowing is decided file-wide');
    assert.match(assignment.reason, /top-level variable lastFlush/u);
  });

  it('reports the caller\'s floating call once the callee can reject', () => {
    const result = edit('      console.error(error);\n', '      throw error;\n');
    assert.equal(result.partial, true, result.reason);
    assert.ok(linesOf(result.messages, 'no-floating-promise').includes(lineOf('this.audit();')), 'this.audit() in close()');
  });

  it('clears an async caller\'s finding when a helper two calls away stops blocking', () => {
    assert.ok(linesOf(check().messages, 'no-blocking-in-async').includes(lineOf('openingOrZero(this.file)')));
    const result = edit("  return Number(readFileSync(path, 'utf8'));", '  return Number(path.length);');
    assert.equal(result.partial, true, result.reason);
    // Only the rules that follow synchronous callees look at balance again.
    assert.deepEqual(result.units, { ...everyRule(1), 'blocking-in-async': 2, 'sequential-await': 2 }, 'readOpening and balance, the async caller at the end of the chain (openingOrZero only passes it on)');
    assert.ok(!linesOf(result.messages, 'no-blocking-in-async').includes(lineOf('openingOrZero(this.file)')));
  });

  it('follows a field written by the edit to the method returning it and that method\'s callers', () => {
    assert.ok(!linesOf(check().messages, 'no-floating-promise').includes(lineOf('this.whenReady();')), 'the held promise is quiet');
    const constructorEdit = edit('    this.ready = warmUp();', '    this.ready = Promise.resolve();');
    assertPartial(constructorEdit, everyRule(4), 'the constructor, whenReady (it reads the field written), use and whenAllReady (they call whenReady)');
    edit('    this.ready = Promise.resolve();', '    this.ready = warmUp();');
    const result = edit("    console.log('reconnecting');", "    console.log('reconnecting');\n    this.ready = warmUp();");
    assertPartial(result, everyRule(4), 'reconnect, whenReady (it returns the field), use and whenAllReady; not the constructor, which only writes it');
    assert.ok(linesOf(result.messages, 'no-floating-promise').includes(lineOf('this.whenReady();')), 'whenReady() may now return a new promise');
  });

  it('analyses the whole file when the edit writes a field a method of another file hands back', () => {
    // Connection#whenReady() (another file) hands back what its constructor stored: poke()'s call
    // may float only while nothing else writes the field, and poke() never names it.
    const root = makeWorkspace({
      'tsconfig.json': TSCONFIG,
      'src/connection.ts': 'export async function warmUp(): Promise<void> {}\nexport class Connection {\n  ready: Promise<void>;\n  constructor() {\n    this.ready = warmUp();\n  }\n  whenReady(): Promise<void> {\n    return this.ready;\n  }\n}\n',
      'src/user.ts': "import { Connection, warmUp } from './connection.js';\nexport function poke(connection: Connection): void {\n  connection.whenReady();\n}\nexport function reset(connection: Connection): void {\n  void connection;\n  void warmUp;\n}\n",
    });
    const userPath = path.join(root, 'src', 'user.ts');
    const engine = new Engine({ ruleSettings: ALL_RULES_ON, incremental: true, verifyIncremental: true });
    const fresh = new Engine({ ruleSettings: ALL_RULES_ON });
    try {
      const userProject = engine.projectFor(userPath) as Project;
      let userText = fs.readFileSync(userPath, 'utf8');
      userProject.setOverlay(userPath, userText, 1);
      assert.equal(engine.lintFile(userPath, userProject).messages.length, 0, 'the held promise is quiet');
      const at = userText.indexOf('  void connection;');
      const insert = '  connection.ready = warmUp();\n';
      userText = userText.slice(0, at) + insert + userText.slice(at);
      userProject.setOverlay(userPath, userText, 2, ts.createTextChangeRange(ts.createTextSpan(at, 0), insert.length));
      const before = engine.incrementalStats.full;
      const result = engine.lintFile(userPath, userProject);
      assert.ok(engine.incrementalStats.full > before, 'analysed in full');
      assert.match(engine.incrementalStats.lastFullReason, /writes ready, which a method of another file hands back/u);
      const freshProject = fresh.projectFor(userPath) as Project;
      freshProject.setOverlay(userPath, userText, 2);
      assert.deepEqual(comparable(result.messages), comparable(fresh.lintFile(userPath, freshProject).messages));
      assert.deepEqual(result.messages.map((m) => [m.ruleId, m.line]), [['async-pitfalls/no-floating-promise', 3]], 'poke() floats now');
    } finally {
      engine.dispose();
      fresh.dispose();
      removeWorkspace(root);
    }
  });

  it('re-analyses an arrow function with an expression body on its own', () => {
    const result = edit('connections.map((connection) => connection.whenReady())', 'connections.slice().map((connection) => connection.whenReady())');
    assertPartial(result, everyRule(1));
    const appended = edit('connection.whenReady()));', 'connection.whenReady())).then((all) => all);');
    assertPartial(appended, everyRule(1));
  });

  it('re-analyses a finding whose fix picks names the file does not use, when an edit starts using one', () => {
    const sleepOf = (messages: readonly LintMessage[]): string | undefined =>
      messages.find((m) => m.messageId === 'busyWait')?.suggestions?.[0]?.fix.text;
    assert.match(sleepOf(check().messages) ?? '', /setTimeout as sleep/u);
    const result = edit("    console.log('reconnecting');", "    console.log('reconnecting');\n    const sleep = 1;\n    void sleep;");
    assert.doesNotMatch(sleepOf(result.messages) ?? '', /setTimeout as sleep\b/u, 'the import must not capture the new local');
  });

  it('analyses the whole file when a function reads a top-level promise', () => {
    const result = edit("    await appendFile(this.file, '');\n", "    await appendFile(this.file, '');\n    await started;\n");
    assert.equal(result.partial, false);
    assert.match(result.reason, /top-level variable started/u);
    assert.ok(!linesOf(result.messages, 'no-floating-promise').includes(lineOf('const started')), 'started is read now');
  });

  it('keeps an unchanged inferred return type local, and follows a changed one into types and callers', () => {
    const same = edit('    return { size: this.size, entries: this.entries.length };', '    const size = this.size;\n    return { size, entries: this.entries.length };');
    assertPartial(same, everyRule(1), 'its checked signature is the same and no promise: the synchronous report() never reads its body');
    const changed = edit('    return { size, entries: this.entries.length };', '    return this.flush();');
    assert.equal(changed.partial, false);
    assert.match(changed.reason, /types mention summary/u);
    assert.ok(linesOf(changed.messages, 'no-floating-promise').includes(lineOf('ledger.summary();')), 'ledger.summary() in report() floats now');
  });

  it('carries an inferred return type over an edit that cannot change it, and prints it again when the edit names what is returned', () => {
    const declared = edit('    return { size: this.size, entries: this.entries.length };', '    let result: { size: number } | Promise<void> = { size: this.size };\n    return result;');
    assert.equal(declared.partial, false, 'the return statement changed: the type is printed and differs');
    assert.ok(!linesOf(declared.messages, 'no-floating-promise').includes(lineOf('ledger.summary();')));
    const printed = incremental.incrementalStats.returnTypesPrinted;
    const unrelated = edit('    return result;', '    const unrelated = 1;\n    void unrelated;\n    return result;');
    assertPartial(unrelated, everyRule(1));
    assert.equal(incremental.incrementalStats.returnTypesPrinted, printed, 'nothing the return reads is named: the recorded type still holds');
    // No return, jump or call statement, but it assigns what is returned: narrowing makes it a promise.
    const assigned = edit('    const unrelated = 1;\n', '    result = this.flush();\n    const unrelated = 1;\n');
    assert.ok(incremental.incrementalStats.returnTypesPrinted > printed);
    assert.ok(linesOf(assigned.messages, 'no-floating-promise').includes(lineOf('ledger.summary();')), 'ledger.summary() floats now');
  });

  it('re-analyses a method alone after an edit in its leading comment, and an annotated getter alone', () => {
    const comment = edit('/** Records an entry and persists it in the background. */', '/** Records an entry; persists it in the background (not awaited). */');
    assertPartial(comment, everyRule(1));
    const getter = edit('    return this.entries.length;', '    return this.entries.length + 0;');
    assertPartial(getter, everyRule(1));
  });

  it('analyses the whole file for syntax errors and edits outside functions', () => {
    assert.match(edit('  private pending: Promise<void> | undefined;', '  private pending: Promise<void> | undefined = undefined;').reason, /outside any function body/u);
    assert.match(edit('    this.entries.push(entry);\n', '    this.entries.push(entry);\n    if (\n').reason, /syntax errors/u);
    assert.match(edit('    if (\n', '').reason, /syntax errors/u);
    assert.match(edit('  readonly amount: number;', '  readonly amount: number;\n  readonly note?: string;').reason, /outside any function body/u);
  });

  it('equals a full analysis at every keystroke while a statement is typed', () => {
    const statement = 'this.persist(entry);';
    const anchor = "      await appendFile(`${this.file}.audit`, `${this.entries.length}\\n`);\n";
    let at = text.indexOf(anchor) + anchor.length;
    let partial = 0;
    for (const char of `      ${statement}\n`) {
      text = text.slice(0, at) + char + text.slice(at);
      version++;
      project.setOverlay(filePath, text, version, ts.createTextChangeRange(ts.createTextSpan(at, 0), 1));
      if (check().partial) partial++;
      at++;
    }
    assert.ok(partial > 10, `most keystrokes leave the file parseable and are partial (${partial})`);
  });
});
