/**
 * What an awaited expression is: a call (or `new`) that starts work, which function it calls, through
 * which receiver, and what its name says it does (read / mutation / sequencing, see call-verbs.ts).
 */
import ts = require('typescript');
import { classifyCallName, looksClientName, looksSerialReceiver, type VerbClass, type VerbLists } from '../call-verbs.js';

export interface AwaitedCall {
  readonly await: ts.AwaitExpression;
  readonly call: ts.CallExpression | ts.NewExpression;
  /** The callee's own name (`getUser` in `this.db.getUser()`), or '' when it has none. */
  readonly name: string;
  /** Short text naming the call in messages, e.g. `this.db.getUser()`. */
  readonly label: string;
  readonly verb: VerbClass;
  /**
   * What the call goes through: `this.db` for `this.db.getUser()`, the module specifier for an imported
   * function (`node:fs/promises`), the function's own symbol key otherwise. Two calls with the same (or
   * nested) key share state.
   */
  readonly receiverKey: string;
  /** The receiver (or its type) looks like one connection, session, lock or queue. */
  readonly serialReceiver: boolean;
  /**
   * The call only finishes work that already started, like reading the body of a response in hand
   * (`res.json()`): as cheap to await in turn as an existing promise.
   */
  readonly finishesExisting: boolean;
}

const BODY_READERS = new Set(['json', 'text', 'blob', 'arraybuffer', 'formdata', 'bytes', 'buffer']);

export function unwrapParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The awaited call, when `node` is `await <call>` with nothing else awaited inside the call. */
export function describeAwaitedCall(node: ts.AwaitExpression, checker: ts.TypeChecker, verbs: VerbLists): AwaitedCall | undefined {
  const operand = unwrapParentheses(node.expression);
  if (!ts.isCallExpression(operand) && !ts.isNewExpression(operand)) return undefined;
  if (containsAwaitOrYield(operand)) return undefined;
  if (ts.isCallExpression(operand) && operand.expression.kind === ts.SyntaxKind.ImportKeyword) return undefined;
  if (!isThenableType(checker, checker.getTypeAtLocation(operand))) return undefined;

  const callee = unwrapParentheses(operand.expression);
  const name = calleeName(callee);
  let verb: VerbClass = ts.isNewExpression(operand) ? 'sequential' : classifyCallName(name, verbs);
  if (verb === 'read' && /^query$/i.test(name.replace(/^\$/, '')) && !isSelectQuery(operand)) verb = 'unknown';
  // `got.post(…).text()`, `client.get(url).json()`: the work is started by the calls on the way.
  if (verb === 'read') verb = chainVerb(callee, verbs);
  const receiver = receiverOf(callee);
  const receiverKey = receiver ? accessKey(receiver, checker) : calleeKey(callee, checker);
  // A single connection reached as the receiver or handed over as an argument (`getVersion(client)`).
  const serialReceiver = (receiver !== undefined && isSerialReceiver(receiver, checker)) ||
    (operand.arguments ?? []).some((argument) => isSerialArgument(argument, checker));
  if (receiver && verb !== 'sequential' && looksLockLike(receiver)) verb = 'sequential';
  const finishesExisting = receiver !== undefined && BODY_READERS.has(name.toLowerCase()) && !chainHasCall(receiver);
  return { await: node, call: operand, name, label: labelOf(operand), verb, receiverKey, serialReceiver, finishesExisting };
}

const RANK: Record<VerbClass, number> = { read: 0, unknown: 1, mutation: 2, sequential: 3 };
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** The least safe verb of the calls in a callee's receiver chain (read when there are none). */
function chainVerb(callee: ts.Expression, verbs: VerbLists): VerbClass {
  let worst: VerbClass = 'read';
  let current: ts.Expression | undefined = receiverOf(callee);
  while (current) {
    if (ts.isCallExpression(current)) {
      const name = calleeName(unwrapParentheses(current.expression));
      if (!PROMISE_METHODS.has(name)) {
        const verb = classifyCallName(name, verbs);
        if (RANK[verb] > RANK[worst]) worst = verb;
      }
      current = unwrapParentheses(current.expression);
    } else if (ts.isNewExpression(current)) {
      return 'unknown';
    } else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isNonNullExpression(current)) {
      current = unwrapParentheses(current.expression);
    } else {
      current = undefined;
    }
  }
  return worst;
}

/** `getVersion(client)`, `User.findByPk(id, { transaction })`: the work runs on one connection. */
function isSerialArgument(argument: ts.Expression, checker: ts.TypeChecker): boolean {
  const node = unwrapParentheses(argument);
  if (isObjectReference(node, checker)) return isSerialReceiver(node, checker);
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some((property) => {
    if (ts.isShorthandPropertyAssignment(property)) return looksSerialReceiver(property.name.text) || isSerialReceiver(property.name, checker);
    if (!ts.isPropertyAssignment(property)) return false;
    const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : '';
    if (name && looksSerialReceiver(name)) return true;
    return isObjectReference(unwrapParentheses(property.initializer), checker) && isSerialReceiver(unwrapParentheses(property.initializer), checker);
  });
}

function chainHasCall(expression: ts.Expression): boolean {
  let current: ts.Expression = unwrapParentheses(expression);
  for (;;) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) return true;
    if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current) && !ts.isNonNullExpression(current)) return false;
    current = unwrapParentheses(current.expression);
  }
}

function isObjectReference(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const inner = unwrapParentheses(node);
  if (!ts.isIdentifier(inner) && !(ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword)) return false;
  return (checker.getTypeAtLocation(inner).flags & ts.TypeFlags.Object) !== 0;
}

