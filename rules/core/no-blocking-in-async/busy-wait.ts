/**
 * Busy-wait loops: `while (Date.now() < end) {}` and its `for` / `do` forms. A loop counts when
 * its condition compares a clock reading (`Date.now()`, `performance.now()`, `new Date()`) and
 * its body does nothing but spin: no await/yield, no calls, no way out but the clock. A loop whose
 * body does work (`while (Date.now() < deadline) process(queue.shift())`) is a time box, not a wait.
 */
import ts = require('typescript');
import { isFunctionWithBody } from '../await-context.js';
import { isShadowed } from './import-bindings.js';

export type Loop = ts.WhileStatement | ts.DoStatement | ts.ForStatement;

export interface BusyWait {
  readonly loop: Loop;
  /** For `now < limit` / `now - start < ms` with an empty body: the milliseconds left, as `limit - now`. */
  readonly remaining?: { readonly limit: ts.Expression; readonly now: ts.Expression };
}

const COMPARISONS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);

export function isLoop(node: ts.Node): node is Loop {
  return ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node);
}

function unparenthesize(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function isGlobalName(identifier: ts.Expression, name: string, checker: ts.TypeChecker | undefined): boolean {
  if (!ts.isIdentifier(identifier) || identifier.text !== name) return false;
  if (checker === undefined) return !isShadowed(identifier);
  const symbol = checker.getSymbolAtLocation(identifier);
  if (symbol === undefined) return false;
  const target = (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
  // `performance` may also be imported from node:perf_hooks: a declaration file either way.
  return target.declarations?.some((d) => d.getSourceFile().isDeclarationFile) ?? false;
}

/** A direct clock reading: `Date.now()`, `performance.now()`, `new Date()`, `new Date().getTime()`, `+new Date()`. */
export function isClockRead(node: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  if (ts.isCallExpression(node) && node.arguments.length === 0 && ts.isPropertyAccessExpression(node.expression)) {
    const { expression, name } = node.expression;
    if (name.text === 'now') return isGlobalName(expression, 'Date', checker) || isGlobalName(expression, 'performance', checker);
    if (name.text === 'getTime' || name.text === 'valueOf') return isClockRead(unparenthesize(expression), checker);
  }
  if (ts.isNewExpression(node) && (node.arguments === undefined || node.arguments.length === 0)) return isGlobalName(node.expression, 'Date', checker);
  return false;
}

function containsClockRead(node: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  if (isClockRead(node, checker)) return true;
  if (isFunctionWithBody(node)) return false;
  return ts.forEachChild(node, (child) => containsClockRead(child, checker)) ?? false;
}

/** Whether the loop body only spins: no await/yield, no calls but clock reads, no break/return/throw, no nested functions. */
function onlySpins(node: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  if (isClockRead(node, checker)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.YieldExpression:
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.TaggedTemplateExpression:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ThrowStatement:
    case ts.SyntaxKind.DeleteExpression:
      return false;
    default:
      if (isFunctionWithBody(node)) return false;
      return ts.forEachChild(node, (child) => (onlySpins(child, checker) ? undefined : true)) === undefined;
  }
}

function isEmptyBody(statement: ts.Statement): boolean {
  return ts.isEmptyStatement(statement) || (ts.isBlock(statement) && statement.statements.length === 0);
}

/** The busy-wait a loop is, or undefined. */
export function busyWaitOf(loop: Loop, checker: ts.TypeChecker | undefined): BusyWait | undefined {
  const condition = loop.kind === ts.SyntaxKind.ForStatement ? loop.condition : loop.expression;
  if (condition === undefined) return undefined;
  const comparison = unparenthesize(condition);
  if (!ts.isBinaryExpression(comparison) || !COMPARISONS.has(comparison.operatorToken.kind)) return undefined;
  const leftClock = containsClockRead(comparison.left, checker);
  const rightClock = containsClockRead(comparison.right, checker);
  if (leftClock === rightClock) return undefined;
  if (!onlySpins(loop.statement, checker) || !onlySpins(comparison, checker)) return undefined;
  if (ts.isForStatement(loop) && loop.incrementor !== undefined && !onlySpins(loop.incrementor, checker)) return undefined;
  if (ts.isForStatement(loop) && loop.initializer !== undefined && !onlySpins(loop.initializer, checker)) return undefined;
  if (!isEmptyBody(loop.statement) || ts.isDoStatement(loop)) return { loop };
  // `now < limit` / `now <= limit` (or mirrored) with a numeric clock: the time left is `limit - now`.
  const operator = comparison.operatorToken.kind;
  const nowOnLeft = leftClock && (operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken);
  const nowOnRight = rightClock && (operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken);
  if (!nowOnLeft && !nowOnRight) return { loop };
  const now = nowOnLeft ? comparison.left : comparison.right;
  const limit = nowOnLeft ? comparison.right : comparison.left;
  if (!isNumeric(now, checker) || !isNumeric(limit, checker) || containsNewDate(now)) return { loop };
  return { loop, remaining: { limit, now } };
}

function containsNewDate(node: ts.Node): boolean {
  if (ts.isNewExpression(node)) return true;
  return ts.forEachChild(node, containsNewDate) ?? false;
}

function isNumeric(expression: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (checker === undefined) return true;
  const type = checker.getTypeAtLocation(expression);
  return (type.flags & ts.TypeFlags.NumberLike) !== 0;
}
