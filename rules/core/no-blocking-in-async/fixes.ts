/**
 * Rewrites of a blocking call to its async counterpart, from the catalog's `rewrite` entry. All are
 * suggestions, never autofixes: awaiting lets other code run in between, which can change what the
 * program does (that is the point, but the user decides). A rewrite is built only where the result
 * provably has the same type; otherwise the finding carries the message alone.
 */
import ts = require('typescript');
import type { BlockingApi } from '../blocking-catalog.js';
import type { FixProposal, TextEdit } from '../types.js';
import type { BusyWait } from './busy-wait.js';
import type { FileImports } from './imports.js';

export interface RewriteContext {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker | undefined;
  readonly imports: FileImports;
}

/** How the callee was written and whether it stands for the export itself (not a user alias). */
export interface CalleeShape {
  readonly direct: boolean;
}

const EXEC_OPTIONS_KEPT: ReadonlySet<string> = new Set(['cwd', 'env', 'timeout', 'maxBuffer', 'killSignal', 'uid', 'gid', 'windowsHide', 'shell', 'encoding']);

/** Whether `await <call>` needs parentheses where the call stands. */
function needsParentheses(node: ts.Expression): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) return true;
  if (ts.isTaggedTemplateExpression(parent) || ts.isNonNullExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === node;
}

/** Merge zero-width inserts at one position (two imports after the same line) into one edit. */
function mergeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.start === last.end && edit.start === edit.end && last.start === edit.start) {
      merged[merged.length - 1] = { start: last.start, end: last.end, newText: last.newText + edit.newText };
    } else {
      merged.push(edit);
    }
  }
  return merged;
}

/** Replace the whole call with `await <expression>` (parenthesized where needed). */
function replaceCall(call: ts.CallExpression, expression: string, context: RewriteContext, extra: readonly TextEdit[]): TextEdit[] {
  const text = needsParentheses(call) ? `(await ${expression})` : `await ${expression}`;
  return mergeEdits([...extra, { start: call.getStart(context.sourceFile), end: call.getEnd(), newText: text }]);
}

function argumentsText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return call.arguments.map((argument) => argument.getText(sourceFile)).join(', ');
}

/** The expression naming a sibling export of the callee's module: `zlib.gzip` for `zlib.gzipSync`, or an import. */
function sibling(call: ts.CallExpression, module: string, name: string, context: RewriteContext): { expression: string; edits: readonly TextEdit[] } | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return { expression: `${callee.expression.getText(context.sourceFile)}.${name}`, edits: [] };
  if (ts.isIdentifier(callee)) return context.imports.nameFor(module, name);
  return undefined;
}

/** The suggestion for a catalog call, if a same-type rewrite exists. */
export function rewriteBlockingCall(call: ts.CallExpression, api: BlockingApi, shape: CalleeShape, context: RewriteContext): FixProposal | undefined {
  if (!shape.direct || call.questionDotToken !== undefined || call.arguments.some(ts.isSpreadElement)) return undefined;
  const { sourceFile } = context;
  const rewrite = api.rewrite;
  switch (rewrite.kind) {
    case 'fsPromises': {
      if (rewrite.pathFirst && firstArgumentIsDescriptor(call, context.checker)) return undefined;
      if (rewrite.rejectOption !== undefined && !optionAbsent(call.arguments[1], rewrite.rejectOption)) return undefined;
      const target = fsPromisesTarget(call, rewrite.name, context);
      if (target === undefined) return undefined;
      return {
        messageId: 'useFsPromises',
        data: { name: rewrite.name },
        edits: replaceCall(call, `${target.expression}(${argumentsText(call, sourceFile)})`, context, target.edits),
      };
    }
    case 'existsViaAccess': {
      if (call.arguments.length !== 1) return undefined;
      const target = fsPromisesTarget(call, 'access', context);
      if (target === undefined) return undefined;
      const expression = `${target.expression}(${argumentsText(call, sourceFile)}).then(() => true, () => false)`;
      return { messageId: 'useAccess', edits: replaceCall(call, expression, context, target.edits) };
    }
    case 'promisifyExec':
      return rewriteExec(call, rewrite.name, context);
    case 'promisifyCallback': {
      const fn = sibling(call, api.module, rewrite.name, context);
      if (fn === undefined) return undefined;
      const promisify = context.imports.nameFor('util', 'promisify');
      const expression = `${promisify.expression}(${fn.expression})(${argumentsText(call, sourceFile)})`;
      return { messageId: 'usePromisified', data: { name: rewrite.name }, edits: replaceCall(call, expression, context, [...fn.edits, ...promisify.edits]) };
    }
    case 'awaitMethod': {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      const expression = `${callee.expression.getText(sourceFile)}.${rewrite.name}(${argumentsText(call, sourceFile)})`;
      return { messageId: 'useAwaitMethod', data: { name: rewrite.name }, edits: replaceCall(call, expression, context, []) };
    }
    case 'waitAsync': {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || !hasWaitAsync(callee.expression, context.checker)) return undefined;
      const expression = `${callee.expression.getText(sourceFile)}.waitAsync(${argumentsText(call, sourceFile)}).value`;
      return { messageId: 'useWaitAsync', edits: replaceCall(call, expression, context, []) };
    }
    case 'none':
      return undefined;
  }
}