function looksLockLike(receiver: ts.Expression): boolean {
  const text = receiver.getText();
  return /(mutex|semaphore|lock|limiter|throttle|bottleneck)/i.test(text);
}

function isSelectQuery(call: ts.CallExpression | ts.NewExpression): boolean {
  const first = call.arguments?.[0];
  if (!first) return false;
  const text = ts.isStringLiteralLike(first) ? first.text : ts.isTemplateExpression(first) ? first.head.text : undefined;
  return text !== undefined && /^\s*(select|with|show|describe|explain)\b/i.test(text);
}

export function calleeName(callee: ts.Expression): string {
  if (ts.isIdentifier(callee) || ts.isPrivateIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  if (ts.isNonNullExpression(callee)) return calleeName(callee.expression);
  return '';
}

function receiverOf(callee: ts.Expression): ts.Expression | undefined {
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return unwrapParentheses(callee.expression);
  if (ts.isNonNullExpression(callee)) return receiverOf(callee.expression);
  return undefined;
}

/** `this.db.users` → `this.db.users`; roots resolved by symbol so that shadowed names differ. */
export function accessKey(node: ts.Expression, checker: ts.TypeChecker): string {
  const inner = unwrapParentheses(node);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (inner.kind === ts.SyntaxKind.SuperKeyword) return 'this';
  if (ts.isIdentifier(inner)) return symbolKey(checker, inner);
  if (ts.isPropertyAccessExpression(inner)) return `${accessKey(inner.expression, checker)}.${inner.name.text}`;
  if (ts.isNonNullExpression(inner)) return accessKey(inner.expression, checker);
  if (ts.isElementAccessExpression(inner)) {
    const argument = inner.argumentExpression;
    const part = ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument) ? argument.text : '*';
    return `${accessKey(inner.expression, checker)}.${part}`;
  }
  if (ts.isCallExpression(inner)) return `${accessKey(inner.expression, checker)}()`;
  return `expr@${inner.pos}`;
}

/** A plain function call: imported functions share their module's key; others their own symbol. */
function calleeKey(callee: ts.Expression, checker: ts.TypeChecker): string {
  if (ts.isIdentifier(callee)) {
    const symbol = checker.getSymbolAtLocation(callee);
    const declaration = symbol?.declarations?.[0];
    if (declaration) {
      const importDeclaration = findImportDeclaration(declaration);
      if (importDeclaration && ts.isStringLiteral(importDeclaration.moduleSpecifier)) return `module:${importDeclaration.moduleSpecifier.text.replace(/^node:/, '')}`;
    }
    return symbolKey(checker, callee);
  }
  return accessKey(callee, checker);
}

function findImportDeclaration(node: ts.Node): ts.ImportDeclaration | undefined {
  let current: ts.Node | undefined = node;
  for (let depth = 0; current && depth < 5; depth++, current = current.parent) {
    if (ts.isImportDeclaration(current)) return current;
  }
  return undefined;
}

const symbolIds = new WeakMap<ts.Symbol, number>();
let nextSymbolId = 1;

export function symbolId(symbol: ts.Symbol): number {
  let id = symbolIds.get(symbol);
  if (id === undefined) {
    id = nextSymbolId++;
    symbolIds.set(symbol, id);
  }
  return id;
}

function symbolKey(checker: ts.TypeChecker, identifier: ts.Identifier): string {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (!symbol) return `name:${identifier.text}`;
  const declaration = symbol.declarations?.[0];
  if (declaration) {
    const importDeclaration = findImportDeclaration(declaration);
    if (importDeclaration && ts.isStringLiteral(importDeclaration.moduleSpecifier)) return `module:${importDeclaration.moduleSpecifier.text.replace(/^node:/, '')}`;
  }
  return `sym:${symbolId(symbol)}`;
}

function isSerialReceiver(receiver: ts.Expression, checker: ts.TypeChecker): boolean {
  const last = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isIdentifier(receiver) ? receiver.text : '';
  if (last && looksSerialReceiver(last)) return true;
  const type = checker.getTypeAtLocation(receiver);
  const typeName = (type.aliasSymbol ?? type.getSymbol())?.getName() ?? '';
  if (typeName && typeName !== '__type' && typeName !== '__object' && looksSerialReceiver(typeName)) return true;
  // A "client" is one database connection when it runs queries (pg's Client/PoolClient); an HTTP
  // or Redis client multiplexes.
  if ((looksClientName(last) || looksClientName(typeName)) && type.getProperty('query') !== undefined) return true;
  if (type.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(type as ts.InterfaceType)) {
      const baseName = base.getSymbol()?.getName() ?? '';
      if (baseName && looksSerialReceiver(baseName)) return true;
    }
  }
  return false;
}

function labelOf(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression.getText().replace(/\s+/g, '');
  const short = callee.length > 40 ? `…${callee.slice(-39)}` : callee;
  return `${ts.isNewExpression(call) ? 'new ' : ''}${short}()`;
}

export function containsAwaitOrYield(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(child) || ts.isYieldExpression(child)) {
      found = true;
      return;
    }
    if (ts.isFunctionLike(child)) return;
    if (ts.isForOfStatement(child) && child.awaitModifier) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Promise-like: every non-nullish constituent has a callable `then`. `any`/`unknown` are not. */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  const parts = type.isUnion() ? type.types : [type];
  let thenable = false;
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
    const then = part.getProperty('then');
    if (!then) continue;
    const thenType = checker.getTypeOfSymbol(then);
    if (thenType.getCallSignatures().length > 0) thenable = true;
  }
  return thenable;
}
