/**
 * no-misused-async-callback: a promise ends up where nobody will look at it.
 * - void-return positions: a promise-returning function passed, assigned, returned or inherited
 *   where the declared type wants a function returning `void` (`arr.forEach(async …)`,
 *   `emitter.on('x', async …)`, `new Promise(async (resolve) => …)`), so its rejection is
 *   unhandled and nothing waits for it;
 * - conditions: a promise tested for truthiness (always true), including async array predicates;
 * - spreads: `{ ...promise }` copies nothing.
 * Precision rules (see docs/rules/no-misused-async-callback.md): a slot declared to accept a
 * promise (`() => void | Promise<void>`, `unknown`, `any`, a type parameter) is never reported;
 * a tested value whose type includes `undefined`/`null` is a "has it started" check and is never
 * reported; a callback that provably cannot reject is not reported (except to forEach, where the
 * missing wait is the bug).
 */
import ts = require('typescript');
import { isAwaitLegalAt } from '../await-context.js';
import { callReturnsNoThenableByDeclaration, isPromiseLikeType, unionParts } from '../promise-types.js';
import type { Analysis, AnalysisReads, Finding, FixProposal } from '../types.js';
import { functionCannotReject, resolveCallbackFunction } from './cannot-reject.js';
import { forEachSuggestions } from './for-each-fixes.js';
import { isUninitializedField, mayBeNullishByDeclaration, strictNullChecksEnabled, strictPropertyInitializationEnabled } from './nullish-declarations.js';
import {
  combineExpectations,
  isAlwaysPromise,
  isCallbackCandidate,
  isFunctionLiteral,
  parameterTypeAt,
  returnsPromise,
  returnsPromiseBySyntax,
  skipParens,
  skipWrappers,
  slotExpectation,
  type SlotExpectation,
} from './function-types.js';
import { resolveOptions, type NoMisusedAsyncCallbackOptions, type ResolvedOptions } from './options.js';

export const RULE_NAME = 'no-misused-async-callback';

/** Other bodies are read only to prove a promise-returning callee cannot reject, and which fields a constructor initialises. */
export const READS: AnalysisReads = { synchronousCallees: false, fieldWritesAnywhere: false };
export type { NoMisusedAsyncCallbackOptions, ChecksVoidReturnOptions } from './options.js';

export type NoMisusedAsyncCallbackMessageId =
  | 'voidReturnArgument'
  | 'voidReturnForEach'
  | 'voidReturnProperty'
  | 'voidReturnVariable'
  | 'voidReturnReturnValue'
  | 'voidReturnAttribute'
  | 'voidReturnInheritedMethod'
  | 'conditional'
  | 'predicate'
  | 'spread'
  | 'forEachToForOf'
  | 'forEachToPromiseAll'
  | 'awaitCondition'
  | 'awaitSpread';

const ARRAY_PREDICATES = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);

interface Walk {
  readonly sourceFile: ts.SourceFile;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly options: ResolvedOptions;
  readonly findings: Finding[];
  /** Logical expressions already examined as part of an enclosing test. */
  readonly examinedTests: Set<ts.Node>;
  /** Without strictNullChecks types hide `undefined`; declarations are read instead. */
  readonly strictNullChecks: boolean;
  /** Without strictPropertyInitialization a field typed `Promise<T>` may still be unset. */
  readonly strictPropertyInitialization: boolean;
}

