/**
 * Loops whose iterations are independent and only collect results: `for…of` over a finite collection
 * or a counted `for`, whose awaited calls only read, whose body does not steer the loop (no
 * break/return/throw, no `continue` after an await, no try/catch), and which writes nothing outside
 * itself except collecting: `out.push(v)`, `out[k] = v`, `acc += v`, `set.add(v)`, `map.set(k, v)`,
 * or members of the current element (`item.x = v`). `while`/`do` loops are never reported: they are
 * waiting, polling and cursor loops.
 */
import ts = require('typescript');
import { unwrapParentheses, type AwaitedCall } from './calls.js';
import { isAssignmentOperator, type EffectCollector } from './effects.js';
import type { OwnFunctionVerbs } from './own-functions.js';

export type CountedLoop = { readonly index: ts.Identifier; readonly count: ts.Expression | undefined };

export interface LoopAnalysis {
  readonly loop: ts.ForOfStatement | ts.ForStatement;
  /** The first awaited call (where the finding is reported). */
  readonly first: AwaitedCall;
  readonly awaits: readonly AwaitedCall[];
  /** Collection targets written by the body, by symbol key. */
  readonly collections: readonly CollectionOp[];
  readonly counted?: CountedLoop;
  /** A `continue` guards the body before its first await. */
  readonly hasContinue: boolean;
}

export interface CollectionOp {
  readonly kind: 'push' | 'index' | 'reduce' | 'add' | 'set' | 'element';
  readonly node: ts.Node;
  readonly targetKey: string;
}

