/**
 * "Run `<fn>` in a worker thread": the worker offloading transform (server/offload) as a code
 * action. Offered as a `refactor.rewrite` where the cursor is on a call to a project function (or on
 * its declaration), and as a quick fix on no-blocking-in-async findings whose chain starts in
 * project code (`blockingHelper`) and on `cpuHeavy` calls. Only when the transform says the move is
 * safe and the call at hand is one it rewrites; otherwise the reason is logged once. The edit is one
 * WorkspaceEdit that creates the worker module (and the pool helper) with CreateFile, so it needs a
 * client that supports resource operations.
 */
import * as ts from 'typescript';
import {
  CodeActionKind,
  type CodeAction,
  type CreateFile,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { awaitContainerOf, isAsyncFunction, isFunctionWithBody } from '../../rules/core/await-context.js';
import type { LintMessage } from '../engine/lint-message.js';
import { offloadAt, type OffloadPlan, type OffloadResult } from '../offload/index.js';
import { URI } from './uri.js';

const RULE_ID = 'async-pitfalls/no-blocking-in-async';
const OFFERED_ON = new Set(['blockingHelper', 'cpuHeavy']);

export interface OffloadActionRequest {
  readonly document: TextDocument;
  readonly filePath: string;
  /** The program the document's findings came from (its text is the document's). */
  readonly program: ts.Program;
  readonly range: Range;
  readonly messages: readonly LintMessage[];
  readonly only: readonly string[] | undefined;
  /** The client applies `documentChanges` with CreateFile. */
  readonly resourceOperations: boolean;
  /** The version of an open document, or null (the file on disk). */
  readonly versionOf: (filePath: string) => number | null;
  /** Diagnostics the quick fixes resolve, as published. */
  readonly diagnosticOf: (message: LintMessage) => Diagnostic;
  /** Says once why the action is not offered. */
  readonly log: (key: string, message: string) => void;
}

export function offloadCodeActions(request: OffloadActionRequest): CodeAction[] {
  try {
    return offloadActions(request);
  } catch (error) {
    // A failing refactoring must not take the other code actions with it.
    request.log(`offload-error:${String(error)}`, `Run in a worker thread failed: ${(error as Error).stack ?? String(error)}`);
    return [];
  }
}

function offloadActions(request: OffloadActionRequest): CodeAction[] {
  const { document, only } = request;
  const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const wantsRefactor = wants(CodeActionKind.RefactorRewrite);
  const wantsQuickFix = wants(CodeActionKind.QuickFix);
  if (!wantsRefactor && !wantsQuickFix) return [];
  const sourceFile = request.program.getSourceFile(request.filePath);
  if (sourceFile === undefined) return [];
  const actions: CodeAction[] = [];
  const planned = new Map<number, OffloadResult | undefined>();
  const planAt = (offset: number): OffloadResult | undefined => {
    if (!planned.has(offset)) planned.set(offset, offloadAt(request.program, request.filePath, offset));
    return planned.get(offset);
  };

  if (wantsQuickFix) {
    const start = document.offsetAt(request.range.start);
    const end = document.offsetAt(request.range.end);
    for (const message of request.messages) {
      if (message.ruleId !== RULE_ID || message.messageId === undefined || !OFFERED_ON.has(message.messageId)) continue;
      if (!(message.start <= end && start <= message.end)) continue;
      const offset = calleeOffset(sourceFile, message.start, message.end);
      if (offset === undefined) continue;
      const action = actionFor(request, planAt(offset), message.start, CodeActionKind.QuickFix);
      if (action !== undefined) actions.push({ ...action, diagnostics: [request.diagnosticOf(message)] });
    }
  }
  if (wantsRefactor) {
    const offset = document.offsetAt(request.range.start);
    const call = callAt(sourceFile, offset);
    // The cursor moves over many calls: plan only where the rewrite could apply (a call in an async
    // function's body) or on a declaration name (planAt answers undefined on anything else).
    if (call === undefined || isInAsyncBody(call)) {
      const action = actionFor(request, planAt(offset), call?.getStart(sourceFile), CodeActionKind.RefactorRewrite);
      if (action !== undefined) actions.push(action);
    }
  }
  return actions;
}

/**
 * The action for a plan, when the call at `callStart` is one it rewrites (or, on the declaration,
 * when it rewrites any call).
 */
function actionFor(request: OffloadActionRequest, result: OffloadResult | undefined, callStart: number | undefined, kind: string): CodeAction | undefined {
  if (result === undefined) return undefined;
  if (!result.ok) {
    request.log(`offload:${result.reason}`, `Run in a worker thread: not offered: ${result.reason}`);
    return undefined;
  }
  const { plan } = result;
  const here = (site: { fileName: string; start: number }): boolean => site.fileName === request.filePath && site.start === callStart;
  if (callStart !== undefined) {
    const leftAlone = plan.leftAlone.find(here);
    if (leftAlone !== undefined) {
      request.log(`offload:${plan.target.name}:${leftAlone.reason}`, `Run \`${plan.target.name}\` in a worker thread: not offered at ${leftAlone.line}:${leftAlone.column}: ${leftAlone.reason}`);
      return undefined;
    }
    if (!plan.rewritten.some(here)) return undefined;
  } else if (plan.rewritten.length === 0) {
    request.log(`offload:${plan.target.name}:none`, `Run \`${plan.target.name}\` in a worker thread: not offered: no call of it is in async context.`);
    return undefined;
  }
  if (!request.resourceOperations) {
    request.log('offload:resource-operations', 'Run in a worker thread: not offered: the client does not support creating files in a workspace edit (workspace.workspaceEdit.resourceOperations).');
    return undefined;
  }
  return { title: `Run \`${plan.target.name}\` in a worker thread`, kind, edit: workspaceEditOf(plan, request) };
}

/** One WorkspaceEdit: create the new files (with their text), then edit the existing ones. */
export function workspaceEditOf(plan: OffloadPlan, request: Pick<OffloadActionRequest, 'program' | 'versionOf'>): WorkspaceEdit {
  const creates: (CreateFile | TextDocumentEdit)[] = [];
  const edits: TextDocumentEdit[] = [];
  for (const change of plan.changes) {
    const uri = URI.fromPath(change.fileName);
    if (change.kind === 'create') {
      creates.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
      creates.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: change.text }] });
      continue;
    }
    const sourceFile = request.program.getSourceFile(change.fileName);
    if (sourceFile === undefined) continue;
    const position = (offset: number) => {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
      return { line, character };
    };
    edits.push({
      textDocument: { uri, version: request.versionOf(change.fileName) },
      edits: change.edits.map((edit) => ({ range: { start: position(edit.start), end: position(edit.end) }, newText: edit.newText })),
    });
  }
  return { documentChanges: [...creates, ...edits] };
}

