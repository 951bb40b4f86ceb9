/**
 * Decides whether the value of an expression that is thrown away holds an unhandled promise,
 * and which sub-expression is to blame. Mirrors typescript-eslint's `no-floating-promises` on
 * the shapes it handles (calls, `.then/.catch/.finally` chains, ternaries, logical and comma
 * expressions, `void`, arrays of promises), and differs where its reports are false alarms:
 * - a call whose async callee provably cannot reject (body wrapped in a catch that cannot throw);
 * - a plain read of a stored promise used as a test in `x && …` / `x || …` / `x ?? …`
 *   (`this.closing || …` with `Promise<void> | undefined`), which creates nothing that could float;
 * - known-safe calls are honoured inside composite expressions too, not only at the top;
 * - a promise chain that cannot reject (`Promise.allSettled(list).then(f)` with `f` unable to throw);
 * - a method that returns a promise its receiver already holds (`held-promise.ts`);
 * - a value typed "maybe a promise" (`void | Promise<void>`, `T | Promise<T>`), unless `checkMaybePromises`.
 */
import ts = require('typescript');
import { isAsyncFunction, type FunctionWithBody } from '../await-context.js';
import { callReturnsNoThenableByDeclaration, isAnyOrUnknown, isPromiseArrayType, isPromiseLikeType, isSymbolFromDefaultLibrary, typeIncludesNullish, unionParts } from '../promise-types.js';
import { calledFunctionDeclaration, promiseCannotReject } from './cannot-reject.js';
import { returnsHeldPromise } from './held-promise.js';
import { isKnownSafeCallee, typeMatchesSomeSpecifier, type TypeOrValueSpecifier } from './known-safe.js';

export type UnhandledKind = 'promise' | 'array' | 'nonFunctionHandler';

export interface Unhandled {
  readonly kind: UnhandledKind;
  /** The sub-expression whose promise floats (the whole expression for simple cases). */
  readonly culprit: ts.Expression;
}

export interface UnhandledSettings {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly ignoreVoid: boolean;
  readonly checkThenables: boolean;
  readonly allowForKnownSafeCalls: readonly TypeOrValueSpecifier[];
  readonly allowForKnownSafePromises: readonly TypeOrValueSpecifier[];
  /** Whether types include `undefined`/`null` explicitly; without it any stored value may be absent. */
  readonly strictNullChecks: boolean;
  /** Report values typed "maybe a promise" (`void | Promise<void>`, `T | Promise<T>`) too. */
  readonly checkMaybePromises: boolean;
}

/** Strips parentheses, `!`, `as`, `satisfies` and `<T>` assertions, which do not change the value. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) ||
        ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** A read of something already stored (`p`, `this.p`, `map[k]`): it creates no new promise. */
export function isPlainRead(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner) ||
    inner.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * Cheap syntactic filter: only these shapes can leave a promise floating in a statement;
 * everything else (literals, assignments, `delete`, `typeof`, `++`) is skipped before any type query.
 */
export function mayFloat(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  switch (inner.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.TaggedTemplateExpression:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.VoidExpression:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const kind = (inner as ts.BinaryExpression).operatorToken.kind;
      return kind === ts.SyntaxKind.CommaToken || isLogicalOperator(kind);
    }
    default:
      return false;
  }
}

export class UnhandledPromiseFinder {
  constructor(private readonly settings: UnhandledSettings) {}

  /** The first unhandled promise in `expression`'s discarded value, if any. */
  find(expression: ts.Expression): Unhandled | undefined {
    return this.findAll(expression, true)[0];
  }

  /** Every unhandled promise in `expression`'s discarded value (each branch of a ternary, each operand of a comma). */
  findAll(expression: ts.Expression, stopAtFirst = false): Unhandled[] {
    const found: Unhandled[] = [];
    this.collect(expression, found, stopAtFirst);
    return found;
  }

