/**
 * "A call that hands back a promise its receiver already holds": `pipeline.exec()` whose every
 * `return` is `this.promise`, a field written only by the class's constructor. The promise existed
 * before the call, so dropping the call's result leaves nothing new unhandled: whoever created and
 * stored it (the constructor) owns its rejection, and every other caller gets the same object.
 *
 * The method's body is read where TypeScript declares it (a method or a function-valued field of a
 * class) or, when the member is only declared (interface merging, a base class's signature), where
 * the class's own file assigns it on the prototype: `Pipeline.prototype.exec = function () { … }`.
 *
 * The proof fails, and the call is reported as usual, when the method is async or a generator, when
 * some `return` gives back anything else that is promise-typed (`any` is not), when the field is an
 * accessor, or when any assignment in the program may write the field outside the constructor of its
 * class (an assignment through an untyped receiver counts as such a write).
 */
import ts = require('typescript');
import { isAsyncFunction, type FunctionWithBody } from '../await-context.js';
import { cachedPerProgram } from '../per-program-cache.js';

interface Implementation {
  readonly fn: FunctionWithBody;
  /** The class whose instance `this` is inside `fn`. */
  readonly classSymbol: ts.Symbol;
}

/** Whether `call` returns only promises stored on its receiver by the constructor (see the file comment). */
export function returnsHeldPromise(
  program: ts.Program,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
  isPromise: (type: ts.Type, location: ts.Node) => boolean,
): boolean {
  const implementation = implementationOf(checker, call);
  if (!implementation) return false;
  const { fn, classSymbol } = implementation;
  if (isAsyncFunction(fn) || ('asteriskToken' in fn && fn.asteriskToken)) return false;
  const file = fn.getSourceFile();
  if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) return false;
  const instanceType = checker.getDeclaredTypeOfSymbol(classSymbol);
  let returnsField = false;
  for (const returned of returnedExpressions(fn)) {
    const field = thisFieldRead(returned);
    if (field !== undefined) {
      const symbol = instanceType.getProperty(field);
      if (!symbol || !isPlainField(symbol) || !writtenOnlyByConstructor(program, checker, symbol)) return false;
      returnsField = true;
    } else if (isPromise(checker.getTypeAtLocation(returned), returned)) {
      return false;
    }
  }
  return returnsField;
}

/** The function a method call runs and the class it belongs to, when there is exactly one. */
function implementationOf(checker: ts.TypeChecker, call: ts.CallExpression): Implementation | undefined {
  const callee = skipParentheses(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const member = checker.getSymbolAtLocation(callee.name);
  if (!member) return undefined;
  const declared = (member.getDeclarations() ?? []).map((declaration) => classMemberFunction(checker, declaration)).filter((found): found is Implementation => found !== undefined);
  if (declared.length > 0) return declared.length === 1 ? declared[0] : undefined;
  // Only declared (an interface signature): look for the prototype assignment in the receiver class's file.
  const classSymbol = classOfType(checker, checker.getTypeAtLocation(callee.expression));
  if (!classSymbol) return undefined;
  const assigned: FunctionWithBody[] = [];
  for (const declaration of classSymbol.getDeclarations() ?? []) {
    if (!ts.isClassDeclaration(declaration)) continue;
    for (const statement of declaration.getSourceFile().statements) {
      const fn = prototypeAssignment(checker, statement, classSymbol, callee.name.text);
      if (fn) assigned.push(fn);
    }
  }
  return assigned.length === 1 ? { fn: assigned[0]!, classSymbol } : undefined;
}

/** A class method with a body, or a class field initialized with a function, and its class. */
function classMemberFunction(checker: ts.TypeChecker, declaration: ts.Declaration): Implementation | undefined {
  let fn: FunctionWithBody | undefined;
  if (ts.isMethodDeclaration(declaration) && declaration.body) fn = declaration;
  else if (ts.isPropertyDeclaration(declaration) && declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))) {
    fn = declaration.initializer;
  }
  const owner = declaration.parent;
  if (!fn || !ts.isClassLike(owner) || !owner.name) return undefined;
  if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static) return undefined;
  const classSymbol = checker.getSymbolAtLocation(owner.name);
  return classSymbol ? { fn, classSymbol } : undefined;
}

