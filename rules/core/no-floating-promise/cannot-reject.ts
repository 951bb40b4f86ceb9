/**
 * Proves that calling an async function cannot produce a rejected promise: its whole body is
 * `try { … } catch { … }` and nothing in the catch (or finally) can throw. Such a promise may
 * float: nothing is lost when nobody listens for a rejection that cannot happen.
 *
 * "Cannot throw" is judged on the syntax of the catch block: logging and other calls of named
 * functions whose arguments are plain values or such calls (a synchronous error sink), assignments,
 * `if` on such conditions, local functions, `return` of a non-promise value. `throw`, `await`,
 * `yield`, `new`, and any expression we cannot read this way make the proof fail, and the call is
 * reported as usual. Outside the try only call-free bookkeeping is allowed (`const first = a === b;`),
 * and after it argument-less finalizers on a name (`response.end()`, `client.release()`): a
 * cleanup call that throws is the one residual risk we accept.
 *
 * The same judgement proves promise chains that cannot reject (`promiseCannotReject`):
 * `Promise.allSettled(list).then((results) => { … })` rejects only if its callback throws, and a
 * callback is read like a catch block (`callbackCannotThrow`). Calls in it are trusted not to throw,
 * as in a catch block; that trust is the residual risk here.
 */
import ts = require('typescript');
import { isAsyncFunction, type FunctionWithBody } from '../await-context.js';
import { isBuiltinPromiseType, isSymbolFromDefaultLibrary } from '../promise-types.js';

/** The function a call runs, when the call's target is a single function with a body in this program. */
export function calledFunctionDeclaration(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): FunctionWithBody | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return callee;
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!target) return undefined;
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const withBody = (symbol?.getDeclarations() ?? []).map(functionOfDeclaration).filter((fn): fn is FunctionWithBody => fn !== undefined);
  if (withBody.length !== 1) return undefined;
  const fn = withBody[0]!;
  const file = fn.getSourceFile();
  if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) return undefined;
  return fn;
}

function functionOfDeclaration(declaration: ts.Declaration): FunctionWithBody | undefined {
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  const initializer =
    ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)
      ? declaration.initializer
      : undefined;
  if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
    // A `let` could be reassigned to a function that does reject.
    if (ts.isVariableDeclaration(declaration) && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    return initializer;
  }
  return undefined;
}

/**
 * Whether the promise of calling `fn` can never reject: `fn` is async, its parameters cannot
 * throw while binding (plain names, no defaults or destructuring), and its body is only
 * try/catch statements whose catch and finally blocks cannot throw.
 */
export function asyncFunctionCannotReject(program: ts.Program, checker: ts.TypeChecker, fn: FunctionWithBody): boolean {
  if (!isAsyncFunction(fn) || fn.asteriskToken) return false;
  if (!fn.body || !ts.isBlock(fn.body) || fn.body.statements.length === 0) return false;
  if (!fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && parameter.initializer === undefined)) return false;
  const cannotThrow = new CannotThrow(program, checker);
  let sawTry = false;
  const proven = fn.body.statements.every((statement) => {
    if (ts.isTryStatement(statement)) {
      sawTry = true;
      return (
        statement.catchClause !== undefined &&
        (statement.catchClause.variableDeclaration === undefined || ts.isIdentifier(statement.catchClause.variableDeclaration.name)) &&
        cannotThrow.block(statement.catchClause.block) &&
        (statement.finallyBlock === undefined || cannotThrow.block(statement.finallyBlock))
      );
    }
    // Outside the try only bookkeeping that involves no call (`const first = request === this;`)
    // and, after it, argument-less finalizers (`response.end()`, `client.release()`).
    return cannotThrow.bookkeeping(statement) || (sawTry && cannotThrow.finalizer(statement));
  });
  return proven && sawTry;
}

/** Whether the promise returned by `call` provably cannot reject (see `asyncFunctionCannotReject`). */
export function callCannotReject(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const fn = calledFunctionDeclaration(program, checker, call);
  return fn !== undefined && asyncFunctionCannotReject(program, checker, fn);
}

/**
 * Whether the promise `expression` evaluates to provably cannot reject:
 * - `Promise.allSettled(array)`: it fulfils once every element settles, whatever they do (only
 *   iterating its argument could throw, and iterating a built-in array or tuple does not);
 * - a call of an async function that cannot reject (`callCannotReject`);
 * - `p.then(f)` / `p.finally(f)` on such a promise, when `f` cannot throw (see `callbackCannotThrow`):
 *   a throw in `f` is the only way the new promise could reject;
 * - `p.catch(h)` / `p.then(f, h)` on any built-in promise, when `h` (and `f`) cannot throw.
 * `.then`/`.catch`/`.finally` count only when they are the default library's `Promise` methods.
 */
