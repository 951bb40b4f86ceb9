/**
 * The contract between the analyses (rules/core) and every surface that runs them
 * (the ESLint adapter, the engine, the language server). An analysis sees only the
 * TypeScript AST, the program/checker and its options; it returns findings whose
 * positions and edits are offsets into `sourceFile.text`.
 */
import type * as ts from 'typescript';

/** Replace `[start, end)` of the source text with `newText`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A rewrite proposal: the edits of one fix, never overlapping each other. */
export interface FixProposal {
  /** Message id (in the rule's `meta.messages`) of the fix's title; suggestions need one. */
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  /** Short rule name, without the `async-pitfalls/` prefix, e.g. `no-floating-promise`. */
  readonly ruleName: string;
  readonly start: number;
  readonly end: number;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** A fix whose result provably means the same thing: applied by `--fix` and fix-on-save. */
  readonly fix?: FixProposal;
  /** Rewrites the user chooses; they may change meaning, and their titles say how. */
  readonly suggestions?: readonly FixProposal[];
  /**
   * Names whose use anywhere in the file decided the text of the fix or suggestions (an added
   * import named `sleep` unless the file uses `sleep`): an edit that adds or removes one of them
   * elsewhere changes this finding (the language server's function-level re-analysis asks).
   */
  readonly dependsOnNames?: ReadonlySet<string>;
}

export interface AnalysisContext<Options> {
  readonly sourceFile: ts.SourceFile;
  /** Absent only when the rule allows running without type information (plain ESLint on JS). */
  readonly program: ts.Program | undefined;
  readonly checker: ts.TypeChecker | undefined;
  /** Options after defaults were applied and the schema validated them. */
  readonly options: Options;
  /**
   * When present, visit only the nodes it accepts (skipping their whole subtree otherwise): the
   * language server re-analyses just the functions an edit touched. Findings outside the accepted
   * units are dropped by the caller, so an analysis only has to honour it while walking.
   */
  readonly scope?: AnalysisScope;
}

/** Which parts of a file an analysis walks; see `AnalysisContext.scope`. */
export interface AnalysisScope {
  /** False for a node whose subtree needs no analysis. */
  visits(node: ts.Node): boolean;
}

export type Analysis<Options> = (context: AnalysisContext<Options>) => Finding[];

/**
 * What an analysis reads of other functions when it judges one, beyond their types (which the
 * language server's function-level re-analysis follows for every analysis): after an edit it
 * re-analyses the functions whose judgement may read the edited one.
 */
export interface AnalysisReads {
  /**
   * The bodies of the synchronous functions an async function calls, directly or through others
   * (blocking chains, side effects). When false, an analysis reads other bodies only of functions
   * that may return a promise, and which fields a class's members write.
   */
  readonly synchronousCallees: boolean;
  /**
   * Every write of a field anywhere in the program (a promise a method hands back is held only while
   * its constructor alone writes the field): a write in one file changes findings in others.
   */
  readonly fieldWritesAnywhere: boolean;
}

/** Thrown by an analysis to say its options are unusable; surfaces report it as a configuration error. */
export class AnalysisOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisOptionsError';
  }
}
