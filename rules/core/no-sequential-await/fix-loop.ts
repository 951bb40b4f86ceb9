/**
 * Promise.all rewrites of an independent loop, offered only where the result keeps its meaning
 * (apart from the error semantics the title states):
 *   for (const x of xs) out.push(await f(x));  →  out.push(...(await Promise.all(xs.map((x) => f(x)))));
 *   const out = []; for (…) out.push(await f(x));  →  const out = await Promise.all(xs.map((x) => f(x)));
 *   for (const x of xs) { …body… }  →  await Promise.all(xs.map(async (x) => { …body… }));
 * The general form is offered only when nothing in the body depends on completion order: results
 * go to per-iteration slots (`out[k] = v`) or to the current element (`item.x = v`), never pushed,
 * accumulated or inserted into an ordered Set/Map.
 */
import ts = require('typescript');
import type { FixProposal } from '../types.js';
import { unwrapParentheses } from './calls.js';
import type { EffectCollector } from './effects.js';
import { isArrayLike, type LoopAnalysis } from './loops.js';

export function buildLoopFix(analysis: LoopAnalysis, sourceFile: ts.SourceFile, checker: ts.TypeChecker, effects: EffectCollector, messageId: string): FixProposal | undefined {
  const { loop } = analysis;
  if (analysis.hasContinue || !promiseIsGlobal(loop, checker)) return undefined;
  const source = mapSource(analysis, sourceFile, checker);
  if (!source) return undefined;
  const text = sourceFile.text;
  const statements = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];

  // Push form: the body is exactly `out.push(await call);`.
  const only = statements.length === 1 ? statements[0]! : undefined;
  if (only && ts.isExpressionStatement(only) && analysis.collections.length === 1 && analysis.collections[0]!.kind === 'push' &&
    analysis.awaits.length === 1) {
    const push = unwrapParentheses(only.expression);
    if (ts.isCallExpression(push) && push.arguments.length === 1 && unwrapParentheses(push.arguments[0]!) === analysis.first.await) {
      const receiver = (push.expression as ts.PropertyAccessExpression).expression as ts.Identifier;
      const call = analysis.first.await.expression;
      const callText = text.slice(call.getStart(sourceFile), call.getEnd());
      const mapped = source.map(callText.startsWith('{') ? `(${callText})` : callText, false);
      const declaration = emptyArrayDeclarationBefore(loop, receiver, effects);
      if (declaration) {
        const [statement, variable] = declaration;
        const kind = statement.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'let';
        const annotation = variable.type ? `: ${variable.type.getText(sourceFile)}` : '';
        return {
          messageId,
          edits: [{ start: statement.getStart(sourceFile), end: loop.getEnd(), newText: `${kind} ${receiver.text}${annotation} = await Promise.all(${mapped});` }],
        };
      }
      return { messageId, edits: [{ start: loop.getStart(sourceFile), end: loop.getEnd(), newText: `${receiver.text}.push(...(await Promise.all(${mapped})));` }] };
    }
  }

  // General form: only when no result depends on completion order.
  if (analysis.collections.some((op) => op.kind !== 'index' && op.kind !== 'element')) return undefined;
  if (containsVarOrHoistedFunction(loop.statement)) return undefined;
  const body = ts.isBlock(loop.statement) ? text.slice(loop.statement.getStart(sourceFile), loop.statement.getEnd()) : `{ ${text.slice(loop.statement.getStart(sourceFile), loop.statement.getEnd())} }`;
  return { messageId, edits: [{ start: loop.getStart(sourceFile), end: loop.getEnd(), newText: `await Promise.all(${source.map(body, true)});` }] };
}

interface MapSource {
  map(body: string, async: boolean): string;
}

/** `xs.map((x) => …)`, `Array.from(set, (x) => …)` or `Array.from({ length: n }, (_, i) => …)`. */
function mapSource(analysis: LoopAnalysis, sourceFile: ts.SourceFile, checker: ts.TypeChecker): MapSource | undefined {
  const { loop } = analysis;
  const prefix = (async: boolean): string => (async ? 'async ' : '');
  if (ts.isForOfStatement(loop)) {
    const list = loop.initializer as ts.VariableDeclarationList;
    const parameter = list.declarations[0]!.name.getText(sourceFile);
    const iterable = loop.expression;
    const iterableText = iterable.getText(sourceFile);
    if (isArrayLike(iterable, checker)) {
      const receiver = needsParentheses(iterable) ? `(${iterableText})` : iterableText;
      return { map: (body, async) => `${receiver}.map(${prefix(async)}(${parameter}) => ${body})` };
    }
    return { map: (body, async) => `Array.from(${iterableText}, ${prefix(async)}(${parameter}) => ${body})` };
  }
  const counted = analysis.counted;
  if (!counted?.count) return undefined;
  const count = counted.count.getText(sourceFile);
  return { map: (body, async) => `Array.from({ length: ${count} }, ${prefix(async)}(_, ${counted.index.text}) => ${body})` };
}

function needsParentheses(expression: ts.Expression): boolean {
  return !(ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression) ||
    ts.isCallExpression(expression) || ts.isParenthesizedExpression(expression) || ts.isArrayLiteralExpression(expression) ||
    expression.kind === ts.SyntaxKind.ThisKeyword);
}

/** `const out = [];` or `const out: T[] = [];` immediately before the loop. */
function emptyArrayDeclarationBefore(loop: ts.Statement, receiver: ts.Identifier, effects: EffectCollector): [ts.VariableStatement, ts.VariableDeclaration] | undefined {
  const parent = loop.parent;
  if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) return undefined;
  const index = parent.statements.indexOf(loop);
  const previous = index > 0 ? parent.statements[index - 1] : undefined;
  if (!previous || !ts.isVariableStatement(previous) || previous.modifiers?.length) return undefined;
  const list = previous.declarationList;
  if (list.declarations.length !== 1 || !(list.flags & ts.NodeFlags.BlockScoped) || list.flags & ts.NodeFlags.Using) return undefined;
  const variable = list.declarations[0]!;
  if (!ts.isIdentifier(variable.name) || variable.name.text !== receiver.text) return undefined;
  if (effects.identifierKey(variable.name) !== effects.identifierKey(receiver)) return undefined;
  const initializer = variable.initializer && unwrapParentheses(variable.initializer);
  if (!initializer || !ts.isArrayLiteralExpression(initializer) || initializer.elements.length > 0) return undefined;
  // With an annotation the call sits in a contextual type; keep it simple: only plain element types.
  return [previous, variable];
}

function containsVarOrHoistedFunction(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclarationList(child) && !(child.flags & ts.NodeFlags.BlockScoped)) found = true;
    else if (ts.isFunctionDeclaration(child)) found = true;
    else if (!ts.isFunctionLike(child)) ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function promiseIsGlobal(location: ts.Node, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolsInScope(location, ts.SymbolFlags.Value).find((candidate) => candidate.getName() === 'Promise');
  return symbol !== undefined && (symbol.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile);
}
