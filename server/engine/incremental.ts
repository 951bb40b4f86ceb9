/**
 * Function-level re-analysis for the language server. After an edit strictly inside one function
 * body (or the comments above it), only that function and the functions that may depend on it are
 * analysed again; every other finding is kept, shifted past the edit. The answer must equal a full
 * analysis of the new text, so any doubt means a full analysis:
 * - another file of the program, or the compiler options, changed (other files are compared by identity);
 * - either text has a syntax error, the file is JavaScript, or the edit is not inside one unit;
 * - the edited statements name a top-level `let`/`var` or a call-made `const` (narrowing and
 *   "never read" are decided file-wide);
 * - module code (outside the units) mentions a name that reaches an affected unit;
 * - for an analysis reading field writes anywhere (`AnalysisReads.fieldWritesAnywhere`), the edited
 *   statements write a field that a method of another file returns as `this.name` (its callers here
 *   may name it anything: held-promise.ts);
 * - a kept finding or one of its edits overlaps the edit, or its fix text depends on a name the edit
 *   added or removed (`Finding.dependsOnNames`).
 * Dependents are found by name (analysis-units.ts), per analysis (`AnalysisReads`): a unit that
 * mentions a name through which an affected unit is reached is affected too when the name leads to
 * a function that may return a promise, or when it runs async code and the analysis follows
 * synchronous callees; for such analyses it passes the dependency on to its own callers (a caller
 * of a caller of a helper that now blocks). A property the edited statements write reaches the
 * methods returning that field (the only writer of a promise a method hands back decides findings
 * at its callers) or, for a constructor's writes, every unit mentioning it (which fields start out
 * set). When the edited unit's inferred return type changed, whatever mentions it or an inferred
 * signature built on it is affected; it is not printed again when the edit provably leaves it alone
 * (`leavesReturnTypeAlone`). Other open files that depend on this one are re-checked in full by the
 * server.
 */
import ts = require('typescript');
import type { AnalysisReads, AnalysisScope, Finding, FixProposal, TextEdit } from '../../rules/core/types.js';
import { touchedStatementsSpan, type AnalysisUnit, type FileUnits, type InferredSignature } from './analysis-units.js';

/** What a previous analysis of the file saw, for the next one to compare with. */
export interface ProgramView {
  readonly text: string;
  readonly units: FileUnits;
  /** Every other source file of the program, in program order (compared by identity). */
  readonly otherFiles: readonly ts.SourceFile[];
  readonly compilerOptions: ts.CompilerOptions;
  /** Inferred signatures of units (by index), recorded while this view's checker was current. */
  readonly signatures: Map<number, InferredSignature>;
}

export type ReanalysisPlan =
  | { readonly kind: 'full'; readonly reason: string }
  | {
      readonly kind: 'units';
      readonly scope: AnalysisScope;
      /** The previous findings that still hold, moved to the new text; undefined means "analyse in full". */
      keep(findings: readonly Finding[]): Finding[] | undefined;
      /** Whether a finding of the scoped analysis belongs to the re-analysed units. */
      owns(finding: Finding): boolean;
      /** Indexes of the units (in the new tree) to analyse again; empty when nothing changed. */
      readonly indexes: readonly number[];
      /** Whether the edited statements assign a property (the file's field writes may have changed: field-writes.ts). */
      readonly writesFields: boolean;
    };

export function programView(sourceFile: ts.SourceFile, program: ts.Program, units: FileUnits): ProgramView {
  return {
    text: sourceFile.text,
    units,
    otherFiles: program.getSourceFiles().filter((file) => file !== sourceFile),
    compilerOptions: program.getCompilerOptions(),
    signatures: new Map(),
  };
}

const full = (reason: string): ReanalysisPlan => ({ kind: 'full', reason });

/** What the planner asks the new checker. */
export interface PlannerChecks {
  /**
   * A unit's inferred signature on that view's checker (undefined when it was not recorded): equal
   * prints mean types elsewhere cannot have changed.
   */
  signatureOf(view: ProgramView, index: number): InferredSignature | undefined;
  /** Whether a unit of the new view may return a promise, its written return type resolved. */
  mayReturnPromise(index: number): boolean;
  /** Whether a function of another file of the program returns `this.<name>`. */
  fieldReturnedElsewhere(name: string): boolean;
}

