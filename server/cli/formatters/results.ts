/**
 * The CLI's result per file, in the shape of ESLint's `LintResult` so ESLint formatters and the
 * tools that read ESLint's JSON read ours unchanged.
 */
import type { EslintFix, LintMessage } from '../../engine/lint-message.js';

/** A message as ESLint reports it: ours without the offsets and edits only the engine needs. */
export type EslintMessage = Omit<LintMessage, 'start' | 'end' | 'fixEdits' | 'suggestions'> & {
  readonly suggestions?: readonly { readonly desc: string; readonly messageId: string; readonly fix: EslintFix }[];
};

export interface LintResult {
  readonly filePath: string;
  readonly messages: readonly EslintMessage[];
  readonly suppressedMessages: readonly EslintMessage[];
  readonly errorCount: number;
  readonly fatalErrorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  /** The fixed text, when --fix changed the file (as ESLint reports it). */
  readonly output?: string;
  readonly usedDeprecatedRules: readonly never[];
}

export function toLintResult(filePath: string, messages: readonly LintMessage[], output?: string): LintResult {
  const eslintMessages = messages.map(toEslintMessage);
  const count = (predicate: (m: EslintMessage) => boolean): number => eslintMessages.filter(predicate).length;
  return {
    filePath,
    messages: eslintMessages,
    suppressedMessages: [],
    errorCount: count((m) => m.severity === 2),
    fatalErrorCount: count((m) => m.fatal === true),
    warningCount: count((m) => m.severity === 1),
    fixableErrorCount: count((m) => m.severity === 2 && m.fix !== undefined),
    fixableWarningCount: count((m) => m.severity === 1 && m.fix !== undefined),
    ...(output === undefined ? {} : { output }),
    usedDeprecatedRules: [],
  };
}

function toEslintMessage(message: LintMessage): EslintMessage {
  return {
    ruleId: message.ruleId,
    severity: message.severity,
    message: message.message,
    ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
    ...(message.fatal ? { fatal: true } : {}),
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
    ...(message.fix ? { fix: message.fix } : {}),
    ...(message.suggestions ? { suggestions: message.suggestions.map(({ desc, messageId, fix }) => ({ desc, messageId, fix })) } : {}),
  };
}
