/**
 * The ESLint face of an analysis: take the TypeScript source file and program that
 * typescript-eslint's parser built, run the core analysis, and report its findings with
 * ESLint's `loc`, fixes and suggestions. Nothing here knows what a rule checks.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import * as ts from 'typescript';
import type { Analysis, FixProposal } from './core/types.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export function reportFindings<Options>(
  context: AnyContext,
  programNode: TSESTree.Program,
  analyze: Analysis<Options>,
  options: Options,
  requiresTypeChecking: boolean,
): void {
  const sourceCode = context.sourceCode;
  const services = sourceCode.parserServices;
  const hasProgram = services?.program != null;
  // Throws typescript-eslint's own, well-known "You have used a rule which requires type information" error.
  if (requiresTypeChecking && !hasProgram) ESLintUtils.getParserServices(context);

  const mapped = hasProgram ? services.esTreeNodeToTSNodeMap?.get(programNode) : undefined;
  const sourceFile =
    mapped !== undefined && ts.isSourceFile(mapped as ts.Node)
      ? (mapped as ts.SourceFile)
      : ts.createSourceFile(context.filename, sourceCode.text, ts.ScriptTarget.Latest, true, scriptKindOf(context.filename));
  const program = hasProgram ? (services.program ?? undefined) : undefined;

  for (const finding of analyze({ sourceFile, program, checker: program?.getTypeChecker(), options })) {
    context.report({
      loc: { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) },
      messageId: finding.messageId,
      data: finding.data,
      fix: finding.fix ? toFixer(finding.fix) : undefined,
      suggest: finding.suggestions?.map((suggestion) => ({
        messageId: suggestion.messageId,
        data: suggestion.data,
        fix: toFixer(suggestion),
      })),
    });
  }
}

function toFixer(proposal: FixProposal): TSESLint.ReportFixFunction {
  return (fixer) => proposal.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText));
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