export function promiseCannotReject(program: ts.Program, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const call = skipParentheses(expression);
  if (!ts.isCallExpression(call)) return false;
  const callee = skipParentheses(call.expression);
  if (call.arguments.some(ts.isSpreadElement)) return false;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    const name = callee.name.text;
    if (name === 'allSettled' || name === 'then' || name === 'catch' || name === 'finally') {
      if (!isSymbolFromDefaultLibrary(program, checker.getSymbolAtLocation(callee.name))) return false;
      const [first, second] = call.arguments;
      const cannotThrow = (callback: ts.Expression | undefined): boolean =>
        callback === undefined || isNullishLiteral(callback) || callbackCannotThrow(program, checker, callback);
      switch (name) {
        case 'allSettled':
          return first !== undefined && isBuiltinArrayOrTuple(checker, checker.getTypeAtLocation(first));
        case 'catch':
          return first !== undefined && !isNullishLiteral(first) && cannotThrow(first);
        case 'then':
          if (second !== undefined && !isNullishLiteral(second)) return cannotThrow(first) && cannotThrow(second);
          return cannotThrow(first) && promiseCannotReject(program, checker, callee.expression);
        case 'finally':
          return cannotThrow(first) && promiseCannotReject(program, checker, callee.expression);
      }
    }
  }
  return callCannotReject(program, checker, call);
}

/**
 * Whether calling the inline callback `expression` (`(results) => { … }`) provably cannot throw,
 * judged like a catch block (see `CannotThrow`): plain parameters, and a body of statements that
 * cannot throw, or an expression body that is a plain value and not a promise. An async callback
 * counts when its promise cannot reject (`asyncFunctionCannotReject`).
 */
export function callbackCannotThrow(program: ts.Program, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const fn = skipParentheses(expression);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  if (fn.asteriskToken) return false;
  if (isAsyncFunction(fn)) return asyncFunctionCannotReject(program, checker, fn);
  if (!fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && parameter.initializer === undefined)) return false;
  const cannotThrow = new CannotThrow(program, checker);
  if (ts.isBlock(fn.body)) return cannotThrow.block(fn.body);
  return cannotThrow.plain(fn.body) && !isBuiltinPromiseType(program, checker, checker.getTypeAtLocation(fn.body));
}

function isNullishLiteral(expression: ts.Expression): boolean {
  const inner = skipParentheses(expression);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined');
}

/** Whether every member of `type` is a built-in array or tuple (iterating it cannot throw). */
function isBuiltinArrayOrTuple(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => checker.isArrayType(part) || checker.isTupleType(part));
}