export function analyzeLoop(loop: ts.ForOfStatement | ts.ForStatement, checker: ts.TypeChecker, own: OwnFunctionVerbs, effects: EffectCollector): LoopAnalysis | undefined {
  const loopVariables = new Set<string>();
  let counted: CountedLoop | undefined;
  let header: ts.Node[];
  if (ts.isForOfStatement(loop)) {
    if (loop.awaitModifier) return undefined;
    const list = loop.initializer;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.BlockScoped) || list.declarations.length !== 1) return undefined;
    if (!isFiniteCollection(loop.expression, checker)) return undefined;
    effects.addBindingNames(list.declarations[0]!.name, { reads: new Set(), writes: loopVariables });
    header = [loop.expression];
  } else {
    counted = countedLoopOf(loop);
    if (!counted) return undefined;
    const key = effects.identifierKey(counted.index);
    if (key) loopVariables.add(key);
    header = [loop.condition!, loop.incrementor!];
  }
  if (header.some((node) => ts.isAwaitExpression(node) || containsAwait(node))) return undefined;

  // Every await of the body, in order; awaits in nested loops belong to those loops.
  const awaitNodes: ts.AwaitExpression[] = [];
  let blocked = false;
  let hasContinue = false;
  const collections: CollectionOp[] = [];
  const innerDeclarations = new Set<string>(loopVariables);
  const visit = (node: ts.Node, inNestedLoop: boolean, inSwitch: boolean): void => {
    if (blocked) return;
    if (ts.isFunctionLike(node)) {
      collectDeclarations(node, effects, innerDeclarations);
      return;
    }
    if (ts.isAwaitExpression(node)) {
      if (inNestedLoop) blocked = true;
      else awaitNodes.push(node);
    } else if (ts.isYieldExpression(node) || ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isLabeledStatement(node)) {
      blocked = true;
    } else if (ts.isTryStatement(node)) {
      if (containsAwait(node)) blocked = true;
    } else if (ts.isBreakStatement(node)) {
      if (node.label || (!inNestedLoop && !inSwitch)) blocked = true;
    } else if (ts.isContinueStatement(node)) {
      if (node.label) blocked = true;
      else if (!inNestedLoop) {
        if (awaitNodes.length > 0) blocked = true;
        hasContinue = true;
      }
    } else if (ts.isVariableDeclaration(node)) {
      effects.addBindingNames(node.name, { reads: new Set(), writes: innerDeclarations });
    } else if (ts.isForOfStatement(node) && node.awaitModifier) {
      blocked = true;
    }
    const collection = collectionOpOf(node, checker, effects);
    if (collection) collections.push(collection);
    const nested = inNestedLoop || ts.isIterationStatement(node, false);
    ts.forEachChild(node, (child) => visit(child, nested, inSwitch || ts.isSwitchStatement(node)));
  };
  visit(loop.statement, false, false);
  if (blocked || awaitNodes.length === 0) return undefined;

  const awaits: AwaitedCall[] = [];
  for (const node of awaitNodes) {
    const call = own.describe(node);
    if (!call || call.verb !== 'read' || call.serialReceiver || call.finishesExisting) return undefined;
    // An awaited call whose value is thrown away is run for its effect.
    let parent = node.parent;
    while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
    if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return undefined;
    awaits.push(call);
  }

  // Results must be collected, and nothing else outside the body may change.
  const usable = collections.filter((op) => op.kind === 'element' ? loopVariables.has(op.targetKey) : !innerDeclarations.has(op.targetKey));
  if (usable.length === 0) return undefined;
  // `out[k] = v` and `map.set(k, v)` must use a key that changes with the iteration, or the last one wins.
  const perIteration = (key: ts.Expression | undefined): boolean => {
    if (!key) return false;
    const reads = effects.collect(key).reads;
    return [...reads].some((read) => innerDeclarations.has(read.split('.')[0]!));
  };
  for (const op of usable) {
    if (op.kind === 'index' && !perIteration(((op.node as ts.BinaryExpression).left as ts.ElementAccessExpression).argumentExpression)) return undefined;
    if (op.kind === 'set' && !perIteration((op.node as ts.CallExpression).arguments[0])) return undefined;
  }
  const bodyEffects = effects.collect(loop.statement);
  const allowedTargets = new Set(usable.map((op) => op.targetKey));
  for (const write of bodyEffects.writes) {
    const root = write.split('.')[0]!;
    if (write === '*' || root === 'this') return undefined;
    if (loopVariables.has(root)) {
      if (write === root && counted) return undefined; // reassigning the counter
      continue;
    }
    if (innerDeclarations.has(root)) continue;
    if (!allowedTargets.has(root) || (write !== root && write !== `${root}.*`)) return undefined;
  }
  // A collection read elsewhere (its length, its last element) makes iterations see each other.
  for (const target of allowedTargets) {
    if (loopVariables.has(target)) continue;
    if (countReferences(loop, target, effects) !== usable.filter((op) => op.targetKey === target).length) return undefined;
  }
  return { loop, first: awaits[0]!, awaits, collections: usable, counted, hasContinue };
}

/** `out.push(v)`, `out[k] = v`, `acc += v`, `set.add(v)`, `map.set(k, v)`, `item.x = v`. */
function collectionOpOf(node: ts.Node, checker: ts.TypeChecker, effects: EffectCollector): CollectionOp | undefined {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
    const method = node.expression.name.text;
    const receiver = node.expression.expression;
    const key = effects.identifierKey(receiver);
    if (!key) return undefined;
    if (method === 'push' && checker.isArrayType(checker.getTypeAtLocation(receiver))) return { kind: 'push', node, targetKey: key };
    const typeName = checker.getTypeAtLocation(receiver).getSymbol()?.getName();
    if (method === 'add' && (typeName === 'Set' || typeName === 'WeakSet')) return { kind: 'add', node, targetKey: key };
    if (method === 'set' && (typeName === 'Map' || typeName === 'WeakMap')) return { kind: 'set', node, targetKey: key };
    return undefined;
  }
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
    const left = unwrapParentheses(node.left);
    const operator = node.operatorToken.kind;
    if (ts.isIdentifier(left) && (operator === ts.SyntaxKind.PlusEqualsToken || operator === ts.SyntaxKind.AsteriskEqualsToken ||
      operator === ts.SyntaxKind.MinusEqualsToken)) {
      const key = effects.identifierKey(left);
      return key ? { kind: 'reduce', node, targetKey: key } : undefined;
    }
    if (operator !== ts.SyntaxKind.EqualsToken) return undefined;
    if (ts.isElementAccessExpression(left) && ts.isIdentifier(left.expression) && !isConstantKey(left.argumentExpression)) {
      const key = effects.identifierKey(left.expression);
      return key ? { kind: 'index', node, targetKey: key } : undefined;
    }
    if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression)) {
      const key = effects.pathOf(left);
      const root = effects.identifierKey(left.expression);
      return key && root ? { kind: 'element', node, targetKey: root } : undefined;
    }
  }
  return undefined;
}

