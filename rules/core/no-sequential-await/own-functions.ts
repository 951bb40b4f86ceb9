/**
 * What one of the project's own async functions does, read from its body when its name says
 * nothing (`computeScore`, `summary`): it counts as a read when everything it awaits or returns is a
 * read, it calls nothing whose name says it mutates or paces, and it writes no state outside
 * itself. One level deep only: a helper of a helper with an unknown name keeps it unknown.
 */
import ts = require('typescript');
import { classifyCallName, type VerbClass, type VerbLists } from '../call-verbs.js';
import { calleeName, describeAwaitedCall, isThenableType, unwrapParentheses, type AwaitedCall } from './calls.js';
import type { EffectCollector } from './effects.js';
import { cachedPerProgram } from '../per-program-cache.js';

const shared = new WeakMap<ts.TypeChecker, Map<string, OwnFunctionVerbs>>();

/**
 * The verdicts of a program (its checker) for one set of verb lists: each helper's body is judged
 * once, not once per file that calls it (a verdict depends only on the body and the lists).
 */
export function ownFunctionVerbsFor(checker: ts.TypeChecker, verbs: VerbLists, effects: EffectCollector): OwnFunctionVerbs {
  const key = JSON.stringify([[...verbs.read].sort(), [...verbs.mutation].sort(), [...verbs.sequential].sort()]);
  return cachedPerProgram(shared, checker, key, () => new OwnFunctionVerbs(checker, verbs, effects));
}

export class OwnFunctionVerbs {
  private readonly verdicts = new Map<ts.Node, VerbClass>();
  private readonly vetoes = new Map<ts.Node, boolean>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly verbs: VerbLists,
    private readonly effects: EffectCollector,
  ) {}

  /** The call as described, with an unknown verb replaced by what the callee's body shows. */
  describe(node: ts.AwaitExpression): AwaitedCall | undefined {
    const call = describeAwaitedCall(node, this.checker, this.verbs);
    if (!call || (call.verb !== 'unknown' && call.verb !== 'read') || !ts.isCallExpression(call.call)) return call;
    const fn = this.effects.ownFunction(unwrapParentheses(call.call.expression));
    if (!fn?.body) return call;
    // A read by name whose body builds its own promise (a server, a child process…) or changes
    // outside state is not a read.
    if (call.verb === 'read') return this.contradictsRead(fn) ? { ...call, verb: 'unknown' } : call;
    let verdict = this.verdicts.get(fn);
    if (verdict === undefined) {
      this.verdicts.set(fn, 'unknown'); // recursion stays unknown
      verdict = this.judgeBody(fn);
      this.verdicts.set(fn, verdict);
    }
    return verdict === 'read' ? { ...call, verb: 'read' } : call;
  }

  private contradictsRead(fn: ts.FunctionLikeDeclaration): boolean {
    const cached = this.vetoes.get(fn);
    if (cached !== undefined) return cached;
    let contradicts = false;
    let waits = false;
    const visit = (node: ts.Node): void => {
      if (contradicts || (ts.isFunctionLike(node) && node !== fn)) return;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Promise') contradicts = true;
      else {
        if (ts.isAwaitExpression(node) || ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !isSettledPromise(node) &&
          isThenableType(this.checker, this.checker.getTypeAtLocation(node)))) waits = true;
        ts.forEachChild(node, visit);
      }
    };
    visit(fn.body!);
    // An async function that awaits nothing (signing a URL, formatting) has no latency to overlap.
    if (!waits) contradicts = true;
    if (!contradicts) {
      const locals = this.effects.declaredKeys(fn);
      const parameters = new Set(fn.parameters.flatMap((parameter) => {
        const key = ts.isIdentifier(parameter.name) ? this.effects.identifierKey(parameter.name) : undefined;
        return key ? [key] : [];
      }));
      for (const write of this.effects.collect(fn.body!).writes) {
        const [root, ...members] = write.split('.');
        if (!locals.has(root!) || (parameters.has(root!) && members.length > 0)) contradicts = true;
      }
    }
    this.vetoes.set(fn, contradicts);
    return contradicts;
  }

  private judgeBody(fn: ts.FunctionLikeDeclaration): VerbClass {
    let reads = 0;
    let verdict: VerbClass = 'read';
    const locals = this.effects.declaredKeys(fn);
    const onLocal = (call: ts.CallExpression): boolean => {
      const callee = unwrapParentheses(call.expression);
      const path = ts.isPropertyAccessExpression(callee) ? this.effects.pathOf(callee.expression) : undefined;
      return path !== undefined && locals.has(path.split('.')[0]!);
    };
    const visit = (node: ts.Node): void => {
      if (verdict !== 'read' || (ts.isFunctionLike(node) && node !== fn)) return;
      if (ts.isAwaitExpression(node)) {
        const inner = describeAwaitedCall(node, this.checker, this.verbs);
        if (!inner || inner.verb !== 'read' || inner.serialReceiver) {
          verdict = 'unknown';
          return;
        }
        reads++;
      } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const kind = ts.isNewExpression(node) ? 'unknown' : classifyCallName(calleeName(unwrapParentheses(node.expression)), this.verbs);
        if (kind === 'sequential' || (kind === 'mutation' && !(ts.isCallExpression(node) && onLocal(node)))) {
          verdict = 'unknown';
          return;
        }
        // A promise started without await (returned, passed on) must be a read too.
        if (kind !== 'read' && isThenableType(this.checker, this.checker.getTypeAtLocation(node)) && !isAwaited(node)) {
          verdict = 'unknown';
          return;
        }
        if (kind === 'read' && !isAwaited(node) && isThenableType(this.checker, this.checker.getTypeAtLocation(node))) reads++;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body!);
    if (verdict !== 'read' || reads === 0) return 'unknown';
    const bodyEffects = this.effects.collect(fn.body!);
    for (const write of bodyEffects.writes) {
      if (!locals.has(write.split('.')[0]!)) return 'unknown';
    }
    return 'read';
  }
}

/** `Promise.resolve(x)` / `Promise.reject(e)`: already settled, no work behind it. */
function isSettledPromise(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapParentheses(node.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' &&
    (callee.name.text === 'resolve' || callee.name.text === 'reject');
}

function isAwaited(node: ts.Node): boolean {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isAwaitExpression(parent);
}