export const analyzeNoMisusedAsyncCallback: Analysis<NoMisusedAsyncCallbackOptions> = ({ sourceFile, program, checker, options, scope }) => {
  if (!program || !checker) return [];
  const walk: Walk = {
    sourceFile,
    program,
    checker,
    options: resolveOptions(options),
    findings: [],
    examinedTests: new Set(),
    strictNullChecks: strictNullChecksEnabled(program.getCompilerOptions()),
    strictPropertyInitialization: strictPropertyInitializationEnabled(program.getCompilerOptions()),
  };
  const visit = (node: ts.Node): void => {
    if (scope !== undefined && !scope.visits(node)) return;
    examine(walk, node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return walk.findings;
};

function examine(walk: Walk, node: ts.Node): void {
  const { options } = walk;
  const voidReturn = options.voidReturn;
  switch (node.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
      if (voidReturn.arguments) checkArguments(walk, node as ts.CallExpression | ts.NewExpression);
      if (options.checksConditionals && ts.isCallExpression(node)) checkPredicate(walk, node);
      return;
    case ts.SyntaxKind.PropertyAssignment: {
      const property = node as ts.PropertyAssignment;
      if (voidReturn.properties && ts.isObjectLiteralExpression(property.parent) && isCallbackCandidate(property.initializer)) {
        checkSlot(walk, property.initializer, () => walk.checker.getContextualType(property.initializer), 'voidReturnProperty', { name: property.name.getText(walk.sourceFile) });
      }
      return;
    }
    case ts.SyntaxKind.ShorthandPropertyAssignment: {
      const property = node as ts.ShorthandPropertyAssignment;
      if (voidReturn.properties) checkSlot(walk, property.name, () => objectPropertySlot(walk, property), 'voidReturnProperty', { name: property.name.text });
      return;
    }
    case ts.SyntaxKind.MethodDeclaration: {
      const method = node as ts.MethodDeclaration;
      if (voidReturn.properties && ts.isObjectLiteralExpression(method.parent)) checkObjectMethod(walk, method);
      return;
    }
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.PropertyDeclaration: {
      const declaration = node as ts.VariableDeclaration | ts.PropertyDeclaration;
      const initializer = declaration.initializer;
      if (voidReturn.variables && declaration.type && initializer && isCallbackCandidate(initializer)) {
        checkSlot(walk, initializer, () => walk.checker.getContextualType(initializer), 'voidReturnVariable', {});
      }
      return;
    }
    case ts.SyntaxKind.BinaryExpression:
      checkBinary(walk, node as ts.BinaryExpression);
      return;
    case ts.SyntaxKind.ReturnStatement: {
      const expression = (node as ts.ReturnStatement).expression;
      if (voidReturn.returns && expression && isReturnedCallbackCandidate(node, expression)) {
        checkSlot(walk, expression, () => walk.checker.getContextualType(expression), 'voidReturnReturnValue', {});
      }
      return;
    }
    case ts.SyntaxKind.ArrowFunction: {
      const body = (node as ts.ArrowFunction).body;
      if (voidReturn.returns && !ts.isBlock(body) && isReturnedCallbackCandidate(node, body)) {
        checkSlot(walk, body, () => walk.checker.getContextualType(body), 'voidReturnReturnValue', {});
      }
      return;
    }
    case ts.SyntaxKind.JsxAttribute: {
      const attribute = node as ts.JsxAttribute;
      const expression = attribute.initializer && ts.isJsxExpression(attribute.initializer) ? attribute.initializer.expression : undefined;
      if (voidReturn.attributes && expression && isCallbackCandidate(expression)) {
        checkSlot(walk, expression, () => walk.checker.getContextualType(expression), 'voidReturnAttribute', { name: attribute.name.getText(walk.sourceFile) });
      }
      return;
    }
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
      if (voidReturn.inheritedMethods) checkInheritedMethods(walk, node as ts.ClassLikeDeclaration);
      return;
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
      if (options.checksConditionals) checkTest(walk, (node as ts.IfStatement | ts.WhileStatement | ts.DoStatement).expression);
      return;
    case ts.SyntaxKind.ForStatement: {
      const condition = (node as ts.ForStatement).condition;
      if (options.checksConditionals && condition) checkTest(walk, condition);
      return;
    }
    case ts.SyntaxKind.ConditionalExpression:
      if (options.checksConditionals) checkTest(walk, (node as ts.ConditionalExpression).condition);
      return;
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const unary = node as ts.PrefixUnaryExpression;
      if (options.checksConditionals && unary.operator === ts.SyntaxKind.ExclamationToken) checkTest(walk, unary.operand);
      return;
    }
    case ts.SyntaxKind.SpreadAssignment:
      if (options.checksSpreads) checkSpread(walk, node as ts.SpreadAssignment);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Void-return positions

/**
 * `return handler;` is asked about only when the function declares a function-typed return type:
 * returning a name is common, returning a callback into a `() => void` slot is rare. Function
 * literals are always asked about (contextual return types come from callers too).
 */
function isReturnedCallbackCandidate(node: ts.Node, expression: ts.Expression): boolean {
  if (!isCallbackCandidate(expression)) return false;
  if (isFunctionLiteral(skipWrappers(expression))) return true;
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current.type !== undefined && !ts.isTypePredicateNode(current.type);
  }
  return false;
}

function checkArguments(walk: Walk, call: ts.CallExpression | ts.NewExpression): void {
  const args = call.arguments;
  if (!args || args.length === 0) return;
  const candidates = args
    .map((arg, index) => ({ arg, index }))
    // `consume(...callbacks)` (#5744): the spread array's elements land in the rest parameter.
    .filter(({ arg, index }) => (ts.isSpreadElement(arg) ? index === args.length - 1 && isCallbackCandidate(arg.expression) : isCallbackCandidate(arg)))
    // Cheaper than the callee's signatures (all overloads), and most arguments are no function at
    // all: a literal that syntax shows returns no promise, or a value (a name, a member) whose type
    // returns none, is never misused. Literals that return something keep the slot asked first:
    // their return type needs the call's contextual types anyway.
    .filter(({ arg }) => {
      if (ts.isSpreadElement(arg)) return true;
      const bySyntax = returnsPromiseBySyntax(arg);
      if (bySyntax !== undefined || isFunctionLiteral(skipWrappers(arg))) return bySyntax !== false;
      return returnsPromise(walk.program, walk.checker, arg);
    });
  if (candidates.length === 0) return;
  const { checker } = walk;
  const signatures = calleeSignatures(checker, call);
  if (signatures.length === 0) return;
  const expectationAt = (asked: readonly ts.Signature[], index: number, arg: ts.Expression): SlotExpectation =>
    combineExpectations(
      asked.map((signature): SlotExpectation => {
        const slot = parameterTypeAt(checker, signature, index, arg);
        return slot ? slotExpectation(checker, slot) : 'none';
      }),
    );
  let resolved: ts.Signature | undefined | null = null;
  for (const { arg, index } of candidates) {
    let expectation = expectationAt(signatures, index, arg);
    if (expectation === 'none') {
      // Generic slots (`listener: Events[K]`) only say what they want once instantiated for this call.
      resolved ??= checker.getResolvedSignature(call);
      if (resolved) expectation = expectationAt([resolved], index, arg);
    }
    if (expectation !== 'void') continue;
    if (ts.isSpreadElement(arg)) {
      if (spreadHoldsPromiseReturningFunctions(walk, arg)) report(walk, arg, 'voidReturnArgument', { callee: calleeText(walk.sourceFile, call) });
      continue;
    }
    if (!returnsPromise(walk.program, checker, arg)) continue;
    const forEach = forEachCall(walk, call, index);
    if (forEach) {
      report(walk, arg, 'voidReturnForEach', {}, forEachFixes(walk, call as ts.CallExpression, arg));
      continue;
    }
    if (cannotReject(walk, arg)) continue;
    report(walk, arg, 'voidReturnArgument', { callee: calleeText(walk.sourceFile, call) });
  }
}

/** Whether the elements of a spread array are functions returning promises. */
function spreadHoldsPromiseReturningFunctions(walk: Walk, spread: ts.SpreadElement): boolean {
  const { checker, program } = walk;
  const element = checker.getIndexTypeOfType(checker.getTypeAtLocation(spread.expression), ts.IndexKind.Number);
  if (!element) return false;
  return unionParts(element).some((part) =>
    part.getCallSignatures().some((signature) => isPromiseLikeType(program, checker, checker.getReturnTypeOfSignature(signature), spread)),
  );
}

/** Every declared signature of the callee (all overloads: if any accepts a promise, the call may mean it). */
function calleeSignatures(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Signature[] {
  const calleeType = checker.getTypeAtLocation(call.expression);
  const kind = ts.isNewExpression(call) ? ts.SignatureKind.Construct : ts.SignatureKind.Call;
  return unionParts(calleeType).flatMap((part) => checker.getSignaturesOfType(checker.getApparentType(part), kind));
}

/** Whether `call` is `array.forEach(callback)` with the callback at `index` 0. */
function forEachCall(walk: Walk, call: ts.CallExpression | ts.NewExpression, index: number): boolean {
  if (!ts.isCallExpression(call) || index !== 0) return false;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'forEach') return false;
  return isArrayLike(walk.checker, walk.checker.getTypeAtLocation(callee.expression));
}

function forEachFixes(walk: Walk, call: ts.CallExpression, arg: ts.Expression): FixProposal[] | undefined {
  const callback = skipWrappers(arg);
  const statement = call.parent;
  if (!isFunctionLiteral(callback) || !ts.isExpressionStatement(statement) || call.arguments.length !== 1) return undefined;
  if (call.questionDotToken || (call.expression as ts.PropertyAccessExpression).questionDotToken || ts.isOptionalChain(call)) return undefined;
  if (!isAwaitLegalAt(statement, walk.sourceFile, walk.program.getCompilerOptions())) return undefined;
  return forEachSuggestions(walk.sourceFile, statement, call, callback);
}

function cannotReject(walk: Walk, value: ts.Expression): boolean {
  const fn = resolveCallbackFunction(walk.checker, value);
  return fn !== undefined && functionCannotReject(fn, walk.checker);
}

/**
 * `slot` is asked for only when syntax does not already show that `value` returns no promise
 * (a contextual type can cost a whole call resolution; most callbacks return nothing).
 */
function checkSlot(walk: Walk, value: ts.Expression, slotOf: () => ts.Type | undefined, messageId: NoMisusedAsyncCallbackMessageId, data: Record<string, string>): void {
  if (returnsPromiseBySyntax(value) === false) return;
  const slot = slotOf();
  if (!slot || slotExpectation(walk.checker, slot) !== 'void') return;
  if (!returnsPromise(walk.program, walk.checker, value) || cannotReject(walk, value)) return;
  report(walk, value, messageId, data);
}

function checkBinary(walk: Walk, binary: ts.BinaryExpression): void {
  const operator = binary.operatorToken.kind;
  if (operator === ts.SyntaxKind.EqualsToken) {
    if (walk.options.voidReturn.variables && isCallbackCandidate(binary.right)) {
      checkSlot(walk, binary.right, () => walk.checker.getContextualType(binary.right), 'voidReturnVariable', {});
    }
    return;
  }
  if ((operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) && walk.options.checksConditionals && !walk.examinedTests.has(binary)) {
    // In a value position only the left operand is tested: `p || fallback`, `p && next`.
    checkTest(walk, binary.left);
  }
}

function objectPropertySlot(walk: Walk, property: ts.ShorthandPropertyAssignment | ts.MethodDeclaration): ts.Type | undefined {
  const objectLiteral = property.parent;
  if (!ts.isObjectLiteralExpression(objectLiteral)) return undefined;
  const contextual = walk.checker.getContextualType(objectLiteral);
  const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
  if (!contextual || name === undefined) return undefined;
  const slots = unionParts(contextual)
    .map((part) => walk.checker.getPropertyOfType(part, name))
    .filter((symbol): symbol is ts.Symbol => symbol !== undefined)
    .map((symbol) => walk.checker.getTypeOfSymbolAtLocation(symbol, property));
  if (slots.length === 0) return undefined;
  return combineExpectations(slots.map((slot) => slotExpectation(walk.checker, slot))) === 'void' ? slots[0] : undefined;
}

function checkObjectMethod(walk: Walk, method: ts.MethodDeclaration): void {
  if (method.asteriskToken || !methodReturnsPromise(walk, method)) return;
  const slot = objectPropertySlot(walk, method);
  if (!slot || slotExpectation(walk.checker, slot) !== 'void' || functionCannotReject(method)) return;
  reportRange(walk, method.name.getStart(walk.sourceFile), method.name.end, 'voidReturnProperty', { name: method.name.getText(walk.sourceFile) });
}

function methodReturnsPromise(walk: Walk, method: ts.MethodDeclaration | ts.PropertyDeclaration): boolean {
  if (ts.isPropertyDeclaration(method)) {
    return method.initializer !== undefined && isFunctionLiteral(skipWrappers(method.initializer)) && returnsPromise(walk.program, walk.checker, method.initializer);
  }
  if (ts.getCombinedModifierFlags(method) & ts.ModifierFlags.Async) return true;
  const signature = walk.checker.getSignatureFromDeclaration(method);
  return signature !== undefined && isPromiseLikeType(walk.program, walk.checker, walk.checker.getReturnTypeOfSignature(signature), method);
}

function checkInheritedMethods(walk: Walk, declaration: ts.ClassLikeDeclaration): void {
  const heritage = declaration.heritageClauses?.flatMap((clause) => [...clause.types]) ?? [];
  if (heritage.length === 0) return;
  const { checker, sourceFile } = walk;
  for (const member of declaration.members) {
    if (!(ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) || !member.name) continue;
    if (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) continue;
    if (ts.isMethodDeclaration(member) && (member.asteriskToken || !member.body)) continue;
    const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
    if (name === undefined || !methodReturnsPromise(walk, member)) continue;
    for (const base of heritage) {
      const property = checker.getPropertyOfType(checker.getTypeAtLocation(base), name);
      if (!property || slotExpectation(checker, checker.getTypeOfSymbolAtLocation(property, member)) !== 'void') continue;
      const fn = ts.isMethodDeclaration(member) ? member : (skipWrappers(member.initializer!) as ts.ArrowFunction | ts.FunctionExpression);
      if (functionCannotReject(fn)) break;
      reportRange(walk, member.name.getStart(sourceFile), member.name.end, 'voidReturnInheritedMethod', { name, base: base.expression.getText(sourceFile) });
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions, predicates, spreads

function checkTest(walk: Walk, test: ts.Expression): void {
  const expression = skipParens(test);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
      walk.examinedTests.add(expression);
      checkTest(walk, expression.left);
      checkTest(walk, expression.right);
    }
    return;
  }
  if (!isTestCandidate(expression)) return;
  // `is.array(x)`, `map.has(k)`: type guards and predicates, known without resolving the call.
  if (ts.isCallExpression(expression) && callReturnsNoThenableByDeclaration(walk.checker, expression)) return;
  const type = walk.checker.getTypeAtLocation(expression);
  // `Promise<T> | undefined` is a legitimate "has it started?" test: only an always-promise is a mistake.
  if (!isAlwaysPromise(walk.program, walk.checker, type, expression)) return;
  if (!walk.strictNullChecks && mayBeNullishByDeclaration(walk.checker, expression)) return;
  if (!walk.strictPropertyInitialization && isUninitializedField(walk.checker, expression)) return;
  const suggestions: FixProposal[] = [];
  if (isAwaitLegalAt(expression, walk.sourceFile, walk.program.getCompilerOptions()) && !awaitedIsVoid(walk.checker, type)) {
    const start = expression.getStart(walk.sourceFile);
    suggestions.push({ messageId: 'awaitCondition', edits: [{ start, end: start, newText: 'await ' }] });
  }
  report(walk, expression, 'conditional', {}, suggestions);
}

/** Names, member accesses and calls: the only shapes whose type we ask for in a test. */
function isTestCandidate(expression: ts.Expression): boolean {
  return ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression) || ts.isCallExpression(expression) || ts.isNewExpression(expression);
}

/** `if (await p)` with `p: Promise<void>` does not compile (TS1345): no await suggestion then. */
function awaitedIsVoid(checker: ts.TypeChecker, type: ts.Type): boolean {
  const awaited = checker.getAwaitedType(type);
  return awaited === undefined || unionParts(awaited).every((part) => (part.flags & ts.TypeFlags.Void) !== 0);
}

function checkPredicate(walk: Walk, call: ts.CallExpression): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ARRAY_PREDICATES.has(callee.name.text)) return;
  const predicate = call.arguments[0];
  if (!predicate || !isCallbackCandidate(predicate)) return;
  // Cheap syntactic filter first: only async literals, names and member accesses are candidates.
  if (!isArrayLike(walk.checker, walk.checker.getTypeAtLocation(callee.expression))) return;
  if (!returnsPromise(walk.program, walk.checker, predicate)) return;
  report(walk, predicate, 'predicate', { method: callee.name.text });
}

