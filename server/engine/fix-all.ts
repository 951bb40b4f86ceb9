/**
 * Fix-all the way ESLint does it: apply every safe fix that does not overlap an earlier one,
 * re-analyse the result, and repeat (at most ten passes) until nothing is left to fix.
 * Suggestions are never applied here. The text is only changed in the project's overlay; writing
 * it anywhere is the caller's business.
 */
import type { TextEdit } from '../../rules/core/types.js';
import { applyEdits } from './apply-edits.js';
import type { Engine } from './engine.js';
import type { LintMessage } from './lint-message.js';
import type { Project } from './project.js';

const MAX_PASSES = 10;

export interface FixAllResult {
  readonly text: string;
  /** Number of fixes applied over all passes. */
  readonly fixCount: number;
  /** Messages remaining after the last pass. */
  readonly messages: readonly LintMessage[];
}

/** Picks the safe fixes of `messages` that do not overlap each other, in source order. */
export function nonOverlappingFixes(messages: readonly LintMessage[]): TextEdit[][] {
  const chosen: TextEdit[][] = [];
  // ESLint's source-code-fixer skips a fix that starts at or before the end of the previous one.
  let lastEnd = Number.NEGATIVE_INFINITY;
  const withFixes = messages.filter((m) => m.fixEdits && m.fixEdits.length > 0 && !m.fatal);
  const ordered = [...withFixes].sort((a, b) => spanOf(a.fixEdits ?? [])[0] - spanOf(b.fixEdits ?? [])[0]);
  for (const message of ordered) {
    const edits = message.fixEdits ?? [];
    const [start, end] = spanOf(edits);
    if (start <= lastEnd) continue;
    chosen.push([...edits]);
    lastEnd = end;
  }
  return chosen;
}

/** `enabledRules` replaces the engine's configuration (the language server's per-folder settings). */
export function fixAll(engine: Engine, project: Project, fileName: string, text: string, firstVersion: number, enabledRules = engine.enabledRules): FixAllResult {
  let current = text;
  let fixCount = 0;
  let version = firstVersion;
  project.setOverlay(fileName, current, version++);
  let messages = engine.analyse(project, fileName, enabledRules);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // A file that does not parse is never rewritten: the fix could land in the wrong place.
    if (messages.some((m) => m.fatal)) break;
    const fixes = nonOverlappingFixes(messages);
    if (fixes.length === 0) break;
    current = applyEdits(current, fixes.flat());
    fixCount += fixes.length;
    project.setOverlay(fileName, current, version++);
    messages = engine.analyse(project, fileName, enabledRules);
  }
  return { text: current, fixCount, messages };
}

function spanOf(edits: readonly TextEdit[]): [number, number] {
  return [Math.min(...edits.map((e) => e.start)), Math.max(...edits.map((e) => e.end))];
}