class CannotThrow {
  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** A statement outside any try: a declaration without calls, a function declaration, or a bare `return`. */
  bookkeeping(statement: ts.Statement): boolean {
    if (ts.isEmptyStatement(statement) || ts.isFunctionDeclaration(statement)) return true;
    if (ts.isReturnStatement(statement)) return statement.expression === undefined;
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.every(
        (declaration) =>
          ts.isIdentifier(declaration.name) &&
          (declaration.initializer === undefined || (this.plain(declaration.initializer) && !containsCall(declaration.initializer))),
      );
    }
    return false;
  }

  /** `name.method()` with no arguments and a non-promise result: the cleanup after a try (`response.end()`). */
  finalizer(statement: ts.Statement): boolean {
    if (!ts.isExpressionStatement(statement)) return false;
    const call = skipParentheses(statement.expression);
    if (!ts.isCallExpression(call) || call.arguments.length > 0 || call.questionDotToken) return false;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = callee.expression;
    if (!ts.isIdentifier(receiver) && receiver.kind !== ts.SyntaxKind.ThisKeyword) return false;
    return !isBuiltinPromiseType(this.program, this.checker, this.checker.getTypeAtLocation(call));
  }

  block(block: ts.Block): boolean {
    return block.statements.every((statement) => this.statement(statement));
  }

  statement(statement: ts.Statement): boolean {
    if (ts.isEmptyStatement(statement) || ts.isFunctionDeclaration(statement)) return true;
    if (ts.isBreakStatement(statement) || ts.isContinueStatement(statement)) return true;
    if (ts.isBlock(statement)) return this.block(statement);
    if (ts.isForOfStatement(statement)) {
      // `for (const item of list)` over a built-in array: iterating it cannot throw; a destructuring binding could.
      const binding = statement.initializer;
      return (
        statement.awaitModifier === undefined &&
        ts.isVariableDeclarationList(binding) &&
        binding.declarations.length === 1 &&
        ts.isIdentifier(binding.declarations[0]!.name) &&
        this.plain(statement.expression) &&
        isBuiltinArrayOrTuple(this.checker, this.checker.getTypeAtLocation(statement.expression)) &&
        this.statement(statement.statement)
      );
    }
    if (ts.isExpressionStatement(statement)) return this.effect(statement.expression);
    if (ts.isIfStatement(statement)) {
      return (
        this.plain(statement.expression) &&
        this.statement(statement.thenStatement) &&
        (statement.elseStatement === undefined || this.statement(statement.elseStatement))
      );
    }
    if (ts.isReturnStatement(statement)) {
      // Returning a promise from an async function adopts its state: it could reject.
      return (
        statement.expression === undefined ||
        (this.plain(statement.expression) && !isBuiltinPromiseType(this.program, this.checker, this.checker.getTypeAtLocation(statement.expression)))
      );
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.every(
        (declaration) =>
          ts.isIdentifier(declaration.name) &&
          (declaration.initializer === undefined || this.plain(declaration.initializer) || isFunctionValue(declaration.initializer)),
      );
    }
    return false;
  }

  /** An expression evaluated for its effect: a call with plain arguments (an error sink), an assignment of a plain value. */
  private effect(expression: ts.Expression): boolean {
    const inner = skipParentheses(expression);
    if (ts.isVoidExpression(inner)) return this.effect(inner.expression);
    if (ts.isCallExpression(inner)) return this.call(inner);
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return (ts.isIdentifier(inner.left) || this.plain(inner.left)) && this.plain(inner.right);
    }
    return this.plain(inner);
  }

  private call(call: ts.CallExpression): boolean {
    const callee = skipParentheses(call.expression);
    const calleeIsName = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && this.plain(callee.expression));
    return calleeIsName && call.arguments.every((argument) => this.plain(argument) || isFunctionValue(argument));
  }

  /** A value computed without calls that could fail: names, literals, property reads, operators over those. */
  plain(expression: ts.Expression): boolean {
    const node = skipParentheses(expression);
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
      case ts.SyntaxKind.ThisKeyword:
      case ts.SyntaxKind.SuperKeyword:
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.RegularExpressionLiteral:
        return true;
      case ts.SyntaxKind.PropertyAccessExpression:
        return this.plain((node as ts.PropertyAccessExpression).expression);
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        return this.plain(access.expression) && this.plain(access.argumentExpression);
      }
      case ts.SyntaxKind.TemplateExpression:
        return (node as ts.TemplateExpression).templateSpans.every((span) => this.plain(span.expression));
      case ts.SyntaxKind.PrefixUnaryExpression:
        return this.plain((node as ts.PrefixUnaryExpression).operand);
      case ts.SyntaxKind.TypeOfExpression:
        return this.plain((node as ts.TypeOfExpression).expression);
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const kind = binary.operatorToken.kind;
        if (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) return false;
        if (kind === ts.SyntaxKind.InKeyword) return false; // throws on primitives
        return this.plain(binary.left) && this.plain(binary.right);
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        return this.plain(conditional.condition) && this.plain(conditional.whenTrue) && this.plain(conditional.whenFalse);
      }
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
        return this.plain((node as ts.AsExpression).expression);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return (node as ts.ArrayLiteralExpression).elements.every((element) => !ts.isSpreadElement(element) && this.plain(element));
      case ts.SyntaxKind.ObjectLiteralExpression:
        return (node as ts.ObjectLiteralExpression).properties.every(
          (property) =>
            ts.isShorthandPropertyAssignment(property) ||
            (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && this.plain(property.initializer)),
        );
      case ts.SyntaxKind.CallExpression:
        // A synchronous helper (`normalizeError(error)`, `String(error)`, `this.isStale(request)`):
        // an error sink's arguments and conditions are built with these. Its promise, if any, is not awaited here.
        return this.call(node as ts.CallExpression);
      default:
        return false;
    }
  }
}

function isFunctionValue(expression: ts.Expression): boolean {
  return ts.isArrowFunction(expression) || ts.isFunctionExpression(expression);
}

function containsCall(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node) || ts.isAwaitExpression(node)) return true;
  return ts.forEachChild(node, containsCall) === true;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