/**
 * `reads`: what the analysis the plan is for reads of other functions (a rule that never follows
 * synchronous callees need not re-analyse an async caller of an edited synchronous helper).
 */
export function planReanalysis(previous: ProgramView, next: ProgramView, checks: PlannerChecks, reads: AnalysisReads): ReanalysisPlan {
  const { signatureOf } = checks;
  if (previous.compilerOptions !== next.compilerOptions) return full('compiler options changed');
  if (!sameFiles(previous.otherFiles, next.otherFiles)) return full('another file of the program changed');
  if (!next.units.isTypeScript) return full('not a TypeScript file');
  if (previous.units.hasSyntaxErrors || next.units.hasSyntaxErrors) return full('syntax errors');

  const { start, oldEnd, newEnd } = changedRange(previous.text, next.text);
  const delta = newEnd - oldEnd;
  if (start === oldEnd && start === newEnd) return plan([], [], [], start, start, 0, new Set(), false);

  const oldUnits = previous.units.units;
  const newUnits = next.units.units;
  const index = oldUnits.findIndex((unit) => isInside(unit, start, oldEnd));
  if (index === -1) return full('the edit is outside any function body or its leading comments');
  if (oldUnits.length !== newUnits.length) return full('the file\'s functions changed');
  // Where a unit starts stays put unless it is after the edit; where one ends moves unless it is before.
  const left = (offset: number): number => (offset <= start ? offset : offset + delta);
  const right = (offset: number): number => (offset >= oldEnd ? offset + delta : offset);
  for (let i = 0; i < oldUnits.length; i++) {
    const before = oldUnits[i] as AnalysisUnit;
    const after = newUnits[i] as AnalysisUnit;
    if (after.pos !== left(before.pos) || after.bodyStart !== left(before.bodyStart) || after.tokenStart !== right(before.tokenStart) || after.end !== right(before.end) || after.bodyEnd !== right(before.bodyEnd)) {
      return full('the file\'s functions moved');
    }
  }
  const edited = newUnits[index] as AnalysisUnit;
  if (!isInside(edited, start, newEnd)) return full('the edit is outside the function body');
  next.units.adoptFacts(previous.units, index);

  const inBody = edited.bodyStart <= start;
  const span = inBody ? touchedStatementsSpan(next.units.sourceFile, next.units.nodes[index] as ts.Node, start, newEnd) : { start, end: newEnd };
  const newWords = new Set(wordsIn(next.text, span.start, span.end));
  const oldWords = new Set(wordsIn(previous.text, span.start, span.end - delta));
  const words = new Set([...newWords, ...oldWords]);
  // Names the edit added or removed (a fix's text may depend on whether the file uses them).
  const changedNames = new Set([...newWords].filter((word) => !oldWords.has(word)).concat([...oldWords].filter((word) => !newWords.has(word))));
  for (const variable of next.units.moduleVariables) {
    if (words.has(variable)) return full(`the edit names the top-level variable ${variable}`);
  }

  const before = oldUnits[index] as AnalysisUnit;
  const newStatements = inBody ? statementFacts(next.text.slice(span.start, span.end)) : NO_STATEMENTS;
  const oldStatements = inBody ? statementFacts(previous.text.slice(span.start, span.end - delta)) : NO_STATEMENTS;
  const oldSignature = before.facts.typesSeeThrough.length > 0 || edited.facts.typesSeeThrough.length > 0 ? signatureOf(previous, index) : undefined;
  // Printing an inferred return type on the new checker can cost tens of milliseconds (got's
  // `getRequestFunction()`): skipped when the edit provably leaves it alone.
  const keepsReturnType = oldSignature !== undefined && !edited.expressionBody && leavesReturnTypeAlone(next.text, edited, span, words, [newStatements, oldStatements]);
  if (keepsReturnType) next.signatures.set(index, oldSignature);
  const newSignature = oldSignature === undefined ? undefined : keepsReturnType ? oldSignature : signatureOf(next, index);
  const sameSignature = newSignature !== undefined && !before.facts.declaresTypes && !edited.facts.declaresTypes && oldSignature?.printed === newSignature.printed;
  // Whether callers may have read, or may now read, its body for a promise it returns: with an
  // unchanged signature the checker says; a written return type is the same before and after;
  // without one, a body that started or stopped returning a value may have changed it.
  const returnsPromise = sameSignature ? newSignature.thenable : checks.mayReturnPromise(index) || before.facts.mayReturnPromise !== edited.facts.mayReturnPromise;
  // A field written by the edit may change what a method returning it proves (held-promise.ts).
  const written = [...newStatements.written, ...oldStatements.written];
  // Outside a constructor, a field write matters to the methods returning the field (held-promise.ts);
  // a constructor's writes also decide which fields start out set (nullish-declarations.ts), read anywhere.
  const fieldReaders = ts.isConstructorDeclaration(next.units.nodes[index] as ts.Node) ? 'mentions' : 'returns';
  // A method of another file handing back that field may be called here under any name.
  const heldElsewhere = reads.fieldWritesAnywhere ? written.find((name) => checks.fieldReturnedElsewhere(name)) : undefined;
  if (heldElsewhere !== undefined) return full(`the edit writes ${heldElsewhere}, which a method of another file hands back`);
  const affected = affectedUnits(index, before, newUnits, next.units, { sameSignature, returnsPromise, written, fieldReaders, reads }, (i) => checks.mayReturnPromise(i));
  if (typeof affected === 'string') return full(affected);
  return plan(affected, affected.map((i) => newUnits[i] as AnalysisUnit), affected.map((i) => oldUnits[i] as AnalysisUnit), start, oldEnd, delta, changedNames, written.length > 0);
}

