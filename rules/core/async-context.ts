/**
 * Async context, as no-blocking-in-async means it: code that runs while an async function runs.
 * That is the body of an async function (declaration, expression, arrow, method, async generator)
 * and of the synchronous callbacks it runs immediately: array / Map / Set iteration methods, a
 * `new Promise` executor, an IIFE. Callbacks that run later (timers, event handlers, `.then`)
 * start a context of their own, and so does every other function, class field and static block.
 * Module top level is not async context.
 *
 * (Whether `await` may be written at a node is a different question: see await-context.ts.)
 */
import ts = require('typescript');
import { isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from './await-context.js';
import { TYPED_ARRAY_TYPE_NAMES } from './typed-arrays.js';

/** Methods that call their callback synchronously, before they return. */
const IMMEDIATE_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'forEach',
  'map',
  'reduce',
  'reduceRight',
  'some',
  'sort',
  'toSorted',
]);

/** Receivers whose methods above are the built-in, immediate ones. */
const IMMEDIATE_RECEIVER_TYPES: ReadonlySet<string> = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'Set',
  'ReadonlySet',
  ...TYPED_ARRAY_TYPE_NAMES,
  'Buffer',
]);

function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** Whether `fn` is a callback that runs right away, while the function that mentions it runs. */
export function isImmediatelyInvoked(fn: FunctionWithBody, checker: ts.TypeChecker | undefined): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  const outer = skipParentheses(fn);
  const parent = outer.parent;
  // IIFE: `(() => { … })()`, `(function () { … })()`.
  if (ts.isCallExpression(parent) && parent.expression === outer) return true;
  if (ts.isNewExpression(parent) && parent.arguments?.[0] === outer) return isGlobalPromise(parent.expression, checker);
  if (!ts.isCallExpression(parent)) return false;
  const callee = parent.expression;
  if (ts.isPropertyAccessExpression(callee) && IMMEDIATE_CALLBACK_METHODS.has(callee.name.text) && parent.arguments[0] === outer) {
    return checker === undefined || receiverIsBuiltInCollection(callee.expression, checker);
  }
  // `Array.from(items, mapFn)`.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'from' && parent.arguments[1] === outer) {
    return ts.isIdentifier(callee.expression) && callee.expression.text === 'Array';
  }
  return false;
}

function isGlobalPromise(expression: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (!ts.isIdentifier(expression) || expression.text !== 'Promise') return false;
  if (checker === undefined) return true;
  const symbol = checker.getSymbolAtLocation(expression);
  return symbol?.declarations?.some((d) => d.getSourceFile().isDeclarationFile) ?? false;
}

function receiverIsBuiltInCollection(receiver: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getApparentType(checker.getNonNullableType(checker.getTypeAtLocation(receiver)));
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => {
    if (checker.isArrayType(part) || checker.isTupleType(part)) return true;
    const symbol = part.getSymbol();
    return symbol !== undefined && IMMEDIATE_RECEIVER_TYPES.has(symbol.getName());
  });
}

/**
 * The function whose run executes `node`: the innermost enclosing function, skipping callbacks
 * that run immediately. Undefined at module level, in class field initializers and static blocks.
 */
export function executingFunction(node: ts.Node, checker: ts.TypeChecker | undefined): FunctionWithBody | undefined {
  let child: ts.Node = node;
  for (let current = node.parent; current !== undefined; child = current, current = current.parent) {
    if (isFunctionWithBody(current)) {
      // An async callback is a context of its own even when invoked at once; so is a generator,
      // whose body runs only when it is iterated.
      if (isAsyncFunction(current) || current.asteriskToken !== undefined || !isImmediatelyInvoked(current, checker)) return current;
      continue;
    }
    if (ts.isClassStaticBlockDeclaration(current)) return undefined;
    if (ts.isPropertyDeclaration(current) && current.initializer === child) return undefined;
    if (ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/** The async function during whose run `node` executes, if any. */
export function asyncContextOf(node: ts.Node, checker: ts.TypeChecker | undefined): FunctionWithBody | undefined {
  const fn = executingFunction(node, checker);
  return fn !== undefined && isAsyncFunction(fn) ? fn : undefined;
}