function isArrayLike(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = unionParts(checker.getApparentType(type)).filter((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  return parts.length > 0 && parts.every((part) => checker.isArrayType(part) || checker.isTupleType(part));
}

function checkSpread(walk: Walk, spread: ts.SpreadAssignment): void {
  const expression = skipParens(spread.expression);
  if (!(isTestCandidate(expression) || ts.isConditionalExpression(expression) || ts.isBinaryExpression(expression))) return;
  const { checker, program } = walk;
  const type = checker.getTypeAtLocation(expression);
  const parts = unionParts(type);
  const promises = parts.filter((part) => isPromiseLikeType(program, checker, part, expression, { checkThenables: true }));
  // A promise among falsy alternatives (`cond && load()`, `c ? load() : undefined`) is still a mistake;
  // a promise among real objects (`Promise<X> | X`) may be deliberate, so stay quiet.
  if (promises.length === 0 || !parts.every((part) => promises.includes(part) || isFalsyPrimitive(part))) return;
  const suggestions: FixProposal[] = [];
  if (isAwaitLegalAt(spread, walk.sourceFile, program.getCompilerOptions()) && awaitedIsSpreadable(checker, type)) {
    const start = spread.expression.getStart(walk.sourceFile);
    suggestions.push({
      messageId: 'awaitSpread',
      edits: [
        { start, end: start, newText: '(await ' },
        { start: spread.expression.end, end: spread.expression.end, newText: ')' },
      ],
    });
  }
  report(walk, spread, 'spread', {}, suggestions);
}

function isFalsyPrimitive(type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) return true;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as { intrinsicName?: string }).intrinsicName === 'false';
  if (type.isStringLiteral()) return type.value === '';
  if (type.isNumberLiteral()) return type.value === 0;
  return false;
}