function isConstantKey(node: ts.Expression): boolean {
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node);
}

/** References to a symbol key inside the loop (header included). */
function countReferences(loop: ts.Node, key: string, effects: EffectCollector): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && effects.identifierKey(node) === key) count++;
    ts.forEachChild(node, visit);
  };
  visit(loop);
  return count;
}

function collectDeclarations(node: ts.Node, effects: EffectCollector, into: Set<string>): void {
  const visit = (child: ts.Node): void => {
    if (ts.isVariableDeclaration(child) || ts.isParameter(child) || ts.isBindingElement(child)) {
      if (!ts.isBindingElement(child)) effects.addBindingNames(child.name, { reads: new Set(), writes: into });
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
}

function containsAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isAwaitExpression(child) || (ts.isForOfStatement(child) && child.awaitModifier)) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** `for (let i = A; i < N; i++)` (also `<=`, `++i`, `i += 1`). */
function countedLoopOf(loop: ts.ForStatement): CountedLoop | undefined {
  const list = loop.initializer;
  if (!list || !ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Let) || list.declarations.length !== 1) return undefined;
  const declaration = list.declarations[0]!;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const index = declaration.name;
  const condition = loop.condition && unwrapParentheses(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  const operator = condition.operatorToken.kind;
  const isIndex = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === index.text;
  let count: ts.Expression | undefined;
  if (isIndex(condition.left) && (operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken)) count = condition.right;
  else if (isIndex(condition.right) && (operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken)) count = condition.left;
  else return undefined;
  const update = loop.incrementor && unwrapParentheses(loop.incrementor);
  const increments = update !== undefined && (
    ((ts.isPostfixUnaryExpression(update) || ts.isPrefixUnaryExpression(update)) && update.operator === ts.SyntaxKind.PlusPlusToken && isIndex(update.operand)) ||
    (ts.isBinaryExpression(update) && update.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && isIndex(update.left) &&
      ts.isNumericLiteral(update.right) && update.right.text === '1'));
  if (!increments) return undefined;
  // Only `0 … < N` maps onto Array.from({ length: N }); other bounds are reported without a fix.
  const fromZero = ts.isNumericLiteral(declaration.initializer) && declaration.initializer.text === '0' && operator === ts.SyntaxKind.LessThanToken;
  const simpleCount = ts.isNumericLiteral(count) || (ts.isPropertyAccessExpression(count) && count.name.text === 'length');
  return { index, count: fromZero && simpleCount ? count : undefined };
}

/** Arrays, tuples, Sets, Maps, strings, and their `entries()`/`keys()`/`values()`, `Object.entries(…)`. */
function isFiniteCollection(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const node = unwrapParentheses(expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    const target = node.expression.expression;
    if (ts.isIdentifier(target) && target.text === 'Object' && ['entries', 'keys', 'values'].includes(method)) return true;
    if (['entries', 'keys', 'values'].includes(method) && node.arguments.length === 0) return isFiniteCollectionType(checker.getTypeAtLocation(target), checker);
  }
  return isFiniteCollectionType(checker.getTypeAtLocation(node), checker);
}

function isFiniteCollectionType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
  if (type.flags & ts.TypeFlags.StringLike) return true;
  const name = type.getSymbol()?.getName();
  return name === 'Set' || name === 'ReadonlySet' || name === 'Map' || name === 'ReadonlyMap';
}

export function isArrayLike(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(expression);
  return checker.isArrayType(type) || checker.isTupleType(type);
}
