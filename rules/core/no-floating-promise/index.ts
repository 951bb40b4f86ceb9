/**
 * no-floating-promise: a promise (or, with `checkThenables`, any thenable) that is created and
 * then dropped: an expression statement whose value is an unhandled promise, an arrow whose body
 * is `void <promise>` (with `ignoreVoid: false`), or a local that stores a promise and is never
 * read again. See docs/rules/no-floating-promise.md.
 *
 * Cost: statements are filtered by shape first (`mayFloat`); types are queried only for those.
 */
import ts = require('typescript');
import { enclosingTryStatements, isAwaitLegalAt, tryCatches } from '../await-context.js';
import type { Analysis, AnalysisReads, Finding, FixProposal } from '../types.js';
import { NODE_TEST_SAFE_CALLS, type TypeOrValueSpecifier } from './known-safe.js';
import {
  catchEdits,
  hasCatchMethod,
  isArrayLikeForPromiseAll,
  prefixEdits,
  promiseAllEdits,
  replaceVoidWithAwait,
} from './suggestions.js';
import { mayFloat, skipOuterExpressions, UnhandledPromiseFinder, type Unhandled } from './unhandled.js';
import { IdentifierIndex, isCandidateDeclaration, isCandidateStatement, isNeverReadAsValue } from './unread-local.js';

export const RULE_NAME = 'no-floating-promise';

/** Other bodies are read only to prove a promise cannot reject or is held: functions that may return one. */
export const READS: AnalysisReads = { synchronousCallees: false, fieldWritesAnywhere: true };

export interface NoFloatingPromiseOptions {
  /** `void p` marks a promise as deliberately ignored. Default true. */
  readonly ignoreVoid?: boolean;
  /** Skip statements that are an immediately invoked function expression. Default false. */
  readonly ignoreIIFE?: boolean;
  /** Treat any thenable as a promise. Default false. */
  readonly checkThenables?: boolean;
  /** Functions whose returned promise may float (default: node:test's describe/it/test/suite). */
  readonly allowForKnownSafeCalls?: readonly TypeOrValueSpecifier[];
  /** Promise types that may float. Default none. */
  readonly allowForKnownSafePromises?: readonly TypeOrValueSpecifier[];
  /** Report locals holding a promise that are never read again. Default true. */
  readonly checkUnreadLocals?: boolean;
  /** Report values typed "maybe a promise" (`void | Promise<void>`, `T | Promise<T>`). Default false. */
  readonly checkMaybePromises?: boolean;
  /** The handler the "Add `.catch(…)`" suggestion inserts. */
  readonly catchHandler?: string;
}

export const DEFAULT_CATCH_HANDLER = '(error: unknown) => { console.error(error); }';
const DEFAULT_CATCH_HANDLER_JS = '(error) => { console.error(error); }';

export const DEFAULT_OPTIONS: Required<NoFloatingPromiseOptions> = {
  ignoreVoid: true,
  ignoreIIFE: false,
  checkThenables: false,
  allowForKnownSafeCalls: NODE_TEST_SAFE_CALLS,
  allowForKnownSafePromises: [],
  checkUnreadLocals: true,
  checkMaybePromises: false,
  catchHandler: DEFAULT_CATCH_HANDLER,
};

export type NoFloatingPromiseMessageId =
  | 'floating'
  | 'floatingInTry'
  | 'floatingArray'
  | 'floatingUselessRejectionHandler'
  | 'floatingUnreadLocal'
  | 'addAwait'
  | 'addVoid'
  | 'addCatch'
  | 'awaitAll'
  | 'voidAll';

function strictNullChecksEnabled(options: ts.CompilerOptions): boolean {
  // TypeScript's own resolution of `strict` defaults (its default changed in 6.0).
  const resolve = (ts as unknown as { getStrictOptionValue?: (o: ts.CompilerOptions, flag: string) => boolean }).getStrictOptionValue;
  return resolve ? resolve(options, 'strictNullChecks') : (options.strictNullChecks ?? options.strict ?? false);
}

function isJavaScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/i.test(sourceFile.fileName);
}