/**
 * Strictly inside the body's braces, or inside the comments before the unit (not the file's first
 * statement, whose leading comments hold file pragmas such as `@jsx`).
 */
function isInside(unit: AnalysisUnit, start: number, end: number): boolean {
  return (unit.bodyStart <= start && end <= unit.bodyEnd) || (unit.pos > 0 && unit.pos <= start && end <= unit.tokenStart && start < unit.tokenStart);
}

/**
 * The edited unit and every unit whose findings may depend on it, found by name, transitively; why
 * not, when module code may. A unit mentioning a name reaches through is affected when it runs
 * async code and the analysis consults synchronous callees (blocking chains, effects), or when the
 * name leads to a function that may return a promise (whose body "cannot reject" proofs read);
 * either way its own names carry the dependency on to its callers.
 */
function affectedUnits(
  index: number,
  before: AnalysisUnit,
  units: readonly AnalysisUnit[],
  file: FileUnits,
  edit: {
    readonly sameSignature: boolean;
    readonly returnsPromise: boolean;
    readonly written: readonly string[];
    /** Which units a written field reaches: those mentioning it, or only those returning `this.<field>`. */
    readonly fieldReaders: 'mentions' | 'returns';
    readonly reads: AnalysisReads;
  },
  mayReturnPromise: (index: number) => boolean,
): number[] | string {
  const { sameSignature, returnsPromise, written, fieldReaders, reads } = edit;
  const edited = units[index] as AnalysisUnit;
  // Types elsewhere change only when the edited unit's inferred return type did; then they may
  // change along every inferred signature that mentions it.
  const typesChanged = !sameSignature && (before.facts.typesSeeThrough.length > 0 || edited.facts.typesSeeThrough.length > 0);
  const typesOf = (unit: AnalysisUnit): readonly string[] => (typesChanged ? unit.facts.typesSeeThrough : []);
  interface Lead {
    readonly values: readonly string[] | undefined;
    readonly types: readonly string[];
    /** Whether the values lead to a function that may return a promise (or a written field). */
    readonly promise: boolean;
    /**
     * Whether the units the values reach pass the dependency on to their own callers. Always, for
     * an analysis that follows synchronous callees. Otherwise a caller reads the edited function's
     * body but its callers read only the caller's, which did not change; what a method proves
     * about a written field (held-promise.ts) is read by its callers, one step further.
     */
    readonly passOn: boolean;
    /** The values are field names, reaching the units that return them (`fieldReaders: 'returns'`). */
    readonly fields?: true;
  }
  const affected = new Set<number>([index]);
  const reached = new Set<number>([index]);
  const passedOn = new Set<number>([index]);
  const seen = new Map<string, boolean>();
  const follows = reads.synchronousCallees;
  const pending: Lead[] = [
    { values: before.facts.reachedThrough, types: typesOf(before), promise: returnsPromise, passOn: follows },
    { values: edited.facts.reachedThrough, types: typesOf(edited), promise: returnsPromise, passOn: follows },
    { values: written, types: [], promise: true, passOn: true, ...(fieldReaders === 'returns' ? { fields: true as const } : {}) },
  ];
  while (pending.length > 0) {
    const { values, types, promise, passOn, fields } = pending.pop() as Lead;
    if (values === undefined) return 'a function that depends on the edited one has no plain name';
    for (const name of values) if (file.moduleMentions.has(name)) return `module code mentions ${name}, which depends on the edited function`;
    for (const name of types) if (file.moduleTypeMentions.has(name) || file.moduleMentions.has(name)) return `module code's types mention ${name}, whose inferred type may have changed`;
    // A name is followed again only when it now leads to more (a promise where before it did not).
    const key = (name: string): string => (fields ? `field:${name}` : name);
    const fresh = values.filter((name) => !(seen.get(key(name)) ?? false) && (promise || !seen.has(key(name))));
    for (const name of fresh) seen.set(key(name), promise || (seen.get(key(name)) ?? false));
    const freshTypes = types.filter((name) => !seen.has(`type:${name}`));
    for (const name of freshTypes) seen.set(`type:${name}`, true);
    if (fresh.length === 0 && freshTypes.length === 0) continue;
    units.forEach((unit, i) => {
      const byValue = fresh.some((name) => (fields ? unit.facts.returnsFields.includes(name) : unit.facts.mentions.has(name)));
      const byType = freshTypes.some((name) => unit.facts.mentions.has(name));
      if (!byValue && !byType) return;
      if (byType || promise || (follows && unit.facts.runsAsync)) affected.add(i);
      if (!reached.has(i) || (passOn && !passedOn.has(i))) {
        reached.add(i);
        if (passOn) passedOn.add(i);
        const values = passOn ? unit.facts.reachedThrough : [];
        pending.push({ values, types: typesOf(unit), promise: unit.facts.mayReturnPromise && mayReturnPromise(i), passOn: follows });
      }
    });
  }
  return [...affected].sort((a, b) => a - b);
}

