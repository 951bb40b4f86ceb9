/**
 * The interprocedural pass: does calling this synchronous project function block? A function's
 * summary is the shortest chain from it to a blocking call (catalog API, configured API, busy-wait
 * loop), through the calls it makes while it runs (its body and the callbacks it runs at once).
 *
 * Summaries are memoized per program (a WeakMap keyed by the program, so a new program drops them)
 * and per set of options, so each function is summarized a bounded number of times however often
 * it is called: the pass is linear in project size. A function met again while it is being
 * summarized (recursion) counts as not blocking on that path, which keeps the pass cycle-safe; a
 * summary found under a smaller depth budget is recomputed, at most `maxDepth` times. Blocking
 * calls that run only on a cache miss (memoized lazy initialization) do not make a helper blocking.
 */
import * as ts from 'typescript';
import { isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from '../await-context.js';
import { isImmediatelyInvoked } from '../async-context.js';
import { cachedPerProgram } from '../per-program-cache.js';
import { busyWaitOf, isLoop } from './busy-wait.js';
import type { BlockingDetector } from './detect.js';
import { calleeNameNode } from './resolve.js';

export interface BlockingChain {
  /** Project functions from the called one to the one making the blocking call. */
  readonly functions: readonly string[];
  /** The blocking call at the end: `fs.readFileSync`, `busy-wait loop`. */
  readonly leaf: string;
}

type Summary = { readonly budget: number; readonly chain: BlockingChain | null } | 'pending';

const summariesByProgram = new WeakMap<ts.Program, Map<string, Map<ts.Node, Summary>>>();

export const BUSY_WAIT_LEAF = 'busy-wait loop';

export class Interprocedural {
  private readonly summaries: Map<ts.Node, Summary>;

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly detector: BlockingDetector,
    /** Options that change what blocks (allow, additionalBlocking), as a cache key. */
    optionsKey: string,
    /** Names that may reach a blocking call (name-index.ts): other calls get no type query. */
    private readonly mayBlock: { has(name: string): boolean },
  ) {
    this.summaries = cachedPerProgram(summariesByProgram, program, optionsKey, () => new Map<ts.Node, Summary>());
  }

  /** Cheap, by name only: could this call or `new` run a project function that blocks? */
  mayReachBlocking(node: ts.CallExpression | ts.NewExpression): boolean {
    const nameNode = ts.isNewExpression(node) ? unwrap(node.expression) : calleeNameNode(node.expression);
    if (nameNode === undefined) return false;
    // Resolving `qb.select().where().getMany()` means inferring the whole chain: project helpers are
    // called on names (`helper()`, `this.helper()`, `Utils.helper()`), so only those are followed.
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && !isNameChain(callee.expression)) return false;
    if (ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) || ts.isStringLiteral(nameNode)) return this.mayBlock.has(nameNode.text);
    return ts.isPropertyAccessExpression(nameNode) && this.mayBlock.has(nameNode.name.text);
  }

  /** The synchronous project function (with a body) a call or `new` runs, if any. */
  projectFunctionOf(node: ts.CallExpression | ts.NewExpression): FunctionWithBody | undefined {
    const nameNode = ts.isNewExpression(node) ? unwrap(node.expression) : calleeNameNode(node.expression);
    if (nameNode === undefined || !(ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) || ts.isPropertyAccessExpression(nameNode))) return undefined;
    const name = ts.isPropertyAccessExpression(nameNode) ? nameNode.name.text : nameNode.text;
    if (!this.mayBlock.has(name)) return undefined;
    let symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(nameNode) ? nameNode.name : nameNode);
    if (symbol === undefined) return undefined;
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = this.checker.getAliasedSymbol(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const fn = ts.isNewExpression(node) ? constructorOf(declaration) : functionOf(declaration);
      if (fn !== undefined && this.isProjectSyncFunction(fn)) return fn;
    }
    return undefined;
  }

  private isProjectSyncFunction(fn: FunctionWithBody): boolean {
    if (fn.body === undefined || isAsyncFunction(fn) || fn.asteriskToken !== undefined) return false;
    const sourceFile = fn.getSourceFile();
    if (sourceFile.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(sourceFile)) return false;
    if (/[\\/]node_modules[\\/]/u.test(sourceFile.fileName)) return false;
    return !this.detector.isAllowed({ names: [functionName(fn)], lib: false, fileName: sourceFile.fileName, inProject: true });
  }

  /** The shortest chain of at most `budget` project functions from `fn` to a blocking call. */
  chainFrom(fn: FunctionWithBody, budget: number): BlockingChain | null {
    if (budget < 1) return null;
    const known = this.summaries.get(fn);
    if (known === 'pending') return null;
    if (known !== undefined) {
      if (known.chain !== null) return known.chain.functions.length <= budget ? known.chain : null;
      if (known.budget >= budget) return null;
    }
    this.summaries.set(fn, 'pending');
    const chain = this.summarize(fn, budget);
    this.summaries.set(fn, { budget, chain });
    return chain;
  }

  private summarize(fn: FunctionWithBody, budget: number): BlockingChain | null {
    const name = functionName(fn);
    let best: BlockingChain | null = null;
    const visit = (node: ts.Node): boolean => {
      if (isFunctionWithBody(node) && (isAsyncFunction(node) || node.asteriskToken !== undefined || !isImmediatelyInvoked(node, this.checker))) return false;
      if (ts.isClassLike(node)) return false;
      if (ts.isCallExpression(node) && this.detector.mayBeBlockingCall(node)) {
        const blocking = this.detector.blockingCall(node);
        if (blocking !== undefined && !runsOnlyOnCacheMiss(node, fn)) {
          best = { functions: [name], leaf: blocking.display };
          return true;
        }
      }
      if (isLoop(node) && busyWaitOf(node, this.checker) !== undefined && !runsOnlyOnCacheMiss(node, fn)) {
        best = { functions: [name], leaf: BUSY_WAIT_LEAF };
        return true;
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && budget > 1 && this.mayReachBlocking(node)) {
        const callee = this.projectFunctionOf(node);
        const current: BlockingChain | null = best;
        if (callee !== undefined && callee !== fn && (current === null || current.functions.length > 2)) {
          const sub = this.chainFrom(callee, budget - 1);
          if (sub !== null && (current === null || sub.functions.length + 1 < current.functions.length)) {
            best = { functions: [name, ...sub.functions], leaf: sub.leaf };
          }
        }
      }
      return ts.forEachChild(node, visit) ?? false;
    };
    if (fn.body !== undefined) visit(fn.body);
    return best;
  }
}