function isIIFE(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (!ts.isCallExpression(inner)) return false;
  const callee = skipOuterExpressions(inner.expression);
  return ts.isArrowFunction(callee) || ts.isFunctionExpression(callee);
}

/**
 * Whether the value of `inner` can become the value of `root`: not the left of `&&` or `,`, not a
 * ternary's condition, not under `void`.
 */
function isResultPosition(inner: ts.Node, root: ts.Node): boolean {
  for (let child = inner, parent = inner.parent; child !== root && parent !== undefined; child = parent, parent = parent.parent) {
    if (ts.isBinaryExpression(parent)) {
      const kind = parent.operatorToken.kind;
      if ((kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.CommaToken) && parent.left === child) return false;
    } else if (ts.isConditionalExpression(parent)) {
      if (parent.condition === child) return false;
    } else if (ts.isVoidExpression(parent)) {
      return false;
    }
  }
  return true;
}

export const analyzeNoFloatingPromise: Analysis<NoFloatingPromiseOptions> = ({ sourceFile, program, checker, options, scope }) => {
  if (!program || !checker) return [];
  const settings = { ...DEFAULT_OPTIONS, ...options };
  const finder = new UnhandledPromiseFinder({
    program,
    checker,
    ignoreVoid: settings.ignoreVoid,
    checkThenables: settings.checkThenables,
    allowForKnownSafeCalls: settings.allowForKnownSafeCalls,
    allowForKnownSafePromises: settings.allowForKnownSafePromises,
    checkMaybePromises: settings.checkMaybePromises,
    strictNullChecks: strictNullChecksEnabled(program.getCompilerOptions()),
  });
  const compilerOptions = program.getCompilerOptions();
  const handler =
    options.catchHandler ?? (isJavaScriptFile(sourceFile) ? DEFAULT_CATCH_HANDLER_JS : DEFAULT_CATCH_HANDLER);
  const findings: Finding[] = [];
  const identifiers = new IdentifierIndex(sourceFile);

  const catchSuggestion = (target: ts.Expression): FixProposal | undefined => {
    if (!hasCatchMethod(checker, checker.getTypeAtLocation(target), target)) return undefined;
    return { messageId: 'addCatch', edits: catchEdits(target, sourceFile, handler) };
  };

  /** The sub-expression a `.catch(…)` should go on: the only culprit, or the whole value when all of it is a promise. */
  const catchTarget = (expression: ts.Expression, first: Unhandled): ts.Expression | undefined => {
    if (first.kind === 'array') return undefined;
    const all = finder.findAll(expression);
    if (all.length === 1) return all[0]!.culprit;
    // `.catch` on the whole value handles every culprit only if each one can be that value.
    if (!all.every((found) => isResultPosition(found.culprit, expression))) return undefined;
    return hasCatchMethod(checker, checker.getTypeAtLocation(expression), expression) ? expression : undefined;
  };

  const checkStatement = (statement: ts.ExpressionStatement): void => {
    const expression = statement.expression;
    if (!mayFloat(expression)) return;
    if (settings.ignoreIIFE && isIIFE(expression)) return;
    const unhandled = finder.find(expression);
    if (!unhandled) return;

    const awaitLegal = isAwaitLegalAt(statement, sourceFile, compilerOptions);
    const suggestions: FixProposal[] = [];
    let messageId: NoFloatingPromiseMessageId;
    if (unhandled.kind === 'array') {
      messageId = 'floatingArray';
      const arrayExpression = skipOuterExpressions(expression);
      if (isArrayLikeForPromiseAll(checker, checker.getTypeAtLocation(arrayExpression))) {
        if (awaitLegal) suggestions.push({ messageId: 'awaitAll', edits: promiseAllEdits(expression, sourceFile, 'await') });
        else if (settings.ignoreVoid) suggestions.push({ messageId: 'voidAll', edits: promiseAllEdits(expression, sourceFile, 'void') });
      }
    } else {
      const inTry = enclosingTryStatements(statement).some(tryCatches);
      messageId = unhandled.kind === 'nonFunctionHandler' ? 'floatingUselessRejectionHandler' : inTry ? 'floatingInTry' : 'floating';
      if (awaitLegal) {
        const edits = ts.isVoidExpression(expression) ? replaceVoidWithAwait(expression, sourceFile) : prefixEdits(expression, sourceFile, 'await');
        suggestions.push({ messageId: 'addAwait', edits });
      }
      if (settings.ignoreVoid) suggestions.push({ messageId: 'addVoid', edits: prefixEdits(expression, sourceFile, 'void') });
      const target = catchTarget(expression, unhandled);
      const suggestion = target && catchSuggestion(target);
      if (suggestion) suggestions.push(suggestion);
    }
    findings.push({
      ruleName: RULE_NAME,
      start: statement.getStart(sourceFile),
      end: statement.getEnd(),
      messageId,
      data: { voidHint: settings.ignoreVoid ? ', or mark it `void` if it is meant to run in the background' : '' },
      suggestions,
    });
  };

  /** `() => void promise` with `ignoreVoid: false`: the arrow's body is a thrown-away promise. */
  const checkVoidArrowBody = (arrow: ts.ArrowFunction): void => {
    if (settings.ignoreVoid || !ts.isVoidExpression(arrow.body)) return;
    const body = arrow.body;
    const unhandled = finder.find(body);
    if (!unhandled || unhandled.kind === 'array') return;
    const suggestions: FixProposal[] = [];
    const target = catchTarget(body.expression, unhandled);
    const suggestion = target && catchSuggestion(target);
    if (suggestion) suggestions.push(suggestion);
    findings.push({
      ruleName: RULE_NAME,
      start: body.getStart(sourceFile),
      end: body.getEnd(),
      messageId: unhandled.kind === 'nonFunctionHandler' ? 'floatingUselessRejectionHandler' : 'floating',
      data: { voidHint: '' },
      suggestions,
    });
  };

  const checkVariableStatement = (statement: ts.VariableStatement): void => {
    if (!settings.checkUnreadLocals || !isCandidateStatement(statement)) return;
    const declarations = statement.declarationList.declarations;
    for (const declaration of declarations) {
      if (!isCandidateDeclaration(declaration)) continue;
      const initializer = declaration.initializer;
      const inner = skipOuterExpressions(initializer);
      // Only a freshly created promise floats; `const p = this.p` aliases one someone else owns.
      if (!(ts.isCallExpression(inner) || ts.isNewExpression(inner) || ts.isTaggedTemplateExpression(inner))) continue;
      // References first: most locals are read, and that answer needs no type query.
      if (!isNeverReadAsValue(checker, declaration, identifiers)) continue;
      const unhandled = finder.find(initializer);
      if (!unhandled || unhandled.kind === 'nonFunctionHandler') continue;
      const suggestions: FixProposal[] = [];
      if (unhandled.kind === 'promise') {
        if (isAwaitLegalAt(statement, sourceFile, compilerOptions)) {
          suggestions.push({ messageId: 'addAwait', edits: prefixEdits(initializer, sourceFile, 'await') });
        }
        const suggestion = catchSuggestion(initializer);
        if (suggestion) suggestions.push(suggestion);
      } else if (isArrayLikeForPromiseAll(checker, checker.getTypeAtLocation(inner)) && isAwaitLegalAt(statement, sourceFile, compilerOptions)) {
        suggestions.push({ messageId: 'awaitAll', edits: promiseAllEdits(initializer, sourceFile, 'await') });
      }
      findings.push({
        ruleName: RULE_NAME,
        start: declaration.name.getStart(sourceFile),
        end: declaration.name.getEnd(),
        messageId: 'floatingUnreadLocal',
        data: { name: declaration.name.text },
        suggestions,
      });
    }
  };

  const visit = (node: ts.Node): void => {
    if (scope !== undefined && !scope.visits(node)) return;
    if (ts.isExpressionStatement(node)) checkStatement(node);
    else if (ts.isVariableStatement(node)) checkVariableStatement(node);
    else if (ts.isArrowFunction(node)) checkVoidArrowBody(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
};
