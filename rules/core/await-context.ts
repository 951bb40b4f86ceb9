/**
 * Where `await` is legal, and the function context of a node. Shared by the analyses that
 * offer "add `await`" style fixes: such a fix is offered only where the result compiles.
 *
 * `await` is legal in the body of an async function (not in its parameters), and at the top
 * level of a module file when the compiler options allow top-level await (module es2022 /
 * esnext / system / node16+ / preserve with target es2017+, and, under node16+, a file whose
 * emitted format is ESM). A sync function, a class field initializer or a static block nested
 * in an async function starts a new context where `await` is not legal.
 */
import ts = require('typescript');

/** A function with a body: declaration, expression, arrow, method, accessor or constructor. */
export type FunctionWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** The nodes that start a new `await` context: functions, class field initializers and static blocks. */
export type AwaitContainer = FunctionWithBody | ts.PropertyDeclaration | ts.ClassStaticBlockDeclaration | ts.SourceFile;

export function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The innermost function (with a body) that contains `node`, or undefined at module/script level. */
export function innermostFunction(node: ts.Node): FunctionWithBody | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (isFunctionWithBody(current)) return current;
  }
  return undefined;
}

/** Whether a function is declared `async` (async generators included). */
export function isAsyncFunction(fn: ts.SignatureDeclaration): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/**
 * The innermost node that decides whether `await` is legal at `node`: a function, a class
 * field initializer, a class static block, or the source file.
 */
export function awaitContainerOf(node: ts.Node): AwaitContainer {
  let child: ts.Node = node;
  for (let current = node.parent; current !== undefined; child = current, current = current.parent) {
    if (isFunctionWithBody(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current)) return current;
    if (ts.isPropertyDeclaration(current) && current.initializer === child) return current;
    if (ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}

/** Whether the compiler options allow top-level `await` in `sourceFile` (a module in an ESM-emitting setup). */
export function isTopLevelAwaitAllowed(sourceFile: ts.SourceFile, compilerOptions: ts.CompilerOptions): boolean {
  if (sourceFile.isDeclarationFile || !ts.isExternalModule(sourceFile)) return false;
  const target = emitScriptTarget(compilerOptions);
  if (target < ts.ScriptTarget.ES2017) return false;
  const moduleKind = emitModuleKind(compilerOptions);
  switch (moduleKind) {
    case ts.ModuleKind.ES2022:
    case ts.ModuleKind.ESNext:
    case ts.ModuleKind.System:
    case ts.ModuleKind.Preserve:
      return true;
    case ts.ModuleKind.Node16:
    case ts.ModuleKind.Node18:
    case ts.ModuleKind.Node20:
    case ts.ModuleKind.NodeNext:
      // Under node16+, a file emitted as CommonJS cannot use top-level await (TS1309).
      return sourceFile.impliedNodeFormat === ts.ModuleKind.ESNext;
    default:
      return false;
  }
}

/**
 * Whether `await` written at `node` would compile: `node` is in the body (not the parameters)
 * of an async function, or at the top level of a module that allows top-level await.
 * `compilerOptions` come from `program.getCompilerOptions()`; without them top level counts as illegal.
 */
export function isAwaitLegalAt(node: ts.Node, sourceFile: ts.SourceFile, compilerOptions: ts.CompilerOptions | undefined): boolean {
  const container = awaitContainerOf(node);
  if (ts.isSourceFile(container)) return compilerOptions !== undefined && isTopLevelAwaitAllowed(sourceFile, compilerOptions);
  if (!isFunctionWithBody(container)) return false;
  if (!isAsyncFunction(container)) return false;
  // `async function f(a = await x)` is an error: only the body is an await context.
  const body = container.body;
  return body !== undefined && node.pos >= body.pos && node.end <= body.end;
}

/**
 * The `try` statements around `node`, innermost first, whose protected block (not the catch or
 * finally) contains `node`, stopping at the enclosing await container (a try outside the
 * function does not see a rejection inside it either way).
 */
export function enclosingTryStatements(node: ts.Node): ts.TryStatement[] {
  const result: ts.TryStatement[] = [];
  let child: ts.Node = node;
  for (let current = node.parent; current !== undefined; child = current, current = current.parent) {
    if (isFunctionWithBody(current) || ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) break;
    if (ts.isTryStatement(current) && current.tryBlock === child) result.push(current);
  }
  return result;
}

/** Whether a try statement catches errors (has a `catch` clause; `try … finally` alone does not). */
export function tryCatches(statement: ts.TryStatement): boolean {
  return statement.catchClause !== undefined;
}

function emitScriptTarget(options: ts.CompilerOptions): ts.ScriptTarget {
  const helper = (ts as unknown as { getEmitScriptTarget?: (o: ts.CompilerOptions) => ts.ScriptTarget }).getEmitScriptTarget;
  if (helper) return helper(options);
  return options.target ?? ts.ScriptTarget.ES5;
}

function emitModuleKind(options: ts.CompilerOptions): ts.ModuleKind {
  const helper = (ts as unknown as { getEmitModuleKind?: (o: ts.CompilerOptions) => ts.ModuleKind }).getEmitModuleKind;
  if (helper) return helper(options);
  return options.module ?? (emitScriptTarget(options) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
}