/**
 * `changedNames`: names the edit added or removed; a finding whose fix text depends on whether the
 * file uses one of them (`Finding.dependsOnNames`) cannot be kept.
 */
function plan(
  indexes: readonly number[],
  units: readonly AnalysisUnit[],
  oldUnits: readonly AnalysisUnit[],
  start: number,
  oldEnd: number,
  delta: number,
  changedNames: ReadonlySet<string>,
  writesFields: boolean,
): ReanalysisPlan {
  const inUnits = (ranges: readonly AnalysisUnit[], offset: number): boolean => ranges.some((unit) => unit.pos <= offset && offset < unit.end);
  // A range wholly before or wholly after the replaced text keeps its meaning; one touching it may not.
  const movable = (from: number, to: number): boolean =>
    to < start || (to === start && from < to) || from > oldEnd || (from === oldEnd && from < to);
  const move = (offset: number): number => (offset >= oldEnd ? offset + delta : offset);
  const moveEdits = (edits: readonly TextEdit[]): TextEdit[] | undefined =>
    edits.every((edit) => movable(edit.start, edit.end)) ? edits.map((edit) => ({ ...edit, start: move(edit.start), end: move(edit.end) })) : undefined;
  return {
    kind: 'units',
    indexes,
    writesFields,
    scope: {
      visits: (node) => units.some((unit) => (unit.pos <= node.pos && node.end <= unit.end) || (node.pos <= unit.pos && unit.end <= node.end)),
    },
    owns: (finding) => inUnits(units, finding.start),
    keep: (findings) => {
      const kept: Finding[] = [];
      for (const finding of findings) {
        if (inUnits(oldUnits, finding.start)) continue;
        if (!movable(finding.start, finding.end)) return undefined;
        if (finding.dependsOnNames && [...changedNames].some((name) => finding.dependsOnNames?.has(name))) return undefined;
        const fix = finding.fix && moveEdits(finding.fix.edits);
        if (finding.fix && !fix) return undefined;
        const suggestions: FixProposal[] = [];
        for (const suggestion of finding.suggestions ?? []) {
          const edits = moveEdits(suggestion.edits);
          if (!edits) return undefined;
          suggestions.push({ ...suggestion, edits });
        }
        kept.push({
          ...finding,
          start: move(finding.start),
          end: move(finding.end),
          ...(finding.fix && fix ? { fix: { ...finding.fix, edits: fix } } : {}),
          ...(finding.suggestions ? { suggestions } : {}),
        });
      }
      return kept;
    },
  };
}