/** `fs.promises.readFile` through the same module object, or `readFile` imported from node:fs/promises. */
function fsPromisesTarget(call: ts.CallExpression, name: string, context: RewriteContext): { expression: string; edits: readonly TextEdit[] } | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return { expression: `${callee.expression.getText(context.sourceFile)}.promises.${name}`, edits: [] };
  if (ts.isIdentifier(callee)) return context.imports.nameFor('fs/promises', name);
  return undefined;
}

/** fs/promises takes paths and FileHandles, not numeric descriptors. */
function firstArgumentIsDescriptor(call: ts.CallExpression, checker: ts.TypeChecker | undefined): boolean {
  const first = call.arguments[0];
  if (first === undefined) return false;
  if (ts.isNumericLiteral(first)) return true;
  if (checker === undefined) return false;
  const type = checker.getTypeAtLocation(first);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => (part.flags & ts.TypeFlags.NumberLike) !== 0);
}

/** The options argument is absent, or an object literal without `option` and without spreads. */
function optionAbsent(argument: ts.Expression | undefined, option: string): boolean {
  if (argument === undefined) return true;
  if (!ts.isObjectLiteralExpression(argument)) return false;
  return argument.properties.every((p) => !ts.isSpreadAssignment(p) && p.name !== undefined && !(ts.isIdentifier(p.name) && p.name.text === option) && !(ts.isStringLiteral(p.name) && p.name.text === option));
}

function hasWaitAsync(atomics: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (checker === undefined) return true;
  return checker.getTypeAtLocation(atomics).getProperty('waitAsync') !== undefined;
}

/**
 * `execSync(cmd)` → `(await promisify(exec)(cmd, { encoding: 'buffer' })).stdout`: Buffer stays
 * Buffer; with a literal string `encoding` the string result stays a string. Options exec does
 * not know (`input`, `stdio`) or options we cannot see into mean no rewrite.
 */
function rewriteExec(call: ts.CallExpression, name: 'exec' | 'execFile', context: RewriteContext): FixProposal | undefined {
  const { sourceFile } = context;
  const args = [...call.arguments];
  const last = args[args.length - 1];
  let options: ts.ObjectLiteralExpression | undefined;
  const positional = name === 'exec' ? 1 : args.length >= 2 && isArrayArgument(args[1] as ts.Expression, context.checker) ? 2 : 1;
  if (args.length === positional + 1 && last !== undefined && ts.isObjectLiteralExpression(last)) options = last;
  else if (args.length !== positional) return undefined;
  let encodingText: string | undefined;
  if (options !== undefined) {
    for (const property of options.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
      if (!EXEC_OPTIONS_KEPT.has(property.name.text)) return undefined;
      if (property.name.text === 'encoding') {
        if (!ts.isStringLiteral(property.initializer) || property.initializer.text === 'buffer') return undefined;
        encodingText = property.initializer.text;
      }
    }
  }
  const fn = sibling(call, 'child_process', name, context);
  if (fn === undefined) return undefined;
  const promisify = context.imports.nameFor('util', 'promisify');
  let argumentText = args.map((a) => a.getText(sourceFile)).join(', ');
  if (encodingText === undefined) {
    // The sync call returns a Buffer without an encoding; exec's default is utf8 strings.
    if (options !== undefined) {
      if (options.properties.length > 0) return undefined;
      argumentText = args.slice(0, -1).map((a) => a.getText(sourceFile)).join(', ');
    }
    argumentText += `, { encoding: 'buffer' }`;
  }
  const run = `${promisify.expression}(${fn.expression})(${argumentText})`;
  const statement = ts.isExpressionStatement(call.parent);
  const text = statement ? `await ${run}` : `(await ${run}).stdout`;
  const edits = mergeEdits([...fn.edits, ...promisify.edits, { start: call.getStart(sourceFile), end: call.getEnd(), newText: text }]);
  return { messageId: 'usePromisifiedExec', data: { name }, edits };
}

function isArrayArgument(argument: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (ts.isArrayLiteralExpression(argument)) return true;
  if (checker === undefined) return false;
  const type = checker.getTypeAtLocation(argument);
  return checker.isArrayType(type) || checker.isTupleType(type);
}

/** `while (Date.now() < end) {}` → `await setTimeout(Math.max(0, end - Date.now()));` with setTimeout from node:timers/promises. */
export function rewriteBusyWait(busyWait: BusyWait, context: RewriteContext): FixProposal | undefined {
  const remaining = busyWait.remaining;
  if (remaining === undefined) return undefined;
  const { sourceFile } = context;
  const operand = (expression: ts.Expression): string => {
    const text = expression.getText(sourceFile);
    return ts.isIdentifier(expression) || ts.isCallExpression(expression) || ts.isPropertyAccessExpression(expression) || ts.isNumericLiteral(expression) || ts.isParenthesizedExpression(expression)
      ? text
      : `(${text})`;
  };
  const sleep = context.imports.nameFor('timers/promises', 'setTimeout', 'sleep');
  const text = `await ${sleep.expression}(Math.max(0, ${operand(remaining.limit)} - ${operand(remaining.now)}));`;
  const loop = busyWait.loop;
  return { messageId: 'useTimersSleep', edits: mergeEdits([...sleep.edits, { start: loop.getStart(sourceFile), end: loop.getEnd(), newText: text }]) };
}
