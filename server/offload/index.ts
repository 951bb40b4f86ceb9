/**
 * Worker offloading: move a CPU-bound module-level function of the project onto a worker thread.
 * A pure function over a TypeScript program: it decides whether the move is safe (target.ts,
 * movable.ts, cloneable.ts), finds the call sites it can rewrite (call-sites.ts), and returns the
 * edits as data (emit.ts) for the language server and the CLI to apply. Nothing here writes files.
 */
import * as ts from 'typescript';
import { findReferences } from './call-sites.js';
import { cloneProblem } from './cloneable.js';
import { emitOffload, type FileSystemView } from './emit.js';
import { analyzeMove } from './movable.js';
import { findTargetByName, targetAt } from './target.js';
import { OffloadRefusal, type OffloadPlan, type OffloadResult, type OffloadTarget } from './types.js';

export type { CallSite, FileChange, FileCreation, FileEdit, LeftAlone, OffloadPlan, OffloadResult, OffloadTarget } from './types.js';
export { OffloadRefusal } from './types.js';
export type { FileSystemView } from './emit.js';

export interface OffloadOptions {
  /** Reads package.json and checks for existing files; ts.sys when absent. */
  readonly fileSystem?: FileSystemView;
}

/** `async-pitfalls offload <file>:<function>`: the named module-level function of `fileName`. */
export function offloadFunction(program: ts.Program, fileName: string, functionName: string, options: OffloadOptions = {}): OffloadResult {
  return attempt(() => planOffload(program, findTargetByName(program, fileName, functionName), options));
}

/** The editor: the function called (or declared) at `offset`; undefined when nothing there is a project function. */
export function offloadAt(program: ts.Program, fileName: string, offset: number, options: OffloadOptions = {}): OffloadResult | undefined {
  let target: OffloadTarget | undefined;
  try {
    target = targetAt(program, fileName, offset);
  } catch (error) {
    if (error instanceof OffloadRefusal) return { ok: false, reason: error.reason };
    throw error;
  }
  if (target === undefined) return undefined;
  const found = target;
  return attempt(() => planOffload(program, found, options));
}

export function planOffload(program: ts.Program, target: OffloadTarget, options: OffloadOptions = {}): OffloadPlan {
  const checker = program.getTypeChecker();
  const signature = checker.getSignatureFromDeclaration(target.fn);
  if (signature === undefined) throw new OffloadRefusal(`\`${target.name}\` has no signature.`);
  for (const parameter of signature.getParameters()) {
    const problem = cloneProblem(checker.getTypeOfSymbolAtLocation(parameter, target.fn), checker, program);
    if (problem !== undefined) {
      throw new OffloadRefusal(`Parameter \`${parameter.getName()}\` of \`${target.name}\` is ${problem}: the worker would receive a different value.`);
    }
  }
  const returnProblem = cloneProblem(checker.getReturnTypeOfSignature(signature), checker, program);
  if (returnProblem !== undefined) throw new OffloadRefusal(`\`${target.name}\` returns ${returnProblem}: the caller would receive a different value.`);
  const move = analyzeMove(target, checker);
  const references = findReferences(
    program,
    target,
    move.moved.map((declaration) => declaration.statement),
  );
  return emitOffload({ program, target, move, references, fileSystem: options.fileSystem ?? ts.sys });
}

function attempt(plan: () => OffloadPlan): OffloadResult {
  try {
    return { ok: true, plan: plan() };
  } catch (error) {
    if (error instanceof OffloadRefusal) return { ok: false, reason: error.reason };
    throw error;
  }
}
