/**
 * no-blocking-in-async: a synchronous, event-loop-blocking call in async context (async-context.ts)
 * — a catalog API resolved by symbol (blocking-catalog.ts), a configured API, a busy-wait loop, or
 * a synchronous project function that reaches one of those (interprocedural.ts). Direct findings
 * carry a same-type rewrite as a suggestion where one exists (fixes.ts); interprocedural findings
 * name the chain and the call to change.
 */
import ts = require('typescript');
import { Minimatch } from 'minimatch';
import { isAsyncFunction, isAwaitLegalAt, isFunctionWithBody, type FunctionWithBody } from '../await-context.js';
import { isImmediatelyInvoked } from '../async-context.js';
import type { Analysis, AnalysisReads, Finding, FixProposal } from '../types.js';
import { busyWaitOf, isLoop } from './busy-wait.js';
import { BlockingDetector } from './detect.js';
import { rewriteBlockingCall, rewriteBusyWait, type RewriteContext } from './fixes.js';
import { FileImports } from './imports.js';
import { cpuHeavyFindings } from './cpu-heavy.js';
import { BUSY_WAIT_LEAF, Interprocedural } from './interprocedural.js';
import { nameIndexFor, type NameIndex } from './name-index.js';
import { DEFAULT_IGNORE_FILES, DEFAULT_MAX_DEPTH, specifierShortNames, type NoBlockingInAsyncOptions } from './options.js';
import { BLOCKING_NAMES } from '../blocking-catalog.js';

export type { NoBlockingInAsyncOptions, Specifier } from './options.js';
export { DEFAULT_IGNORE_FILES, DEFAULT_MAX_DEPTH } from './options.js';

export const RULE_NAME = 'no-blocking-in-async';

/** An async function's findings follow blocking calls into the synchronous helpers it calls, transitively. */
export const READS: AnalysisReads = { synchronousCallees: true, fieldWritesAnywhere: false };

/** Compiled globs, shared by every file (compiling per file costs more than matching). */
const compiledGlobs = new Map<string, Minimatch>();

function compiled(pattern: string): Minimatch {
  let glob = compiledGlobs.get(pattern);
  if (glob === undefined) {
    glob = new Minimatch(pattern, { dot: true });
    compiledGlobs.set(pattern, glob);
  }
  return glob;
}

/**
 * Globs match the path relative to the project's directory, so a project that itself lives under a
 * `test/` folder is not skipped whole; a file outside that directory is matched by its full path.
 */
export function isIgnoredFile(fileName: string, patterns: readonly string[], currentDirectory: string): boolean {
  const file = fileName.replace(/\\/gu, '/');
  const root = currentDirectory.replace(/\\/gu, '/').replace(/\/$/u, '');
  const subject = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  return patterns.some((pattern) => compiled(pattern).match(subject));
}

