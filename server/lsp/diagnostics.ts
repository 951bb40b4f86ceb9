/**
 * Engine messages → LSP diagnostics. The rule id is the diagnostic's `code` (as vscode-eslint does,
 * so "disable" comments and search use one name), its documentation the `codeDescription`.
 */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import type { LintMessage } from '../engine/lint-message.js';
import { ruleId } from '../engine/rule-config.js';
import { DIAGNOSTIC_SOURCE } from '../protocol.js';

/** A message a rule produced because it threw, not a finding: logged, never shown as a diagnostic. */
export function isRuleFailure(message: LintMessage): boolean {
  return message.ruleId !== null && message.fatal === true;
}

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(Math.max(start, end)) };
}

export function docsUrls(rules: readonly AsyncPitfallsRule[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const rule of rules) if (rule.meta.docs?.url) urls.set(ruleId(rule), rule.meta.docs.url);
  return urls;
}

export function toDiagnostic(document: TextDocument, message: LintMessage, urls: ReadonlyMap<string, string>): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(document, message.start, message.end),
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: message.message,
  };
  if (message.ruleId !== null) {
    diagnostic.code = message.ruleId;
    const href = urls.get(message.ruleId);
    if (href) diagnostic.codeDescription = { href };
  }
  return diagnostic;
}
