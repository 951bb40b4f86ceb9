/**
 * The fallback without type information (ESLint on plain JS, no program): track what the file's
 * import and `require()` bindings stand for, and resolve a callee through them. `fs.readFileSync`
 * matches only when `fs` is bound to `require('fs')` / `import … from 'node:fs'` and not shadowed.
 */
import ts = require('typescript');
import { coreModuleName } from '../blocking-catalog.js';
import { isRequireCall } from './resolve.js';

/** What a local name is bound to: a module object (`*`) or one export of it. */
export interface ImportBinding {
  readonly module: string;
  readonly exportPath: string;
}

export type ImportBindings = ReadonlyMap<string, ImportBinding>;

/** Top-level import/require bindings of `modules` (names as written or with `node:`). */
export function collectImportBindings(sourceFile: ts.SourceFile, modules: ReadonlySet<string>): ImportBindings {
  const bindings = new Map<string, ImportBinding>();
  const wanted = (specifier: string): string | undefined => {
    const name = coreModuleName(specifier);
    return modules.has(name) || modules.has(specifier) ? name : undefined;
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = wanted(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (module === undefined || clause === undefined || clause.isTypeOnly) continue;
      if (clause.name) bindings.set(clause.name.text, { module, exportPath: '*' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, exportPath: '*' });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          if (element.isTypeOnly) continue;
          bindings.set(element.name.text, { module, exportPath: (element.propertyName ?? element.name).text });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      const module = ts.isStringLiteral(expression) ? wanted(expression.text) : undefined;
      if (module !== undefined) bindings.set(statement.name.text, { module, exportPath: '*' });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collectRequire(declaration, wanted, bindings);
    }
  }
  return bindings;
}

function collectRequire(
  declaration: ts.VariableDeclaration,
  wanted: (specifier: string) => string | undefined,
  bindings: Map<string, ImportBinding>,
): void {
  let initializer = declaration.initializer;
  if (initializer === undefined) return;
  let member: string | undefined;
  // `const readFileSync = require('fs').readFileSync`
  if (ts.isPropertyAccessExpression(initializer) && isRequireCall(initializer.expression)) {
    member = initializer.name.text;
    initializer = initializer.expression;
  }
  if (!isRequireCall(initializer)) return;
  const module = wanted(initializer.arguments[0].text);
  if (module === undefined) return;
  if (ts.isIdentifier(declaration.name)) {
    bindings.set(declaration.name.text, { module, exportPath: member ?? '*' });
  } else if (ts.isObjectBindingPattern(declaration.name) && member === undefined) {
    for (const element of declaration.name.elements) {
      const property = element.propertyName ?? element.name;
      if (element.dotDotDotToken || !ts.isIdentifier(element.name) || !ts.isIdentifier(property)) continue;
      bindings.set(element.name.text, { module, exportPath: property.text });
    }
  }
}

/** The module export a callee names through the bindings, e.g. `{ fs, readFileSync }` for `fs.readFileSync`. */
export function resolveThroughBindings(callee: ts.Expression, bindings: ImportBindings): ImportBinding | undefined {
  const path: string[] = [];
  let expression = callee;
  while (ts.isPropertyAccessExpression(expression)) {
    path.unshift(expression.name.text);
    expression = expression.expression;
  }
  if (isRequireCall(expression)) {
    return path.length > 0 ? { module: coreModuleName(expression.arguments[0].text), exportPath: path.join('.') } : undefined;
  }
  if (!ts.isIdentifier(expression) || isShadowed(expression)) return undefined;
  const binding = bindings.get(expression.text);
  if (binding === undefined) {
    const global = expression.text === 'Atomics' && path.length === 1 && !expression.getSourceFile().statements.some((s) => declaresName(s, 'Atomics'));
    if (global) return { module: 'global', exportPath: `Atomics#${path[0]}` };
    return undefined;
  }
  if (binding.exportPath === '*') return path.length > 0 ? { module: binding.module, exportPath: path.join('.') } : undefined;
  return { module: binding.module, exportPath: [binding.exportPath, ...path].join('.') };
}

/** Whether a local declaration between `identifier` and the top level rebinds its name. */
export function isShadowed(identifier: ts.Identifier): boolean {
  const name = identifier.text;
  for (let current: ts.Node = identifier.parent; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current)) {
      if (current.parameters.some((parameter) => bindsName(parameter.name, name))) return true;
      if ((ts.isFunctionExpression(current) || ts.isClassExpression(current)) && current.name?.text === name) return true;
    }
    if (ts.isBlock(current) || ts.isCaseClause(current) || ts.isDefaultClause(current)) {
      const statements = current.statements;
      if (statements.some((statement) => declaresName(statement, name))) return true;
    }
    if ((ts.isForStatement(current) || ts.isForOfStatement(current) || ts.isForInStatement(current)) && current.initializer) {
      if (ts.isVariableDeclarationList(current.initializer) && current.initializer.declarations.some((d) => bindsName(d.name, name))) return true;
    }
    if (ts.isCatchClause(current) && current.variableDeclaration && bindsName(current.variableDeclaration.name, name)) return true;
  }
  return false;
}

function declaresName(statement: ts.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => bindsName(d.name, name));
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name?.text === name;
  return false;
}

function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, name));
}