/** The class an instance type (or `this` type) belongs to. */
function classOfType(checker: ts.TypeChecker, type: ts.Type): ts.Symbol | undefined {
  const symbol = (type.isTypeParameter() ? type.getConstraint() ?? type : type).getSymbol() ?? checker.getApparentType(type).getSymbol();
  return symbol && symbol.flags & ts.SymbolFlags.Class ? symbol : undefined;
}

/** `C.prototype.name = function (…) { … }` at the top of a file, with `C` resolving to `classSymbol`. */
function prototypeAssignment(checker: ts.TypeChecker, statement: ts.Statement, classSymbol: ts.Symbol, name: string): FunctionWithBody | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const assignment = skipParentheses(statement.expression);
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = assignment.left;
  if (!ts.isPropertyAccessExpression(left) || left.name.text !== name) return undefined;
  const prototype = left.expression;
  if (!ts.isPropertyAccessExpression(prototype) || prototype.name.text !== 'prototype' || !ts.isIdentifier(prototype.expression)) return undefined;
  const right = skipParentheses(assignment.right);
  if (!ts.isFunctionExpression(right)) return undefined; // an arrow's `this` is not the instance
  let owner = checker.getSymbolAtLocation(prototype.expression);
  if (owner && owner.flags & ts.SymbolFlags.Alias) owner = checker.getAliasedSymbol(owner);
  return owner === classSymbol ? right : undefined;
}

/** The values `fn` can return from its own body (an arrow's expression body is one). */
function returnedExpressions(fn: FunctionWithBody): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `name` when `expression` is `this.name` (what a method returns when it hands back a held promise). */
export function thisFieldRead(expression: ts.Expression): string | undefined {
  const inner = skipParentheses(expression);
  return ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(inner.name)
    ? inner.name.text
    : undefined;
}

/** A data field (class property or interface property), not an accessor or method whose read could create a promise. */
function isPlainField(symbol: ts.Symbol): boolean {
  const declarations = symbol.getDeclarations() ?? [];
  return declarations.length > 0 && declarations.every((declaration) => ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration));
}

const writtenOnlyByConstructorCache = new WeakMap<ts.Program, Map<ts.Symbol, boolean>>();

/**
 * Whether every assignment to the field in the program's own files is a statement of its class's
 * constructor (not a callback inside it). Assignments through an untyped receiver (`this` in a
 * prototype function, `any`) with the same name count as writes elsewhere. Cached per program.
 */
function writtenOnlyByConstructor(program: ts.Program, checker: ts.TypeChecker, field: ts.Symbol): boolean {
  return cachedPerProgram(writtenOnlyByConstructorCache, program, field, () => scanWritesOfField(program, checker, field));
}

function scanWritesOfField(program: ts.Program, checker: ts.TypeChecker, field: ts.Symbol): boolean {
  const declarations = new Set(field.getDeclarations() ?? []);
  const classes = new Set([...declarations].map((declaration) => declaration.parent));
  const name = field.getName();
  let result = true;
  const isField = (symbol: ts.Symbol | undefined): boolean =>
    symbol === undefined || (symbol.getDeclarations() ?? []).some((declaration) => declarations.has(declaration));
  const visit = (node: ts.Node): void => {
    if (!result) return;
    const target = assignedProperty(node);
    if (target && target.text === name && isField(checker.getSymbolAtLocation(target)) && !isConstructorStatement(node, classes)) result = false;
    ts.forEachChild(node, visit);
  };
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file) || !file.text.includes(name)) continue;
    visit(file);
    if (!result) break;
  }
  return result;
}

/**
 * The property name node an assignment writes (`x.name = …`, `x['name'] ??= …`): the writes a held
 * promise's proof reads (the language server and `--cache` track the same writes by name).
 */
export function assignedProperty(node: ts.Node): ts.MemberName | ts.StringLiteralLike | undefined {
  if (!ts.isBinaryExpression(node) || !isAssignmentOperator(node.operatorToken.kind)) return undefined;
  const left = skipParentheses(node.left);
  if (ts.isPropertyAccessExpression(left)) return left.name;
  return ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression : undefined;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Whether the innermost function around `node` is the constructor of one of `classes`. */
function isConstructorStatement(node: ts.Node, classes: ReadonlySet<ts.Node>): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isClassStaticBlockDeclaration(current)) {
      return ts.isConstructorDeclaration(current) && classes.has(current.parent);
    }
  }
  return false;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