  private collect(expression: ts.Expression, found: Unhandled[], stopAtFirst: boolean): void {
    if (stopAtFirst && found.length > 0) return;
    const node = skipOuterExpressions(expression);
    if (!mayFloat(node)) return;
    const { program, checker } = this.settings;

    if (ts.isBinaryExpression(node)) {
      const kind = node.operatorToken.kind;
      if (kind === ts.SyntaxKind.CommaToken) {
        this.collect(node.left, found, stopAtFirst);
        this.collect(node.right, found, stopAtFirst);
        return;
      }
      if (isLogicalOperator(kind)) {
        if (!this.isTestRead(node.left, kind)) this.collect(node.left, found, stopAtFirst);
        this.collect(node.right, found, stopAtFirst);
        return;
      }
      return;
    }
    if (ts.isVoidExpression(node)) {
      if (!this.settings.ignoreVoid) this.collect(node.expression, found, stopAtFirst);
      return;
    }
    if (ts.isConditionalExpression(node)) {
      this.collect(node.whenFalse, found, stopAtFirst);
      this.collect(node.whenTrue, found, stopAtFirst);
      return;
    }

    // `list.push(x)`, `emitter.emit(…)`, `assert.ok(…)`: known harmless without resolving the call.
    if (ts.isCallExpression(node) && callReturnsNoThenableByDeclaration(checker, node)) return;
    const type = checker.getTypeAtLocation(node);
    if (this.isPromiseArray(type, node)) {
      if (ts.isCallExpression(node) && returnsStoredArgument(program, checker, node)) return;
      found.push({ kind: 'array', culprit: node });
      return;
    }
    // `await` settles the promise; TS may still type `await (p as Promise<T> & X)` as the intersection.
    if (ts.isAwaitExpression(node) || ts.isArrayLiteralExpression(node)) return;
    if (!this.isPromise(type, node)) return;

    if (ts.isCallExpression(node)) {
      const verdict = this.callVerdict(node, found, stopAtFirst);
      if (verdict !== 'unknown') return;
      if (isKnownSafeCallee(program, checker, node.expression, this.settings.allowForKnownSafeCalls)) return;
      if (returnsStoredArgument(program, checker, node)) return;
      if (passesErrorFirstCallback(checker, node)) return;
      if (promiseCannotReject(program, checker, node)) return;
      if (returnsHeldPromise(program, checker, node, (t, at) => this.isPromise(t, at))) return;
    }
    found.push({ kind: 'promise', culprit: node });
  }

  /** Whether `type` counts as a promise here (and is not allow-listed as a known-safe promise). */
  isPromise(type: ts.Type, location: ts.Node): boolean {
    const { program, checker } = this.settings;
    if (isAnyOrUnknown(type)) return false;
    if (typeMatchesSomeSpecifier(program, type, this.settings.allowForKnownSafePromises)) return false;
    if (!isPromiseLikeType(program, checker, type, location, this.settings)) return false;
    return this.settings.checkMaybePromises || !this.isMaybePromise(type, location);
  }

  /**
   * A union with a member that is neither thenable nor `undefined`/`null`: `void | Promise<void>`,
   * `T | Promise<T>`. Its type says the API may finish synchronously, so dropping the value is how
   * such an API is used synchronously; only `checkMaybePromises` reports it. `Promise<T> | undefined`
   * (an optional call, `map.get(k)`) is still a promise whenever it is anything.
   */
  private isMaybePromise(type: ts.Type, location: ts.Node): boolean {
    if (!type.isUnion()) return false;
    const { program, checker } = this.settings;
    return type.types.some(
      (part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never)) &&
        !isPromiseLikeType(program, checker, part, location, { checkThenables: true }),
    );
  }

  /** An array or tuple holding promises (`Promise<T>[]`); elements typed "maybe a promise" count only with `checkMaybePromises`. */
  private isPromiseArray(type: ts.Type, location: ts.Node): boolean {
    const { program, checker } = this.settings;
    if (!isPromiseArrayType(program, checker, type, location, this.settings)) return false;
    if (this.settings.checkMaybePromises) return true;
    for (const part of unionParts(type).map((member) => checker.getApparentType(member))) {
      if (!checker.isArrayType(part) && !checker.isTupleType(part)) continue;
      const elements = checker.getTypeArguments(part as ts.TypeReference);
      if (elements.some((element) => isPromiseLikeType(program, checker, element, location, this.settings) && !this.isMaybePromise(element, location))) {
        return true;
      }
    }
    return false;
  }

  /**
   * `.catch(h)` / `.then(f, h)` handle the promise when `h` is a function; `.finally(…)` passes the
   * receiver's fate on. Returns 'handled', 'reported' (pushed a finding) or 'unknown' (not such a call).
   */
  private callVerdict(call: ts.CallExpression, found: Unhandled[], stopAtFirst: boolean): 'handled' | 'reported' | 'unknown' {
    const method = promiseMethodName(call);
    if (method === undefined) return 'unknown';
    const args = call.arguments;
    if (args.some((argument) => ts.isSpreadElement(argument))) return 'handled';
    const receiver = (skipOuterExpressions(call.expression) as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
    if (method === 'finally') {
      const before = found.length;
      this.collect(receiver, found, stopAtFirst);
      // `p.finally(f)` is unhandled exactly when `p` is; blame the whole chain.
      if (found.length > before) found.splice(before, found.length - before, { kind: found[before]!.kind, culprit: call });
      return found.length > before ? 'reported' : 'handled';
    }
    const handler = method === 'catch' ? args[0] : args[1];
    if (handler === undefined) return 'unknown';
    if (this.isFunctionValue(handler)) return 'handled';
    found.push({ kind: 'nonFunctionHandler', culprit: call });
    return 'reported';
  }

  private isFunctionValue(expression: ts.Expression): boolean {
    const type = this.settings.checker.getTypeAtLocation(expression);
    if (type.flags & ts.TypeFlags.Any) return true;
    return unionParts(this.settings.checker.getApparentType(type)).some((part) => part.getCallSignatures().length > 0);
  }

  /**
   * The left side of `&&`/`||`/`??` that only reads a stored promise to test it: with `&&` a
   * promise is always truthy so its value never flows on; with `||`/`??` a possibly-absent
   * promise (`Promise<T> | undefined`) is the "has it started" idiom. Neither creates a promise.
   */
  private isTestRead(left: ts.Expression, operator: ts.SyntaxKind): boolean {
    if (!isPlainRead(left)) return false;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || !this.settings.strictNullChecks) return true;
    return typeIncludesNullish(this.settings.checker.getTypeAtLocation(left));
  }
}

