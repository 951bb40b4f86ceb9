/**
 * Type questions specific to "a promise-returning function in a void-return slot": what a slot
 * (parameter, property, variable, return type) expects a function to return, and whether a value
 * is a function that returns a promise. Built on the shared promise queries.
 */
import ts = require('typescript');
import { isPromiseLikeType, unionParts } from '../promise-types.js';

/**
 * What the function members of a slot type say about the return value:
 * - `void`: every callable member returns exactly `void` (the caller ignores the result);
 * - `accepts`: some callable member returns something else (`Promise<void> | void`, `unknown`,
 *   `any`, a type parameter, `boolean` …): the slot is declared to take the result, so a promise
 *   is either handled or at least not provably ignored;
 * - `none`: no member is callable (not a function slot at all).
 */
export type SlotExpectation = 'void' | 'accepts' | 'none';

export function slotExpectation(checker: ts.TypeChecker, slotType: ts.Type): SlotExpectation {
  let sawVoid = false;
  for (const part of unionParts(slotType)) {
    if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'accepts';
    for (const signature of part.getCallSignatures()) {
      const returnType = checker.getReturnTypeOfSignature(signature);
      if (isExactlyVoid(returnType) || (returnType.flags & ts.TypeFlags.Any && isDomListener(signature))) sawVoid = true;
      else return 'accepts';
    }
  }
  return sawVoid ? 'void' : 'none';
}

/**
 * lib.dom declares event listeners and `on…` handlers as returning `any`, yet the browser never
 * looks at what they return: a promise returned there is dropped like from a void callback.
 */
function isDomListener(signature: ts.Signature): boolean {
  const fileName = signature.getDeclaration()?.getSourceFile().fileName ?? '';
  return /[\\/]lib\.(dom|webworker)[.\w]*\.d\.ts$/.test(fileName);
}

/** `void`, or a union of `void` with `undefined` (what a `() => void` slot really means). */
function isExactlyVoid(type: ts.Type): boolean {
  const parts = unionParts(type);
  return parts.some((part) => part.flags & ts.TypeFlags.Void) && parts.every((part) => part.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
}

/**
 * Combines the expectations of several candidate slots (the overloads of a callee at one
 * argument index): a promise is misused only if some slot expects void and none accepts a result.
 */
export function combineExpectations(expectations: Iterable<SlotExpectation>): SlotExpectation {
  let result: SlotExpectation = 'none';
  for (const expectation of expectations) {
    if (expectation === 'accepts') return 'accepts';
    if (expectation === 'void') result = 'void';
  }
  return result;
}

/**
 * The type of parameter `index` of `signature` (the element type when `index` falls into a rest
 * parameter), or undefined when the signature has no parameter there.
 */
export function parameterTypeAt(checker: ts.TypeChecker, signature: ts.Signature, index: number, location: ts.Node): ts.Type | undefined {
  const parameters = signature.getParameters();
  if (parameters.length === 0) return undefined;
  const lastIndex = parameters.length - 1;
  const last = parameters[lastIndex]!;
  const lastDeclaration = last.valueDeclaration;
  const lastIsRest = lastDeclaration !== undefined && ts.isParameter(lastDeclaration) && lastDeclaration.dotDotDotToken !== undefined;
  if (lastIsRest && index >= lastIndex) {
    const restType = checker.getTypeOfSymbolAtLocation(last, location);
    return checker.getIndexTypeOfType(restType, ts.IndexKind.Number) ?? undefined;
  }
  const parameter = parameters[index];
  return parameter ? checker.getTypeOfSymbolAtLocation(parameter, location) : undefined;
}

/** The expression inside parentheses, `as`/`satisfies`/`<T>` assertions and `!`. */
export function skipWrappers(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
    node = node.expression;
  }
  return node;
}

/** The expression inside parentheses only. */
export function skipParens(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

export type FunctionLiteral = ts.ArrowFunction | ts.FunctionExpression;

export function isFunctionLiteral(node: ts.Node): node is FunctionLiteral {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/**
 * Whether an expression is worth a type query as a possible promise-returning function: a
 * function literal (not a generator), a name, a property access, or `x.bind(…)`. Everything else
 * (literals, object literals, calls of factories) is skipped without asking the checker.
 */
export function isCallbackCandidate(expression: ts.Expression): boolean {
  const node = skipWrappers(expression);
  if (isFunctionLiteral(node)) return !(ts.isFunctionExpression(node) && node.asteriskToken);
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind';
}

export function isAsyncFunctionLiteral(node: ts.Node): node is FunctionLiteral {
  return isFunctionLiteral(node) && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Async) !== 0;
}

/**
 * What the syntax alone says about `returnsPromise`, before any type query: an async function
 * literal returns a promise, a generator does not, and neither does a literal that declares no
 * return type and returns no value (its return type is `void`, or `never`). Undefined when only
 * the checker can tell (names, member accesses, literals that return something).
 */
export function returnsPromiseBySyntax(expression: ts.Expression): boolean | undefined {
  const node = skipWrappers(expression);
  if (!isFunctionLiteral(node)) return undefined;
  if (ts.isFunctionExpression(node) && node.asteriskToken) return false;
  if ((ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Async) !== 0) return true;
  if (node.type === undefined && ts.isBlock(node.body) && !returnsValue(node.body)) return false;
  return undefined;
}

/** Whether a function body has a `return <value>;` of its own (not one of a nested function). */
function returnsValue(body: ts.Block): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isReturnStatement(node)) return node.expression !== undefined;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
    return ts.forEachChild(node, visit) === true;
  };
  return ts.forEachChild(body, visit) === true;
}

/** Whether the value of `expression` is a function (some call signature) returning a promise. */
export function returnsPromise(program: ts.Program, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const bySyntax = returnsPromiseBySyntax(expression);
  if (bySyntax !== undefined) return bySyntax;
  const node = skipWrappers(expression);
  if (isFunctionLiteral(node)) {
    const signature = checker.getSignatureFromDeclaration(node);
    return signature !== undefined && isPromiseLikeType(program, checker, checker.getReturnTypeOfSignature(signature), node);
  }
  const type = checker.getTypeAtLocation(node);
  return unionParts(type).some((part) =>
    part.getCallSignatures().some((signature) => isPromiseLikeType(program, checker, checker.getReturnTypeOfSignature(signature), node)),
  );
}

/** Whether `type` is a promise in every union member (so a truthiness test of it is always true). */
export function isAlwaysPromise(program: ts.Program, checker: ts.TypeChecker, type: ts.Type, location: ts.Node): boolean {
  const parts = unionParts(type);
  return parts.length > 0 && parts.every((part) => isPromiseLikeType(program, checker, part, location, { checkThenables: true }));
}
