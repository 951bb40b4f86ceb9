/**
 * What a call calls, by symbol: the checker resolves the callee (through imports, re-exports,
 * `require()` with types, destructuring and `const` aliases) to its declaration, and the
 * declaration's place (module, namespace, class) names the export. A catalog API is blocking only
 * when its declaration lives in Node's module declarations, so `local.readFileSync()` or a user
 * method named `execSync` never matches.
 */
import ts = require('typescript');

/** Where a declaration lives: `declare module "fs"` + `Dir#readSync`, the global lib, or a file. */
export interface DeclarationPlace {
  /** Ambient module name (`fs`, `node:fs`), `global` for a global in a declaration file, else undefined. */
  readonly module: string | undefined;
  /** Export path inside it: `readFileSync`, `realpathSync.native`, `Dir#readSync`, `Atomics#wait`. */
  readonly exportPath: string;
  readonly sourceFile: ts.SourceFile;
}

export interface ResolvedCallee {
  readonly symbol: ts.Symbol;
  /** False when reached through a user-written alias (`const r = fs.readFileSync`): rewrites keep away. */
  readonly direct: boolean;
}

const MAX_ALIAS_HOPS = 4;

function declarationName(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** The module/namespace/class path of a declaration, or undefined for locals. */
export function placeOf(declaration: ts.Declaration): DeclarationPlace | undefined {
  const own = declarationName(declaration);
  if (own === undefined) return undefined;
  let exportPath = own;
  let node: ts.Node = declaration;
  // `export const statSync: StatSyncFn` — the name sits on the variable declaration.
  if (ts.isVariableDeclaration(node)) node = node.parent.parent;
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isModuleBlock(current) || ts.isVariableDeclarationList(current) || ts.isVariableStatement(current)) continue;
    if (ts.isClassDeclaration(current) || ts.isInterfaceDeclaration(current)) {
      if (current.name === undefined) return undefined;
      exportPath = `${current.name.text}#${exportPath}`;
      continue;
    }
    if (ts.isModuleDeclaration(current)) {
      if (ts.isStringLiteral(current.name)) return { module: current.name.text, exportPath, sourceFile: current.getSourceFile() };
      if (current.name.text === 'global') continue;
      exportPath = `${current.name.text}.${exportPath}`;
      continue;
    }
    if (ts.isSourceFile(current)) {
      const global = current.isDeclarationFile && !ts.isExternalModule(current);
      return { module: global ? 'global' : undefined, exportPath, sourceFile: current };
    }
    return undefined;
  }
  return undefined;
}

/** The name node a call's callee ends in: `f`, `a.b.f`, `a['f']`. */
export function calleeNameNode(callee: ts.Expression): ts.Identifier | ts.PrivateIdentifier | ts.StringLiteral | undefined {
  let expression = callee;
  while (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) expression = expression.expression;
  if (ts.isIdentifier(expression)) return expression;
  if (ts.isPropertyAccessExpression(expression)) return expression.name;
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteral(expression.argumentExpression)) return expression.argumentExpression;
  return undefined;
}

function followAlias(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol {
  return (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * The symbol a callee refers to. Local `const` aliases (`const r = fs.readFileSync`) and
 * destructuring (`const { readFileSync } = require('fs')`) are followed to the property they copy.
 */
export function resolveCallee(callee: ts.Expression, checker: ts.TypeChecker): ResolvedCallee | undefined {
  const name = calleeNameNode(callee);
  if (name === undefined) return undefined;
  return resolveName(name, checker, 0, true);
}

function resolveName(name: ts.Node, checker: ts.TypeChecker, hops: number, direct: boolean): ResolvedCallee | undefined {
  const found = checker.getSymbolAtLocation(name);
  if (found === undefined) return undefined;
  const symbol = followAlias(found, checker);
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (declaration === undefined || hops >= MAX_ALIAS_HOPS || declaration.getSourceFile().isDeclarationFile) return { symbol, direct };
  // `const { readFileSync } = require('fs')` / `= fs`: the property of the destructured value.
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const pattern = declaration.parent;
    const owner = pattern.parent;
    if (ts.isVariableDeclaration(owner) && owner.initializer !== undefined && isConst(owner) && declaration.dotDotDotToken === undefined) {
      const property = declaration.propertyName ?? declaration.name;
      if (ts.isIdentifier(property) || ts.isStringLiteral(property)) {
        const propertySymbol = checker.getPropertyOfType(checker.getTypeAtLocation(owner.initializer), property.text);
        if (propertySymbol !== undefined) return { symbol: followAlias(propertySymbol, checker), direct: direct && isRequireOrModuleObject(owner.initializer) };
      }
    }
    return { symbol, direct };
  }
  // `const r = fs.readFileSync`: follow the initializer; a rewrite would not know the binding's shape.
  if (ts.isVariableDeclaration(declaration) && isConst(declaration) && declaration.initializer !== undefined) {
    const initializer = declaration.initializer;
    const target = ts.isIdentifier(initializer) ? initializer : ts.isPropertyAccessExpression(initializer) ? initializer.name : undefined;
    if (target !== undefined) return resolveName(target, checker, hops + 1, false) ?? { symbol, direct };
  }
  return { symbol, direct };
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** `require('fs')` or an identifier (a module object); the destructured binding then stands for the export itself. */
function isRequireOrModuleObject(expression: ts.Expression): boolean {
  return ts.isIdentifier(expression) || isRequireCall(expression);
}

export function isRequireCall(expression: ts.Node): expression is ts.CallExpression & { arguments: [ts.StringLiteral] } {
  return (
    ts.isCallExpression(expression) &&
    ts.isIdentifier(expression.expression) &&
    expression.expression.text === 'require' &&
    expression.arguments.length === 1 &&
    ts.isStringLiteralLike(expression.arguments[0] as ts.Expression)
  );
}

/** Every place a symbol is declared (overloads and merged declarations give several). */
export function placesOf(symbol: ts.Symbol): DeclarationPlace[] {
  const places: DeclarationPlace[] = [];
  for (const declaration of symbol.declarations ?? []) {
    const place = placeOf(declaration);
    if (place !== undefined) places.push(place);
  }
  return places;
}

/** The npm package a declaration file belongs to (`node_modules/@types/x` counts as `x`). */
export function packageOf(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/gu, '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const parts = normalized.slice(index + '/node_modules/'.length).split('/');
  if (parts[0] === '@types' && parts[1] !== undefined) {
    const typed = parts[1];
    return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
  }
  if (parts[0]?.startsWith('@') && parts[1] !== undefined) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}