/**
 * Memoized lazy initialization blocks once, on the first call, like start-up code: `x ??= read()`,
 * `if (x === undefined) { x = read(); … }`, `if (!cache.has(k)) { cache.set(k, read()); }`. A helper
 * whose blocking call sits in such a cache-miss branch is not reported through its callers (the
 * call itself, written in async code, still is).
 */
function runsOnlyOnCacheMiss(node: ts.Node, fn: FunctionWithBody): boolean {
  for (let current = node; current !== fn && current.parent !== undefined; current = current.parent) {
    const parent = current.parent;
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === current && isCacheMissBranch(parent.expression, current)) return true;
  }
  return false;
}

function isCacheMissBranch(condition: ts.Expression, branch: ts.Node): boolean {
  const test = unwrap(condition);
  let cache: ts.Expression | undefined;
  let viaMap = false;
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrap(test.operand);
    if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === 'has') {
      cache = operand.expression.expression;
      viaMap = true;
    } else {
      cache = operand;
    }
  } else if (ts.isBinaryExpression(test) && isEqualityOperator(test.operatorToken.kind)) {
    if (isNullish(test.right)) cache = unwrap(test.left);
    else if (isNullish(test.left)) cache = unwrap(test.right);
    if (cache !== undefined && ts.isTypeOfExpression(cache)) cache = unwrap(cache.expression);
  }
  if (cache === undefined || !(ts.isIdentifier(cache) || ts.isPropertyAccessExpression(cache))) return false;
  const cacheText = cache.getText();
  const storesIntoCache = (node: ts.Node): boolean => {
    if (viaMap && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'set' && node.expression.expression.getText() === cacheText) return true;
    if (!viaMap && ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.left.getText() === cacheText) return true;
    return ts.forEachChild(node, storesIntoCache) ?? false;
  };
  return storesIntoCache(branch);
}

function isEqualityOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
}

function isNullish(expression: ts.Expression): boolean {
  const e = unwrap(expression);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || (ts.isStringLiteral(e) && e.text === 'undefined');
}

/** `a`, `this`, `a.b.c`, `this.a.b`: a receiver whose type the checker knows without inference. */
function isNameChain(expression: ts.Expression): boolean {
  const e = unwrap(expression);
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword || e.kind === ts.SyntaxKind.SuperKeyword) return true;
  return (ts.isPropertyAccessExpression(e) || ts.isNonNullExpression(e)) && isNameChain(e.expression);
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function functionOf(declaration: ts.Declaration): FunctionWithBody | undefined {
  if (isFunctionWithBody(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer !== undefined) {
    const initializer = unwrap(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

function constructorOf(declaration: ts.Declaration): FunctionWithBody | undefined {
  if (!ts.isClassDeclaration(declaration) && !ts.isClassExpression(declaration)) return undefined;
  return declaration.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
}

/** How a chain names a function: its declared name, the variable or property holding it, `new Class`. */
export function functionName(fn: FunctionWithBody): string {
  if (ts.isConstructorDeclaration(fn)) {
    const owner = fn.parent;
    return `new ${owner.name?.text ?? 'class'}`;
  }
  const own = fn.name;
  if (own !== undefined && (ts.isIdentifier(own) || ts.isPrivateIdentifier(own) || ts.isStringLiteral(own))) return own.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous function)';
}
