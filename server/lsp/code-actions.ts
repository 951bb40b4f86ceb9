/**
 * Code actions from the findings of one analysed document version: each safe fix (preferred) and
 * each suggestion as a quick fix, "fix all" for a rule, fix-all-safe for save, a disable comment
 * that ESLint in CI honours too, and the rule's documentation. Every edit is a minimal text edit
 * against the exact document version the findings came from.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../../rules/core/types.js';
import { nonOverlappingFixes as onePassFixes } from '../engine/fix-all.js';
import type { LintMessage } from '../engine/lint-message.js';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../protocol.js';
import { rangeOf, toDiagnostic } from './diagnostics.js';

export interface CodeActionRequest {
  readonly document: TextDocument;
  /** Findings of exactly `document`'s version. */
  readonly messages: readonly LintMessage[];
  readonly range: Range;
  readonly contextDiagnostics: readonly Diagnostic[];
  readonly only: readonly string[] | undefined;
  readonly docsUrls: ReadonlyMap<string, string>;
  /** The client applies `documentChanges` (versioned edits). */
  readonly versionedEdits: boolean;
  /** Edits of a full fix-all (every pass, as `--fix` and ESLint do), when the client asked for it. */
  readonly fixAllEdits?: readonly TextEdit[];
}

/** Whether the request's `only` asks for the fix-all-safe source action. */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only !== undefined && only.some((requested) => FIX_ALL_KIND === requested || FIX_ALL_KIND.startsWith(`${requested}.`));
}

/** One edit turning `before` into `after`: the differing middle, between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

export function codeActions(request: CodeActionRequest): CodeAction[] {
  const { document, messages, only } = request;
  const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  // Findings of known rules (not file problems, rule failures or directives naming unknown rules).
  const findings = messages.filter((message) => message.ruleId !== null && message.fatal !== true && request.docsUrls.has(message.ruleId));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const relevant = findings.filter((message) => isRequested(request, message));
    const fixAllOffered = new Set<string>();
    const docsOffered = new Set<string>();
    for (const message of relevant) {
      const ruleId = message.ruleId as string;
      const diagnostic = toDiagnostic(document, message, request.docsUrls);
      if (message.fixEdits && message.fixEdits.length > 0) {
        actions.push({
          title: message.fixDesc ?? `Fix this ${ruleId} problem`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: workspaceEdit(request, message.fixEdits),
        });
      }
      for (const suggestion of message.suggestions ?? []) {
        actions.push({ title: suggestion.desc, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(request, suggestion.edits) });
      }
      if (!fixAllOffered.has(ruleId)) {
        fixAllOffered.add(ruleId);
        const edits = nonOverlappingFixes(findings.filter((other) => other.ruleId === ruleId));
        if (edits.length > 0) {
          actions.push({ title: `Fix all ${ruleId} problems in this file`, kind: CodeActionKind.QuickFix, edit: workspaceEdit(request, edits) });
        }
      }
    }
    for (const message of relevant) {
      const ruleId = message.ruleId as string;
      actions.push({
        title: `Disable ${ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(document, message, request.docsUrls)],
        edit: workspaceEdit(request, [disableNextLineEdit(document.getText(), message.start, ruleId)]),
      });
    }
    for (const message of relevant) {
      const ruleId = message.ruleId as string;
      const url = request.docsUrls.get(ruleId);
      if (!url || docsOffered.has(ruleId)) continue;
      docsOffered.add(ruleId);
      actions.push({
        title: `Show documentation for ${ruleId}`,
        kind: CodeActionKind.QuickFix,
        command: { title: `Show documentation for ${ruleId}`, command: Commands.showDocumentation, arguments: [url] },
      });
    }
  }

  // Only on request (fix-on-save, the Source Action menu): not among the quick fixes at the cursor.
  if (wantsFixAll(only)) {
    const edits = request.fixAllEdits ?? nonOverlappingFixes(findings);
    if (edits.length > 0) actions.push({ title: 'Fix all safe async-pitfalls problems', kind: FIX_ALL_KIND, edit: workspaceEdit(request, edits) });
  }
  return actions;
}

/** In the requested range, or one of the diagnostics the client sent. */
function isRequested(request: CodeActionRequest, message: LintMessage): boolean {
  const { document, range } = request;
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  if (message.start <= end && start <= message.end) return true;
  const own = rangeOf(document, message.start, message.end);
  return request.contextDiagnostics.some(
    (diagnostic) =>
      diagnostic.source === DIAGNOSTIC_SOURCE &&
      diagnostic.code === message.ruleId &&
      diagnostic.range.start.line === own.start.line &&
      diagnostic.range.start.character === own.start.character &&
      diagnostic.range.end.line === own.end.line &&
      diagnostic.range.end.character === own.end.character,
  );
}

/** The safe fixes of `messages` that one ESLint fix pass applies (the CLI's `--fix` first pass, too). */
function nonOverlappingFixes(messages: readonly LintMessage[]): TextEdit[] {
  return onePassFixes(messages)
    .flat()
    .sort((a, b) => a.start - b.start);
}

/**
 * `// eslint-disable-next-line <rule>` above the line of `offset`, indented like it; when that
 * line already has such a comment (and nothing else), the rule is added to its list.
 */
export function disableNextLineEdit(text: string, offset: number, ruleId: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/u.exec(text.slice(lineStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (lineStart > 0) {
    const previousEnd = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    const previousStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
    const previous = text.slice(previousStart, previousEnd);
    const existing = /^([ \t]*\/\/\s*eslint-disable-next-line\s+)([^\r\n]+?)\s*$/u.exec(previous);
    if (existing && !/\s-{2,}\s/u.test(existing[2] as string)) {
      const listEnd = previousStart + (existing[1] as string).length + (existing[2] as string).length;
      return { start: listEnd, end: listEnd, newText: `, ${ruleId}` };
    }
  }
  return { start: lineStart, end: lineStart, newText: `${indent}// eslint-disable-next-line ${ruleId}${eol}` };
}

function workspaceEdit(request: CodeActionRequest, edits: readonly TextEdit[]): WorkspaceEdit {
  const { document } = request;
  const lspEdits: LspTextEdit[] = [...edits]
    .sort((a, b) => a.start - b.start)
    .map((edit) => ({ range: rangeOf(document, edit.start, edit.end), newText: edit.newText }));
  if (request.versionedEdits) {
    return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: lspEdits }] };
  }
  return { changes: { [document.uri]: lspEdits } };
}
