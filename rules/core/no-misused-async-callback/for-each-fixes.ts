/**
 * The two rewrites offered for `items.forEach(async (item) => body);` (a statement, where `await`
 * is legal): both change meaning on purpose, and their titles say how.
 * - sequential: `for (const item of items) body` — each item's work finishes before the next starts;
 * - concurrent: `await Promise.all(items.map(async (item) => body));` — the same concurrency as
 *   forEach, but the statement now waits for all of it and sees the first rejection.
 * The sequential form is offered only when it provably keeps the callback's control flow and scope:
 * an arrow (so `this` is the same), one or two simple parameters (value, index) whose names the
 * array expression does not use, no `var` (it would move to the enclosing function), and no
 * `return` that `continue` could not replace.
 */
import ts = require('typescript');
import { isFunctionWithBody } from '../await-context.js';
import type { FixProposal, TextEdit } from '../types.js';
import { skipWrappers, type FunctionLiteral } from './function-types.js';

export function forEachSuggestions(sourceFile: ts.SourceFile, statement: ts.ExpressionStatement, call: ts.CallExpression, callback: FunctionLiteral): FixProposal[] {
  const access = call.expression as ts.PropertyAccessExpression;
  const receiverText = access.expression.getText(sourceFile);
  const suggestions: FixProposal[] = [];
  const sequential = sequentialRewrite(sourceFile, statement, access.expression, callback);
  if (sequential) suggestions.push({ messageId: 'forEachToForOf', data: { receiver: shorten(receiverText) }, edits: [sequential] });
  suggestions.push({
    messageId: 'forEachToPromiseAll',
    data: { receiver: shorten(receiverText) },
    edits: [
      { start: call.getStart(sourceFile), end: call.getStart(sourceFile), newText: 'await Promise.all(' },
      { start: access.name.getStart(sourceFile), end: access.name.end, newText: 'map' },
      { start: call.end, end: call.end, newText: ')' },
    ],
  });
  return suggestions;
}

function sequentialRewrite(
  sourceFile: ts.SourceFile,
  statement: ts.ExpressionStatement,
  receiver: ts.Expression,
  callback: FunctionLiteral,
): TextEdit | undefined {
  const receiverText = receiver.getText(sourceFile);
  if (!ts.isArrowFunction(callback)) return undefined;
  const parameters = callback.parameters;
  if (parameters.length < 1 || parameters.length > 2) return undefined;
  if (parameters.some((parameter) => parameter.initializer || parameter.dotDotDotToken)) return undefined;
  const [value, index] = parameters as unknown as [ts.ParameterDeclaration, ts.ParameterDeclaration | undefined];
  if (index && !ts.isIdentifier(index.name)) return undefined;

  const body = bodyText(sourceFile, callback);
  if (body === undefined) return undefined;
  const names = [...boundNames(value.name), ...(index ? boundNames(index.name) : [])];
  // `for (const list of list)` reads the new binding before it exists (TDZ): keep the names apart.
  if (mentionsAny(receiver, new Set(names))) return undefined;
  const keyword = isAnyAssigned(callback.body, new Set(names)) ? 'let' : 'const';
  const valueText = value.name.getText(sourceFile);
  const head = index
    ? `for (${keyword} [${index.name.getText(sourceFile)}, ${valueText}] of ${receiverText}.entries())`
    : `for (${keyword} ${valueText} of ${receiverText})`;
  return { start: statement.getStart(sourceFile), end: statement.end, newText: `${head} ${body}` };
}

/** The loop body: the callback's block with `return;` turned into `continue;`, or `{ await expr; }`. */
function bodyText(sourceFile: ts.SourceFile, callback: ts.ArrowFunction): string | undefined {
  const body = callback.body;
  if (!ts.isBlock(body)) {
    const expression = skipWrappers(body);
    const text = body.getText(sourceFile);
    if (ts.isAwaitExpression(expression)) return `{ ${text}; }`;
    const needsParens = !(ts.isCallExpression(expression) || ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isNewExpression(expression) || ts.isParenthesizedExpression(body));
    return `{ await ${needsParens ? `(${text})` : text}; }`;
  }
  const edits: TextEdit[] = [];
  let ok = true;
  const visit = (node: ts.Node, insideLoop: boolean): void => {
    if (!ok || isFunctionWithBody(node) || ts.isClassLike(node)) return;
    // A `var` would move from the callback's scope into the enclosing function's.
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using))) {
      ok = false;
      return;
    }
    if (ts.isReturnStatement(node)) {
      // `return value;` has no loop equivalent; `return;` in a nested loop would become that loop's `continue`.
      if (node.expression || insideLoop) ok = false;
      else edits.push({ start: node.getStart(sourceFile), end: node.end, newText: 'continue;' });
      return;
    }
    const loop = ts.isIterationStatement(node, false);
    ts.forEachChild(node, (child) => visit(child, insideLoop || loop));
  };
  ts.forEachChild(body, (child) => visit(child, false));
  if (!ok) return undefined;
  const start = body.getStart(sourceFile);
  let text = sourceFile.text.slice(start, body.end);
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start - start) + edit.newText + text.slice(edit.end - start);
  }
  return text;
}

function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node) && names.has(node.text)) return true;
  // `groups.list`: a property name is not a reference to a binding.
  if (ts.isPropertyAccessExpression(node)) return mentionsAny(node.expression, names);
  return ts.forEachChild(node, (child) => mentionsAny(child, names)) ?? false;
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...boundNames(element.name));
  }
  return names;
}

/** Whether the body assigns to one of `names` (then the loop variable must be `let`). */
function isAnyAssigned(body: ts.Node, names: ReadonlySet<string>): boolean {
  const isTarget = (node: ts.Expression): boolean => ts.isIdentifier(node) && names.has(node.text);
  const visit = (node: ts.Node): boolean => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && isTarget(node.left)) return true;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && isTarget(node.operand)) return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}…` : oneLine;
}