/** `{ ...(await p) }` compiles only if what `p` resolves to is an object (or nothing). */
function awaitedIsSpreadable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const awaited = checker.getAwaitedType(type);
  if (!awaited) return false;
  return unionParts(awaited).every(
    (part) => (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive | ts.TypeFlags.Any | ts.TypeFlags.Intersection)) !== 0 || isFalsyPrimitive(part),
  );
}

// ---------------------------------------------------------------------------------------------
// Reporting

function report(walk: Walk, node: ts.Node, messageId: NoMisusedAsyncCallbackMessageId, data: Record<string, string>, suggestions?: readonly FixProposal[]): void {
  const [start, end] = reportRangeOf(walk.sourceFile, node);
  reportRange(walk, start, end, messageId, data, suggestions);
}

function reportRange(walk: Walk, start: number, end: number, messageId: NoMisusedAsyncCallbackMessageId, data: Record<string, string>, suggestions?: readonly FixProposal[]): void {
  walk.findings.push({
    ruleName: RULE_NAME,
    start,
    end,
    messageId,
    data,
    ...(suggestions && suggestions.length > 0 ? { suggestions } : {}),
  });
}

/** A function literal is reported at its head (`async (x) =>`, `async function (x)`), anything else whole. */
function reportRangeOf(sourceFile: ts.SourceFile, node: ts.Node): [number, number] {
  const start = node.getStart(sourceFile);
  const inner = ts.isExpression(node) ? skipWrappers(node) : node;
  if (ts.isArrowFunction(inner)) return [start, inner.equalsGreaterThanToken.end];
  if (ts.isFunctionExpression(inner)) {
    const headEnd = inner.type ? inner.type.end : sourceFile.text.indexOf(')', inner.parameters.end) + 1;
    return [start, headEnd > start ? headEnd : inner.end];
  }
  return [start, node.end];
}

function calleeText(sourceFile: ts.SourceFile, call: ts.CallExpression | ts.NewExpression): string {
  const text = call.expression.getText(sourceFile).replace(/\s+/g, ' ');
  const short = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return ts.isNewExpression(call) ? `new ${short}` : short;
}