export const analyzeNoBlockingInAsync: Analysis<NoBlockingInAsyncOptions> = ({ sourceFile, program, checker, options, scope }) => {
  const currentDirectory = program?.getCurrentDirectory() ?? process.cwd();
  if (isIgnoredFile(sourceFile.fileName, options.ignoreFiles ?? DEFAULT_IGNORE_FILES, currentDirectory)) return [];
  const allow = options.allow ?? [];
  const additionalBlocking = options.additionalBlocking ?? [];
  const extraNames = [...specifierShortNames(additionalBlocking)].sort();
  // Built on first use: code outside async functions (most of a scoped re-analysis) never asks.
  let index: NameIndex | undefined;
  const names = (program: ts.Program): NameIndex => (index ??= nameIndexFor(program, new Set([...BLOCKING_NAMES, ...extraNames]), extraNames.join(',')));
  const detector = new BlockingDetector(checker, {
    allow,
    additionalBlocking,
    currentDirectory,
    ...(program === undefined ? {} : { mayBeAlias: (name: string) => names(program).aliases.has(name) }),
  });
  const interprocedural =
    (options.interprocedural ?? true) && program !== undefined && checker !== undefined
      ? new Interprocedural(program, checker, detector, JSON.stringify([allow, additionalBlocking]), { has: (name) => names(program).mayBlock.has(name) })
      : undefined;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const compilerOptions = program?.getCompilerOptions();
  const rewrite: RewriteContext = { sourceFile, checker, imports: new FileImports(sourceFile) };
  const findings: Finding[] = [];

  const suggestionsWhereAwaitIsLegal = (node: ts.Node, build: () => FixProposal | undefined): FixProposal[] | undefined => {
    if (!isAwaitLegalAt(node, sourceFile, compilerOptions)) return undefined;
    const proposal = build();
    return proposal === undefined ? undefined : [proposal];
  };

  const report = (node: ts.Node, messageId: string, data: Record<string, string>, suggestions?: FixProposal[]): void => {
    findings.push({
      ruleName: RULE_NAME,
      start: node.getStart(sourceFile),
      end: node.getEnd(),
      messageId,
      data,
      ...(suggestions !== undefined && suggestions.length > 0 ? { suggestions, dependsOnNames: rewrite.imports.consultedNames } : {}),
    });
  };

  const checkCall = (call: ts.CallExpression): boolean => {
    const blocking = detector.blockingCall(call);
    if (blocking === undefined) return false;
    const api = blocking.api;
    if (api === undefined) {
      report(call, 'blockingConfigured', { name: blocking.display });
      return true;
    }
    const suggestions = suggestionsWhereAwaitIsLegal(call, () => rewriteBlockingCall(call, api, blocking, rewrite));
    if (api.rewrite.kind === 'existsViaAccess') report(call, 'existsSync', { name: api.display }, suggestions);
    else report(call, 'blocking', { name: api.display, kind: api.kind, counterpart: api.counterpart }, suggestions);
    return true;
  };

  const checkHelperCall = (node: ts.CallExpression | ts.NewExpression): void => {
    if (interprocedural === undefined) return;
    const fn = interprocedural.projectFunctionOf(node);
    if (fn === undefined) return;
    const chain = interprocedural.chainFrom(fn, maxDepth);
    if (chain === null) return;
    const called = chain.functions[0] as string;
    const owner = chain.functions[chain.functions.length - 1] as string;
    const what = chain.leaf === BUSY_WAIT_LEAF ? chain.leaf : `\`${chain.leaf}\` call`;
    report(node, 'blockingHelper', {
      callee: ts.isNewExpression(node) ? called : `${called}()`,
      chain: [...chain.functions, chain.leaf].join(' → '),
      change: `${what} in ${owner}`,
    });
  };

  /**
   * The async function a node runs in, decided lazily: whether an array-method callback runs
   * immediately needs the receiver's type, asked only when the callback holds a candidate call.
   */
  type Context = () => FunctionWithBody | undefined;
  const none: Context = () => undefined;
  const lazy = (compute: Context): Context => {
    let known: { value: FunctionWithBody | undefined } | undefined;
    return () => (known ??= { value: compute() }).value;
  };

  const visit = (node: ts.Node, context: Context): void => {
    if (scope !== undefined && !scope.visits(node)) return;
    if (context !== none) {
      if (ts.isCallExpression(node)) {
        const direct = detector.mayBeBlockingCall(node);
        const helper = interprocedural?.mayReachBlocking(node) ?? false;
        if ((direct || helper) && context() !== undefined) {
          const reported = direct && checkCall(node);
          if (!reported && helper) checkHelperCall(node);
        }
      } else if (ts.isNewExpression(node)) {
        if (interprocedural?.mayReachBlocking(node) === true && context() !== undefined) checkHelperCall(node);
      } else if (isLoop(node)) {
        const busyWait = busyWaitOf(node, checker);
        if (busyWait !== undefined && context() !== undefined) {
          report(node, 'busyWait', {}, suggestionsWhereAwaitIsLegal(node, () => rewriteBusyWait(busyWait, rewrite)));
        }
      }
    }
    let inner = context;
    if (isFunctionWithBody(node)) {
      if (isAsyncFunction(node)) inner = () => node;
      else if (node.asteriskToken !== undefined || context === none) inner = none;
      else inner = lazy(() => (context() !== undefined && isImmediatelyInvoked(node, checker) ? context() : undefined));
    } else if (ts.isClassStaticBlockDeclaration(node) || ts.isPropertyDeclaration(node)) {
      inner = none;
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sourceFile, none);
  if (program !== undefined && checker !== undefined && options.cpuHeavy !== undefined) {
    findings.push(...cpuHeavyFindings({ sourceFile, program, checker, cpuHeavy: options.cpuHeavy, allow, ruleName: RULE_NAME, existing: findings, scope }));
  }
  return findings;
};
