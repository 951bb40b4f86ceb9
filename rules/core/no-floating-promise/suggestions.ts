/**
 * Text edits for the suggestions: add `await`, add `void`, add `.catch(handler)`, and
 * `await Promise.all(…)` for arrays. Each builder returns edits or undefined when the rewrite
 * would not be valid code. None of them is an autofix: each changes what the program does.
 */
import ts = require('typescript');
import type { TextEdit } from '../types.js';
import { unionParts } from '../promise-types.js';

/** Whether `expression` needs parentheses to be the operand of a prefix operator (`await`, `void`). */
export function needsParenthesesAsOperand(expression: ts.Expression): boolean {
  switch (expression.kind) {
    case ts.SyntaxKind.BinaryExpression:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.YieldExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
      return true;
    default:
      return false;
  }
}

/** Whether `expression` can take a `.member` suffix as it is (`f()`, `a.b`, `(x)`), not `new X` or `a + b`. */
export function canTakeMemberSuffix(expression: ts.Expression): boolean {
  switch (expression.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.ThisKeyword:
    case ts.SyntaxKind.TaggedTemplateExpression:
    case ts.SyntaxKind.ArrayLiteralExpression:
      return true;
    case ts.SyntaxKind.NewExpression:
      return (expression as ts.NewExpression).arguments !== undefined;
    case ts.SyntaxKind.NonNullExpression:
      return canTakeMemberSuffix((expression as ts.NonNullExpression).expression);
    default:
      return false;
  }
}

/** `prefix expr` (or `prefix (expr)` when needed). */
export function prefixEdits(expression: ts.Expression, sourceFile: ts.SourceFile, prefix: 'await' | 'void'): TextEdit[] {
  const start = expression.getStart(sourceFile);
  if (!needsParenthesesAsOperand(expression)) return [{ start, end: start, newText: `${prefix} ` }];
  return [
    { start, end: start, newText: `${prefix} (` },
    { start: expression.getEnd(), end: expression.getEnd(), newText: ')' },
  ];
}

/** `void expr` → `await expr`. */
export function replaceVoidWithAwait(expression: ts.VoidExpression, sourceFile: ts.SourceFile): TextEdit[] {
  const start = expression.getStart(sourceFile);
  return [{ start, end: start + 'void'.length, newText: 'await' }];
}

/** `expr.catch(handler)` (or `(expr).catch(handler)`). */
export function catchEdits(expression: ts.Expression, sourceFile: ts.SourceFile, handler: string): TextEdit[] {
  const start = expression.getStart(sourceFile);
  const end = expression.getEnd();
  if (canTakeMemberSuffix(expression)) return [{ start: end, end, newText: `.catch(${handler})` }];
  return [
    { start, end: start, newText: '(' },
    { start: end, end, newText: `).catch(${handler})` },
  ];
}

/** `Promise.all(expr)` wrapped in `await`/`void`. */
export function promiseAllEdits(expression: ts.Expression, sourceFile: ts.SourceFile, prefix: 'await' | 'void'): TextEdit[] {
  const start = expression.getStart(sourceFile);
  const end = expression.getEnd();
  const isComma = ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken;
  return [
    { start, end: start, newText: `${prefix} Promise.all(${isComma ? '(' : ''}` },
    { start: end, end, newText: `${isComma ? ')' : ''})` },
  ];
}

/** Whether every member of `type` has a callable `catch` method, so `.catch(…)` type-checks. */
export function hasCatchMethod(checker: ts.TypeChecker, type: ts.Type, location: ts.Node): boolean {
  const parts = unionParts(checker.getApparentType(type));
  return (
    parts.length > 0 &&
    parts.every((part) => {
      const member = part.getProperty('catch');
      if (!member) return false;
      return unionParts(checker.getTypeOfSymbolAtLocation(member, location)).some((t) => t.getCallSignatures().length > 0);
    })
  );
}

/** Whether every member of `type` is an array or tuple, so `Promise.all(…)` accepts it. */
export function isArrayLikeForPromiseAll(checker: ts.TypeChecker, type: ts.Type): boolean {
  return unionParts(type).every((part) => checker.isArrayType(part) || checker.isTupleType(part));
}