/**
 * A dual callback/promise API called the callback way: the last argument is a function whose
 * first parameter is `err`/`error` (`client.cluster('INFO', (err, res) => …)`,
 * `asCallback(promise, callback)`). The API routes the failure to that callback (ioredis,
 * standard-as-callback, mongodb 4 and most `nodeify` helpers do), so the promise is handled.
 */
export function passesErrorFirstCallback(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const last = call.arguments[call.arguments.length - 1];
  if (!last || ts.isSpreadElement(last)) return false;
  const type = checker.getTypeAtLocation(last);
  return unionParts(type).some((part) =>
    part.getCallSignatures().some((signature) => {
      const first = signature.parameters[0];
      return first !== undefined && /^(err|error)$/i.test(first.getName());
    }),
  );
}

/** Array methods that return the array itself or elements already in it, never a new promise. */
const ARRAY_HOUSEKEEPING = new Set(['splice', 'sort', 'reverse', 'fill', 'copyWithin']);

/**
 * Whether `call` hands back something already stored rather than a new promise:
 * - one of its arguments, by a generic signature (`Object.defineProperties<T>(o: T, …): T`,
 *   `Object.assign<T, U>(target: T, …): T & U`) or by a project function that only ever
 *   `return`s that parameter (`setPromise(entity, value) { …; return value; }`), when the
 *   argument is a stored value;
 * - elements already in an array: `queue.splice(i, 1)`, `list.sort()` on the built-in Array.
 * Whoever stored that promise owns it.
 */
export function returnsStoredArgument(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee) && ARRAY_HOUSEKEEPING.has(callee.name.text)) {
    const method = checker.getSymbolAtLocation(callee.name);
    if (method && isSymbolFromDefaultLibrary(program, method)) return true;
  }
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  if (!declaration) return false;
  const returnedIndex = genericallyReturnedParameters(declaration);
  const projectFunction = calledFunctionDeclaration(program, checker, call);
  if (projectFunction && !isAsyncFunction(projectFunction)) {
    const index = onlyReturnedParameter(projectFunction);
    if (index !== undefined) returnedIndex.add(index);
  }
  for (const index of returnedIndex) {
    const argument = call.arguments[index];
    if (argument !== undefined && isPlainRead(argument)) return true;
  }
  return false;
}

/** Indexes of parameters typed `T` where the signature returns `T` (or `T & …`). */
function genericallyReturnedParameters(declaration: ts.SignatureDeclaration | ts.JSDocSignature): Set<number> {
  const result = new Set<number>();
  if (!ts.isFunctionLike(declaration) || !declaration.type || !declaration.typeParameters) return result;
  const typeParameterNames = new Set(declaration.typeParameters.map((parameter) => parameter.name.text));
  const namedTypeParameter = (node: ts.TypeNode | undefined): string | undefined =>
    node && ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && typeParameterNames.has(node.typeName.text) ? node.typeName.text : undefined;
  const returned = new Set<string>();
  const returnType = declaration.type;
  for (const part of ts.isIntersectionTypeNode(returnType) ? returnType.types : [returnType]) {
    const name = namedTypeParameter(part);
    if (name) returned.add(name);
  }
  declaration.parameters.forEach((parameter, index) => {
    const name = namedTypeParameter(parameter.type);
    if (name !== undefined && returned.has(name)) result.add(index);
  });
  return result;
}

/** The index of the parameter a (non-async) function returns from every `return`, if it only ever returns that one. */
function onlyReturnedParameter(fn: FunctionWithBody): number | undefined {
  const body = fn.body;
  if (!body) return undefined;
  const parameterIndex = (expression: ts.Expression | undefined): number | undefined => {
    const inner = expression && skipOuterExpressions(expression);
    if (!inner || !ts.isIdentifier(inner)) return undefined;
    const index = fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === inner.text);
    return index >= 0 ? index : undefined;
  };
  if (!ts.isBlock(body)) return parameterIndex(body);
  const returned = new Set<number | undefined>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) returned.add(parameterIndex(node.expression));
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  if (returned.size !== 1) return undefined;
  return [...returned][0];
}

/** `catch`, `then` or `finally` when `call` is `x.catch(…)` / `x?.then(…)` / `x['finally'](…)`. */
export function promiseMethodName(call: ts.CallExpression): 'catch' | 'then' | 'finally' | undefined {
  const callee = skipOuterExpressions(call.expression);
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(callee)) name = callee.name.text;
  else if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) name = callee.argumentExpression.text;
  return name === 'catch' || name === 'then' || name === 'finally' ? name : undefined;
}
