/**
 * The offload transform's data: what it was asked, why it refuses, and the edits it proposes.
 * Edits are plain data (files to create, text edits to existing files) so the language server
 * turns them into one WorkspaceEdit and the CLI writes them to disk.
 */
import type * as ts from 'typescript';
import type { TextEdit } from '../../rules/core/types.js';

/** A module-level function of the project: `function f() {}` or `const f = () => …`. */
export interface OffloadTarget {
  readonly name: string;
  readonly sourceFile: ts.SourceFile;
  /** The statement that declares it (moved to the worker module whole, comments included). */
  readonly statement: ts.FunctionDeclaration | ts.VariableStatement;
  readonly fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  readonly symbol: ts.Symbol;
}

export interface FileCreation {
  readonly kind: 'create';
  readonly fileName: string;
  readonly text: string;
}

export interface FileEdit {
  readonly kind: 'edit';
  readonly fileName: string;
  /** Offsets into the file's current text (the program's), never overlapping. */
  readonly edits: readonly TextEdit[];
}

export type FileChange = FileCreation | FileEdit;

export interface CallSite {
  readonly fileName: string;
  /** 1-based, for people. */
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface LeftAlone extends CallSite {
  readonly reason: string;
}

export type PoolKind = 'piscina' | 'worker-pool-helper';
export type ModuleFormat = 'esm' | 'cjs';

export interface OffloadPlan {
  readonly target: OffloadTarget;
  readonly workerFile: string;
  readonly poolName: string;
  readonly poolKind: PoolKind;
  readonly moduleFormat: ModuleFormat;
  /** Declarations moved to the worker module with the target (pure helpers and constants). */
  readonly moved: readonly string[];
  readonly rewritten: readonly CallSite[];
  readonly leftAlone: readonly LeftAlone[];
  readonly changes: readonly FileChange[];
  /** Things the user should know (a fallback taken, a file reused). */
  readonly notes: readonly string[];
}

export type OffloadResult = { readonly ok: true; readonly plan: OffloadPlan } | { readonly ok: false; readonly reason: string };

export class OffloadRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OffloadRefusal';
  }
}
