/**
 * The interprocedural pass: does calling this synchronous project function block? A function's
 * summary is the shortest chain from it to a blocking call (catalog API, configured API, busy-wait
 * loop), through the calls it makes while it runs (its body and the callbacks it runs at once).
 *
 * Summaries are memoized per program (a WeakMap keyed by the program, so a new program drops them)
 * and per set of options, so each function is summarized a bounded number of times however often
 * it is called: the pass is linear in project size. A function met again while it is being
 * summarized (recursion) counts as not blocking on that path, which keeps the pass cycle-safe; a
 * summary found under a smaller depth budget is recomputed, at most `maxDepth` times.
 */
import * as ts from 'typescript';
import { isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from '../await-context.js';
import { isImmediatelyInvoked } from '../async-context.js';
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
  ) {
    let byOptions = summariesByProgram.get(program);
    if (byOptions === undefined) {
      byOptions = new Map();
      summariesByProgram.set(program, byOptions);
    }
    let summaries = byOptions.get(optionsKey);
    if (summaries === undefined) {
      summaries = new Map();
      byOptions.set(optionsKey, summaries);
    }
    this.summaries = summaries;
  }

  /** The synchronous project function (with a body) a call or `new` runs, if any. */
  projectFunctionOf(node: ts.CallExpression | ts.NewExpression): FunctionWithBody | undefined {
    const nameNode = ts.isNewExpression(node) ? unwrap(node.expression) : calleeNameNode(node.expression);
    if (nameNode === undefined || !(ts.isIdentifier(nameNode) || ts.isPrivateIdentifier(nameNode) || ts.isPropertyAccessExpression(nameNode))) return undefined;
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
      if (ts.isCallExpression(node)) {
        const blocking = this.detector.blockingCall(node);
        if (blocking !== undefined) {
          best = { functions: [name], leaf: blocking.display };
          return true;
        }
      }
      if (isLoop(node) && busyWaitOf(node, this.checker) !== undefined) {
        best = { functions: [name], leaf: BUSY_WAIT_LEAF };
        return true;
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && budget > 1) {
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
