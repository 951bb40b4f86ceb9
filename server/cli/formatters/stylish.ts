/** ESLint's `stylish` output: a block per file, then a summary line. */
import * as path from 'node:path';
import type { LintResult } from './results.js';

export interface StylishOptions {
  readonly color: boolean;
}

export function formatStylish(results: readonly LintResult[], options: StylishOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let output = '';
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixableErrors += result.fixableErrorCount;
    fixableWarnings += result.fixableWarningCount;
    const rows = result.messages.map((m) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? paint('31', 'error') : paint('33', 'warning'),
      m.message.replace(/([^ ])\.$/u, '$1'),
      m.ruleId ?? '',
    ]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => visibleLength(r[i] as string))));
    output += `\n${paint('4', path.resolve(result.filePath))}\n`;
    for (const row of rows) {
      const [where, severity, message, rule] = row as [string, string, string, string];
      output += `  ${pad(where, widths[0] as number)}  ${pad(severity, widths[1] as number)}  ${message}  ${paint('2', rule)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  output += `\n${paint(errors > 0 ? '31;1' : '33;1', summary)}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    output += paint(
      errors > 0 ? '31;1' : '33;1',
      `  ${fixableErrors} error${fixableErrors === 1 ? '' : 's'} and ${fixableWarnings} warning${fixableWarnings === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.`,
    );
    output += '\n';
  }
  return output;
}

function visibleLength(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/gu, '').length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}
