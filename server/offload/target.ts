/**
 * Finding the function to offload: by name in a file (the CLI), or from a position (the editor:
 * a call to it or its declaration). Only module-level functions qualify: a function declaration
 * or a `const` bound to an arrow or function expression, alone in its statement.
 */
import * as ts from 'typescript';
import { OffloadRefusal, type OffloadTarget } from './types.js';

export function findTargetByName(program: ts.Program, fileName: string, name: string): OffloadTarget {
  const sourceFile = program.getSourceFile(fileName);
  if (sourceFile === undefined) throw new OffloadRefusal(`${fileName} is not part of the project.`);
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return targetOf(statement, program.getTypeChecker());
    if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
      if (declaration !== undefined) return targetOf(declaration, program.getTypeChecker());
    }
  }
  const nested = findNested(sourceFile, name);
  if (nested !== undefined) return targetOf(nested, program.getTypeChecker());
  throw new OffloadRefusal(`No module-level function \`${name}\` in ${fileName}.`);
}

/** The function a call at `offset` (or the declaration name at `offset`) refers to. */
export function targetAt(program: ts.Program, fileName: string, offset: number): OffloadTarget | undefined {
  const sourceFile = program.getSourceFile(fileName);
  if (sourceFile === undefined) return undefined;
  const token = tokenAt(sourceFile, offset);
  if (token === undefined || !ts.isIdentifier(token)) return undefined;
  const checker = program.getTypeChecker();
  let declaration: ts.Node | undefined;
  if ((ts.isFunctionDeclaration(token.parent) || ts.isVariableDeclaration(token.parent)) && token.parent.name === token) {
    declaration = token.parent;
  } else {
    const call = calleeCall(token);
    if (call === undefined) return undefined;
    let symbol = checker.getSymbolAtLocation(token);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    declaration = symbol?.valueDeclaration;
  }
  if (declaration === undefined || !(ts.isFunctionDeclaration(declaration) || ts.isVariableDeclaration(declaration))) return undefined;
  const declaringFile = declaration.getSourceFile();
  if (declaringFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(declaringFile)) return undefined;
  if (ts.isVariableDeclaration(declaration) && functionInitializer(declaration) === undefined) return undefined;
  return targetOf(declaration, checker);
}

/** The call whose callee is `identifier` (`f(…)` or `ns.f(…)`), if any. */
export function calleeCall(identifier: ts.Identifier): ts.CallExpression | undefined {
  let callee: ts.Node = identifier;
  if (ts.isPropertyAccessExpression(identifier.parent) && identifier.parent.name === identifier) callee = identifier.parent;
  while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
  return ts.isCallExpression(callee.parent) && callee.parent.expression === callee ? callee.parent : undefined;
}

function targetOf(declaration: ts.FunctionDeclaration | ts.VariableDeclaration, checker: ts.TypeChecker): OffloadTarget {
  const name = declaration.name !== undefined && ts.isIdentifier(declaration.name) ? declaration.name.text : '(anonymous)';
  const sourceFile = declaration.getSourceFile();
  let statement: ts.FunctionDeclaration | ts.VariableStatement;
  let fn: OffloadTarget['fn'];
  if (ts.isFunctionDeclaration(declaration)) {
    if (declaration.body === undefined) {
      const overloaded = (checker.getSymbolAtLocation(declaration.name as ts.Identifier)?.declarations ?? []).length > 1;
      throw new OffloadRefusal(overloaded ? `\`${name}\` has overloads: the pool cannot keep each overload's result type.` : `\`${name}\` is a declaration without a body.`);
    }
    statement = declaration;
    fn = declaration;
  } else {
    const initializer = functionInitializer(declaration);
    if (initializer === undefined) throw new OffloadRefusal(`\`${name}\` is not bound to an arrow function or function expression.`);
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(list.parent)) throw new OffloadRefusal(`\`${name}\` is not declared in a variable statement.`);
    if ((list.flags & ts.NodeFlags.Const) === 0) throw new OffloadRefusal(`\`${name}\` is declared with let/var: it could be reassigned, so the worker's copy could differ.`);
    if (list.declarations.length !== 1) throw new OffloadRefusal(`\`${name}\` shares its \`const\` statement with other variables; declare it on its own first.`);
    statement = list.parent;
    fn = initializer;
  }
  if (statement.parent !== sourceFile) {
    const owner = enclosingFunctionName(statement);
    throw new OffloadRefusal(
      `\`${name}\` is declared inside ${owner ?? 'a block'}, not at module level: it can close over local state, which a worker cannot see.`,
    );
  }
  const modifiers = ts.getCombinedModifierFlags(statement as ts.Declaration);
  if (ts.isFunctionDeclaration(statement) && (modifiers & ts.ModifierFlags.Default) !== 0) throw new OffloadRefusal(`\`${name}\` is a default export; give it a name export first.`);
  if ((modifiers & ts.ModifierFlags.Ambient) !== 0) throw new OffloadRefusal(`\`${name}\` is an ambient declaration.`);
  if ((ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0 || fn.asteriskToken !== undefined) {
    throw new OffloadRefusal(`\`${name}\` is async or a generator: only synchronous functions are offloaded.`);
  }
  if (fn.typeParameters !== undefined && fn.typeParameters.length > 0) {
    throw new OffloadRefusal(`\`${name}\` is generic: the call sites' result types would not stay the same through the pool.`);
  }
  const symbol = checker.getSymbolAtLocation(declaration.name as ts.Identifier);
  if (symbol === undefined) throw new OffloadRefusal(`\`${name}\` has no symbol.`);
  if ((symbol.declarations ?? []).length > 1) throw new OffloadRefusal(`\`${name}\` has overloads or merged declarations: the pool cannot keep each overload's result type.`);
  if (!/\.(?:ts|mts|cts|tsx)$/u.test(sourceFile.fileName) || sourceFile.fileName.endsWith('.d.ts')) {
    throw new OffloadRefusal(`\`${name}\` is in ${sourceFile.fileName}: only TypeScript sources are rewritten.`);
  }
  return { name, sourceFile, statement, fn, symbol };
}

export function functionInitializer(declaration: ts.VariableDeclaration): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let initializer = declaration.initializer;
  while (initializer !== undefined && (ts.isParenthesizedExpression(initializer) || ts.isSatisfiesExpression(initializer))) initializer = initializer.expression;
  return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) ? initializer : undefined;
}

function findNested(sourceFile: ts.SourceFile, name: string): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  const visit = (node: ts.Node): ts.FunctionDeclaration | ts.VariableDeclaration | undefined => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) return node;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && functionInitializer(node) !== undefined) return node;
    return ts.forEachChild(node, visit);
  };
  return visit(sourceFile);
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) {
      const name = (current as ts.FunctionLikeDeclaration).name;
      if (name !== undefined && ts.isIdentifier(name)) return `\`${name.text}\``;
      if (ts.isVariableDeclaration(current.parent) && ts.isIdentifier(current.parent.name)) return `\`${current.parent.name.text}\``;
      return 'a function';
    }
    if (ts.isClassLike(current)) return `class \`${current.name?.text ?? '(anonymous)'}\``;
  }
  return undefined;
}

function tokenAt(sourceFile: ts.SourceFile, offset: number): ts.Node | undefined {
  const find = (node: ts.Node): ts.Node | undefined => {
    if (offset < node.getStart(sourceFile) || offset > node.getEnd()) return undefined;
    return ts.forEachChild(node, find) ?? node;
  };
  return find(sourceFile);
}
