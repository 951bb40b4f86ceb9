/**
 * Places where awaiting one thing after another is deliberate, whatever the calls look like:
 * cleanup in `finally`/`catch`, callbacks run as one ordered unit (transactions, locks, `multi()`),
 * and functions that take a lock or open a transaction themselves.
 */
import ts = require('typescript');
import { classifyCallName, isTransactionCallName, type VerbLists } from '../call-verbs.js';
import { calleeName, unwrapParentheses } from './calls.js';

export class SequentialIntent {
  private readonly functionVerdicts = new Map<ts.Node, boolean>();

  constructor(private readonly verbs: VerbLists) {}

  /** True when code at `node` is in a place where sequential awaiting is intended. */
  isDeliberatelySequential(node: ts.Node): boolean {
    let current: ts.Node = node;
    while (!ts.isSourceFile(current)) {
      const parent: ts.Node = current.parent;
      if (ts.isTryStatement(parent) && parent.finallyBlock === current) return true;
      if (ts.isCatchClause(parent)) return true;
      if (ts.isFunctionLike(current) && this.functionIsSequential(current)) return true;
      current = parent;
    }
    return false;
  }

  private functionIsSequential(fn: ts.SignatureDeclaration): boolean {
    const cached = this.functionVerdicts.get(fn);
    if (cached !== undefined) return cached;
    const verdict = isOrderedUnitCallback(fn, this.verbs) || takesLockOrTransaction(fn);
    this.functionVerdicts.set(fn, verdict);
    return verdict;
  }
}

/** `db.transaction(async (tx) => …)`, `mutex.runExclusive(() => …)`, `limit(() => …)`. */
function isOrderedUnitCallback(fn: ts.Node, verbs: VerbLists): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression)) return false;
  const callee = unwrapParentheses(call.expression);
  const name = calleeName(callee);
  if (isTransactionCallName(name) || classifyCallName(name, verbs) === 'sequential') return true;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression.getText() : '';
  return /(mutex|semaphore|lock|limiter|queue|throttle|bottleneck|transaction)/i.test(receiver);
}

/** The function acquires a lock or starts a transaction somewhere in its own body. */
function takesLockOrTransaction(fn: ts.SignatureDeclaration): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(unwrapParentheses(node.expression));
      const lower = name.toLowerCase();
      if (lower === 'acquire' || lower === 'lock' || lower.startsWith('acquire') || lower === 'runexclusive' ||
        lower === 'starttransaction' || lower === 'begintransaction' || lower === 'multi' || lower === 'pipeline' ||
        (isTransactionCallName(name) && lower !== 'using') || (lower === 'begin' && node.arguments.length === 0) ||
        startsTransactionStatement(node)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `client.query('BEGIN')`, `db.exec("START TRANSACTION")`, `sql\`begin\``: a transaction opened by hand. */
function startsTransactionStatement(call: ts.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return false;
  const text = ts.isStringLiteralLike(first) ? first.text : ts.isTemplateExpression(first) ? first.head.text : undefined;
  return text !== undefined && /^\s*(begin|start\s+transaction|savepoint|set\s+transaction|lock\s+table)\b/i.test(text);
}
