/**
 * What the engine returns for a file: ESLint-shaped messages (1-based lines and columns, so
 * formatters and tooling that read ESLint's output read ours) that also keep our own edits, which
 * the language server turns into minimal text edits.
 */
import type * as ts from 'typescript';
import type { FixProposal, TextEdit } from '../../rules/core/types.js';

export interface EslintFix {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface LintSuggestion {
  readonly desc: string;
  readonly messageId: string;
  readonly fix: EslintFix;
  readonly edits: readonly TextEdit[];
}

export interface LintMessage {
  /** `async-pitfalls/<rule>`, or null for a problem with the file itself (syntax, encoding, size). */
  readonly ruleId: string | null;
  readonly severity: 1 | 2;
  readonly message: string;
  readonly messageId?: string;
  readonly fatal?: boolean;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Offsets into the analysed text (BOM removed). */
  readonly start: number;
  readonly end: number;
  readonly fix?: EslintFix;
  /** The safe fix as separate edits. */
  readonly fixEdits?: readonly TextEdit[];
  /** The safe fix's title (its message), for editors that offer it as an action. */
  readonly fixDesc?: string;
  readonly suggestions?: readonly LintSuggestion[];
}

/** ESLint's interpolation (eslint/lib/linter/interpolate.js): `{{ key }}` from data, unknown keys kept. */
export function interpolate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, key: string) => {
    const trimmed = key.trim();
    return trimmed in data ? String(data[trimmed]) : whole;
  });
}

/** ESLint merges the edits of one fix into a single replacement spanning all of them. */
export function mergeEdits(text: string, edits: readonly TextEdit[]): EslintFix {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  if (!first) return { range: [0, 0], text: '' };
  let merged = '';
  let cursor = first.start;
  for (const edit of sorted) {
    merged += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return { range: [first.start, cursor], text: merged };
}

export function positionOf(sourceFile: ts.SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

export function describeFix(messages: Readonly<Record<string, string>>, proposal: FixProposal): string {
  return interpolate(messages[proposal.messageId] ?? proposal.messageId, proposal.data);
}
