/**
 * Straight-line runs: consecutive statements of one block, each `const|let|var x = await E`,
 * `x = await E` or `await E;`, where every `E` is a call that only reads (see call-verbs.ts) and no
 * statement depends on an earlier one of the run, by data (symbols and members read/written) or by
 * shared state (the same call twice, a single connection, a sequencing call next to them).
 */
import ts = require('typescript');
import { classifyCallName, wordsOf, type VerbLists } from '../call-verbs.js';
import { calleeName, unwrapParentheses, type AwaitedCall } from './calls.js';
import type { OwnFunctionVerbs } from './own-functions.js';
import { conflicts, type EffectCollector, type Effects } from './effects.js';

export type StepKind = 'const' | 'let' | 'var' | 'assign' | 'expression';

export interface Step {
  readonly statement: ts.Statement;
  readonly kind: StepKind;
  readonly call: AwaitedCall;
  readonly declaration?: ts.VariableDeclaration;
  readonly target?: ts.Identifier;
  readonly effects: Effects;
}

/** The awaited-call statement shape of `statement`, without deciding yet whether it may run early. */
export function stepOf(statement: ts.Statement, own: OwnFunctionVerbs, effects: EffectCollector): Step | undefined {
  let kind: StepKind;
  let awaitNode: ts.Expression;
  let declaration: ts.VariableDeclaration | undefined;
  let target: ts.Identifier | undefined;
  if (ts.isVariableStatement(statement)) {
    if (statement.modifiers?.length) return undefined;
    const list = statement.declarationList;
    if (list.declarations.length !== 1) return undefined;
    if (list.flags & ts.NodeFlags.Using) return undefined; // `using` / `await using`: disposal order matters
    const flags = list.flags & ts.NodeFlags.BlockScoped;
    kind = flags === ts.NodeFlags.Const ? 'const' : flags === ts.NodeFlags.Let ? 'let' : 'var';
    declaration = list.declarations[0]!;
    if (!declaration.initializer || declaration.exclamationToken) return undefined;
    awaitNode = unwrapParentheses(declaration.initializer);
  } else if (ts.isExpressionStatement(statement)) {
    const expression = unwrapParentheses(statement.expression);
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (!ts.isIdentifier(expression.left)) return undefined;
      kind = 'assign';
      target = expression.left;
      awaitNode = unwrapParentheses(expression.right);
    } else {
      kind = 'expression';
      awaitNode = expression;
    }
  } else {
    return undefined;
  }
  if (!ts.isAwaitExpression(awaitNode)) return undefined;
  const call = own.describe(awaitNode);
  if (!call) return undefined;
  const stepEffects = effects.collect(statement);
  if (declaration) effects.addBindingNames(declaration.name, stepEffects);
  return { statement, kind, call, declaration, target, effects: stepEffects };
}

/** Runs of at least two steps that could start together, in source order. */
export function findRuns(
  statements: readonly ts.Statement[],
  own: OwnFunctionVerbs,
  verbs: VerbLists,
  effects: EffectCollector,
  mergeDroppedResults: boolean,
): Step[][] {
  const runs: Step[][] = [];
  // Consecutive await statements, cut wherever anything else stands between them.
  const groups: ts.Statement[][] = [];
  let group: ts.Statement[] = [];
  for (const statement of statements) {
    if (awaitedExpressionOf(statement)) {
      group.push(statement);
      continue;
    }
    if (group.length > 1) groups.push(group);
    group = [];
  }
  if (group.length > 1) groups.push(group);

  for (const group of groups) {
    // A sleep, lock or other sequencing call among them: the whole stretch is paced on purpose.
    if (group.some((statement) => isSequencingAwait(awaitedExpressionOf(statement)!, verbs))) continue;
    const steps = group.map((statement) => stepOf(statement, own, effects));
    if (steps.some((step) => step?.call.verb === 'sequential')) continue;
    let run: Step[] = [];
    const close = (): void => {
      if (run.length >= 2) runs.push(run);
      run = [];
    };
    for (const step of steps) {
      if (!step || !mayStartEarly(step, mergeDroppedResults)) {
        close();
        continue;
      }
      if (run.some((earlier) => dependsOn(step, earlier))) close();
      run.push(step);
    }
    close();
  }
  return runs;
}

/** Only calls that read, not on a single connection, can move. */
function mayStartEarly(step: Step, mergeDroppedResults: boolean): boolean {
  if (step.call.verb !== 'read' || step.call.serialReceiver || step.call.finishesExisting) return false;
  if (step.kind !== 'expression') return true;
  // A call whose value is dropped is awaited for its effect (a query that writes the log the next
  // statement reads): it keeps its place unless the user opts in. Guards never move.
  return mergeDroppedResults && !GUARD_WORDS.has(wordsOf(step.call.name)[0] ?? '');
}

const GUARD_WORDS = new Set(['check', 'validate', 'assert', 'verify', 'ensure', 'access', 'exists', 'is', 'has', 'authorize', 'authenticate', 'stat', 'lstat']);

function dependsOn(later: Step, earlier: Step): boolean {
  if (conflicts(earlier.effects, later.effects)) return true;
  // The same call twice (`await reader.read(); await reader.read()`) consumes or polls in order.
  const callText = (step: Step): string => step.call.call.getText().replace(/\s+/g, '');
  if (callText(later) === callText(earlier)) return true;
  return false;
}

/** `await sleep(…)`, `await new Promise(…)`, `await mutex.acquire()`: judged by name, with or without types. */
function isSequencingAwait(awaited: ts.AwaitExpression, verbs: VerbLists): boolean {
  const operand = unwrapParentheses(awaited.expression);
  if (ts.isNewExpression(operand)) return true;
  if (!ts.isCallExpression(operand)) return false;
  const callee = unwrapParentheses(operand.expression);
  if (classifyCallName(calleeName(callee), verbs) === 'sequential') return true;
  return ts.isPropertyAccessExpression(callee) && /(mutex|semaphore|lock|limiter|throttle|bottleneck)/i.test(callee.expression.getText());
}

/** Statements that await something as a whole: they continue a run even when they cannot join it. */
function awaitedExpressionOf(statement: ts.Statement): ts.AwaitExpression | undefined {
  let expression: ts.Expression | undefined;
  if (ts.isVariableStatement(statement)) {
    const declarations = statement.declarationList.declarations;
    expression = declarations.length === 1 ? declarations[0]!.initializer : undefined;
  } else if (ts.isExpressionStatement(statement)) {
    expression = unwrapParentheses(statement.expression);
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) expression = expression.right;
  }
  if (expression === undefined) return undefined;
  const inner = unwrapParentheses(expression);
  return ts.isAwaitExpression(inner) ? inner : undefined;
}