/** The offset of the callee's name in the call spanning [start, end): `f` in `f()`, `g` in `ns.g()`. */
function calleeOffset(sourceFile: ts.SourceFile, start: number, end: number): number | undefined {
  const call = callSpanning(sourceFile, start, end);
  if (call === undefined) return undefined;
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if (ts.isIdentifier(callee)) return callee.getStart(sourceFile);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.getStart(sourceFile);
  return undefined;
}

function callSpanning(sourceFile: ts.SourceFile, start: number, end: number): ts.CallExpression | undefined {
  const find = (node: ts.Node): ts.CallExpression | undefined => {
    if (node.getStart(sourceFile) === start && node.getEnd() === end && ts.isCallExpression(node)) return node;
    if (node.getStart(sourceFile) > start || node.getEnd() < end) return undefined;
    return ts.forEachChild(node, find);
  };
  return find(sourceFile);
}

/** The call whose callee name is at `offset`; undefined elsewhere (a declaration name, say). */
function callAt(sourceFile: ts.SourceFile, offset: number): ts.CallExpression | undefined {
  const find = (node: ts.Node): ts.Node | undefined => {
    if (offset < node.getStart(sourceFile) || offset > node.getEnd()) return undefined;
    return ts.forEachChild(node, find) ?? node;
  };
  const token = find(sourceFile);
  if (token === undefined || !ts.isIdentifier(token)) return undefined;
  let callee: ts.Node = token;
  if (ts.isPropertyAccessExpression(token.parent) && token.parent.name === token) callee = token.parent;
  while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
  return ts.isCallExpression(callee.parent) && callee.parent.expression === callee ? callee.parent : undefined;
}

function isInAsyncBody(call: ts.CallExpression): boolean {
  const container = awaitContainerOf(call);
  return isFunctionWithBody(container) && isAsyncFunction(container) && container.body !== undefined && call.pos >= container.body.pos;
}