function sameFiles(a: readonly ts.SourceFile[], b: readonly ts.SourceFile[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The differing middle of two texts: `[start, oldEnd)` of the old became `[start, newEnd)` of the new. */
export function changedRange(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function wordsIn(text: string, start: number, end: number): string[] {
  return text.slice(Math.max(0, start), Math.max(start, end)).match(/[#$A-Za-z_][\w$]*/gu) ?? [];
}

/**
 * Whether the touched statements, before and after the edit, can change neither the unit's
 * inferred return type nor whether its end is reachable: they contain no `return`, `throw`,
 * `yield`, jump or loop, no statement that is a call (an `asserts` or `never` function narrows or
 * ends the flow after it), and name nothing the rest of the unit names (no narrowing, no type
 * they give to a declaration the rest reads). Words are matched as text, so a name in a comment
 * or string counts too: on the safe side.
 */
function leavesReturnTypeAlone(text: string, unit: AnalysisUnit, span: { start: number; end: number }, editWords: ReadonlySet<string>, sides: readonly StatementFacts[]): boolean {
  if (sides.some((side) => side.callStatement)) return false;
  if ([...editWords].some((word) => FLOW_WORDS.has(word))) return false;
  const names = [...editWords].filter((word) => !NAMELESS_WORDS.has(word));
  const rest = new Set([...wordsIn(text, unit.pos, span.start), ...wordsIn(text, span.end, unit.end)]);
  return !names.some((name) => rest.has(name));
}

/** Keywords of statements that end or repeat the flow (what follows them may become unreachable). */
const FLOW_WORDS: ReadonlySet<string> = new Set(['return', 'throw', 'yield', 'break', 'continue', 'for', 'while', 'do']);

/** Reserved words, which never name anything (`this` and `super` do: `this.x` narrows). */
const NAMELESS_WORDS: ReadonlySet<string> = new Set(
  Array.from({ length: ts.SyntaxKind.LastReservedWord - ts.SyntaxKind.FirstReservedWord + 1 }, (_, i) => ts.tokenToString(ts.SyntaxKind.FirstReservedWord + i) as string)
    .filter((word) => word !== 'this' && word !== 'super'),
);

interface StatementFacts {
  /** Property names the statements assign, increment or delete (`this.promise = …`, `x['n']++`). */
  readonly written: readonly string[];
  /** Whether some statement (outside nested functions) is a call: `fail();`, `await assertReady();`. */
  readonly callStatement: boolean;
}

const NO_STATEMENTS: StatementFacts = { written: [], callStatement: false };

/** What the planner reads in the statements an edit touched, parsed on their own. */
function statementFacts(statements: string): StatementFacts {
  const sourceFile = ts.createSourceFile('statements.ts', statements, ts.ScriptTarget.Latest, false);
  const names: string[] = [];
  let callStatement = false;
  const target = (node: ts.Expression): void => {
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isSpreadElement(node)) target(node.expression);
    else if (ts.isPropertyAccessExpression(node)) names.push(node.name.text);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) names.push(node.argumentExpression.text);
    else if (ts.isArrayLiteralExpression(node)) node.elements.forEach(target);
    else if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) target(property.initializer);
        else if (ts.isSpreadAssignment(property)) target(property.expression);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) target(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) target(node.operand);
    else if (ts.isDeleteExpression(node)) target(node.expression);
    else if (ts.isExpressionStatement(node) && !insideFunction(node) && ts.isCallExpression(skipAwaitAndParentheses(node.expression))) callStatement = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { written: names, callStatement };
}

function insideFunction(node: ts.Node): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) if (ts.isFunctionLike(current) || ts.isClassLike(current)) return true;
  return false;
}

function skipAwaitAndParentheses(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}
