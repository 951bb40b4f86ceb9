/**
 * Proves, from a function's body, that the promise it returns cannot reject, so a caller that
 * ignores the promise loses nothing: an async function whose every `await` (and `throw`) sits in
 * the protected block of a `try … catch`, whose catch and finally blocks neither await nor throw,
 * and which returns nothing that could be a rejected promise; or a plain function that returns
 * `p.catch(handler)` / `p.then(onFulfilled, onRejected)` with a handler that does not throw.
 *
 * Synchronous code outside the try may still throw (a TypeError from a typo); like the issue's
 * measured false alarms, we accept that: the author visibly handled the asynchronous failures.
 */
import ts = require('typescript');
import { isFunctionWithBody, isAsyncFunction, type FunctionWithBody } from '../await-context.js';
import { isFunctionLiteral, skipWrappers } from './function-types.js';

export function functionCannotReject(fn: FunctionWithBody, checker?: ts.TypeChecker, depth = 0): boolean {
  const body = fn.body;
  if (body === undefined) return false;
  if (isAsyncFunction(fn)) return ts.isBlock(body) && asyncBodyCannotReject(body);
  const returned = ts.isBlock(body) ? singleReturnedExpression(body) : body;
  if (returned === undefined) return false;
  if (isHandledChain(returned)) return true;
  // `() => worker.stop()`: as safe as the project function it calls (a few levels deep at most).
  const call = skipWrappers(returned);
  if (checker === undefined || depth >= 3 || !ts.isCallExpression(call)) return false;
  const callee = resolveCallbackFunction(checker, call.expression);
  return callee !== undefined && callee !== fn && functionCannotReject(callee, checker, depth + 1);
}

/** The function (with a body, in this file) a callback expression refers to, if it can be found. */
export function resolveCallbackFunction(checker: ts.TypeChecker, expression: ts.Expression): FunctionWithBody | undefined {
  let node = skipWrappers(expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind') {
    node = skipWrappers(node.expression.expression);
  }
  if (isFunctionLiteral(node)) return node;
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined;
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (declaration === undefined) return undefined;
  if (isFunctionWithBody(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const initializer = skipWrappers(declaration.initializer);
    if (isFunctionLiteral(initializer)) return initializer;
  }
  return undefined;
}

function asyncBodyCannotReject(body: ts.Block): boolean {
  let sawTryCatch = false;
  let ok = true;
  const visit = (node: ts.Node, isProtected: boolean): void => {
    if (!ok) return;
    // A nested function or class is evaluated, not run: its own awaits and throws are not ours.
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return;
    if (ts.isTryStatement(node)) {
      if (node.finallyBlock && endsByExitingProcess(node.finallyBlock) && !node.catchClause) {
        // `try { await work(); } finally { process.exit(); }`: the process ends before any rejection surfaces.
        sawTryCatch = true;
        visit(node.tryBlock, true);
        visit(node.finallyBlock, false);
        return;
      }
      if (node.catchClause) {
        sawTryCatch = true;
        visit(node.tryBlock, true);
        visit(node.catchClause.block, false);
      } else {
        visit(node.tryBlock, isProtected);
      }
      if (node.finallyBlock) visit(node.finallyBlock, false);
      return;
    }
    if (!isProtected && (ts.isAwaitExpression(node) || ts.isThrowStatement(node) || (ts.isForOfStatement(node) && node.awaitModifier))) {
      ok = false;
      return;
    }
    // `return fetchIt()` hands the caller that promise: its rejection passes through any try.
    if (ts.isReturnStatement(node) && node.expression && !isHarmlessReturnValue(node.expression, isProtected)) {
      ok = false;
      return;
    }
    ts.forEachChild(node, (child) => visit(child, isProtected));
  };
  ts.forEachChild(body, (child) => visit(child, false));
  return ok && sawTryCatch;
}

function isHarmlessReturnValue(expression: ts.Expression, isProtected: boolean): boolean {
  const node = skipWrappers(expression);
  if (isProtected && ts.isAwaitExpression(node)) return true;
  return ts.isLiteralExpression(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

function endsByExitingProcess(block: ts.Block): boolean {
  const last = block.statements[block.statements.length - 1];
  if (last === undefined || !ts.isExpressionStatement(last)) return false;
  const call = last.expression;
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'exit' &&
    ts.isIdentifier(call.expression.expression) && call.expression.expression.text === 'process';
}

function singleReturnedExpression(body: ts.Block): ts.Expression | undefined {
  if (body.statements.length !== 1) return undefined;
  const statement = body.statements[0]!;
  return ts.isReturnStatement(statement) ? statement.expression : undefined;
}

/** `p.catch(handler)` or `p.then(a, handler)` whose handler cannot throw. */
function isHandledChain(expression: ts.Expression): boolean {
  const node = skipWrappers(expression);
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const method = node.expression.name.text;
  const handler = method === 'catch' && node.arguments.length === 1 ? node.arguments[0] : method === 'then' && node.arguments.length === 2 ? node.arguments[1] : undefined;
  return handler !== undefined && handlerCannotThrow(handler);
}

function handlerCannotThrow(handler: ts.Expression): boolean {
  const node = skipWrappers(handler);
  // A named sink (`console.error`, `logError`, `noop`): trusted, like the "synchronous error sink".
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return true;
  if (!isFunctionLiteral(node)) return false;
  if (isAsyncFunction(node)) return functionCannotReject(node);
  return !containsOwnThrow(node.body);
}

function containsOwnThrow(node: ts.Node): boolean {
  if (ts.isThrowStatement(node)) return true;
  if (isFunctionWithBody(node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, containsOwnThrow) ?? false;
}
