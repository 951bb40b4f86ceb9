/**
 * typescript-eslint's type/value specifiers (`allowForKnownSafeCalls`, `allowForKnownSafePromises`),
 * matched by symbol rather than by the text at the call site: `import { it as spec } from 'node:test'`
 * still matches `{ from: 'package', package: 'node:test', name: 'it' }`, and a local function that
 * happens to be called `test` does not.
 */
import * as path from 'node:path';
import ts = require('typescript');
import { intersectionParts, isSymbolFromDefaultLibrary } from '../promise-types.js';

export type TypeOrValueSpecifier =
  | string
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'lib'; readonly name: string | readonly string[] }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

/** Test-runner functions whose promise is tracked by the runner itself: quiet by default. */
export const NODE_TEST_SAFE_CALLS: readonly TypeOrValueSpecifier[] = [
  { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
];

/** Method names that make `safe.only(…)`-style calls as safe as `safe(…)`. */
const RUNNER_VARIANTS = new Set(['only', 'skip', 'todo']);

function namesOf(specifier: TypeOrValueSpecifier): readonly string[] {
  if (typeof specifier === 'string') return [specifier];
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The name of the ambient module (`declare module 'x' { … }`) a declaration sits in, if any. */
function ambientModuleName(declaration: ts.Node): string | undefined {
  for (let current = declaration.parent; current !== undefined; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
  }
  return undefined;
}

function stripNodePrefix(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

function declaredInPackage(declaration: ts.Node, packageName: string): boolean {
  const moduleName = ambientModuleName(declaration);
  if (moduleName !== undefined && stripNodePrefix(moduleName) === stripNodePrefix(packageName)) return true;
  const fileName = declaration.getSourceFile().fileName.replace(/\\/g, '/');
  const typesName = packageName.startsWith('@') ? packageName.slice(1).replace('/', '__') : packageName;
  return fileName.includes(`/node_modules/${packageName}/`) || fileName.includes(`/node_modules/@types/${typesName}/`);
}

function sourceMatches(program: ts.Program, symbol: ts.Symbol, specifier: TypeOrValueSpecifier): boolean {
  if (typeof specifier === 'string') return true;
  const declarations = symbol.getDeclarations() ?? [];
  switch (specifier.from) {
    case 'lib':
      return isSymbolFromDefaultLibrary(program, symbol);
    case 'package':
      return declarations.some((declaration) => declaredInPackage(declaration, specifier.package));
    case 'file':
      return declarations.some((declaration) => {
        const file = declaration.getSourceFile();
        if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file)) return false;
        if (file.fileName.replace(/\\/g, '/').includes('/node_modules/')) return false;
        if (specifier.path === undefined) return true;
        const relative = path.relative(program.getCurrentDirectory(), file.fileName).replace(/\\/g, '/');
        return relative === path.posix.normalize(specifier.path.replace(/^\.\//, ''));
      });
  }
}

/** Whether `symbol` (aliases followed) or the name it was written under matches one of `specifiers`. */
export function symbolMatchesSomeSpecifier(
  program: ts.Program,
  checker: ts.TypeChecker,
  symbol: ts.Symbol,
  specifiers: readonly TypeOrValueSpecifier[],
): boolean {
  const resolved = resolveAlias(checker, symbol);
  return specifiers.some((specifier) => {
    const names = namesOf(specifier);
    if (!names.includes(symbol.getName()) && !names.includes(resolved.getName())) return false;
    return sourceMatches(program, resolved, specifier);
  });
}

/** Whether `type` matches a specifier: every union member does, or some intersection member does. */
export function typeMatchesSomeSpecifier(program: ts.Program, type: ts.Type, specifiers: readonly TypeOrValueSpecifier[]): boolean {
  if (specifiers.length === 0) return false;
  if (type.isUnion()) return type.types.every((part) => typeMatchesSomeSpecifier(program, part, specifiers));
  const matchesWhole = (candidate: ts.Type): boolean => {
    const symbols = [candidate.aliasSymbol, candidate.getSymbol()].filter((s): s is ts.Symbol => s !== undefined);
    return symbols.some((symbol) =>
      specifiers.some((specifier) => namesOf(specifier).includes(symbol.getName()) && sourceMatches(program, symbol, specifier)),
    );
  };
  if (matchesWhole(type)) return true;
  return type.isIntersection() && intersectionParts(type).some((part) => typeMatchesSomeSpecifier(program, part, specifiers));
}

/**
 * Whether a call's callee is a known-safe function: its symbol matches (`test(…)`, `t.test(…)`),
 * its type's symbol matches, or it is `<safe>.only/.skip/.todo`.
 */
export function isKnownSafeCallee(
  program: ts.Program,
  checker: ts.TypeChecker,
  callee: ts.Expression,
  specifiers: readonly TypeOrValueSpecifier[],
): boolean {
  if (specifiers.length === 0) return false;
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const symbol = checker.getSymbolAtLocation(target);
  if (symbol && symbolMatchesSomeSpecifier(program, checker, symbol, specifiers)) return true;
  const calleeType = checker.getTypeAtLocation(callee);
  const typeSymbol = calleeType.getSymbol();
  if (typeSymbol && !(typeSymbol.flags & ts.SymbolFlags.TypeLiteral) && symbolMatchesSomeSpecifier(program, checker, typeSymbol, specifiers)) {
    return true;
  }
  if (ts.isPropertyAccessExpression(callee) && RUNNER_VARIANTS.has(callee.name.text)) {
    return isKnownSafeCallee(program, checker, callee.expression, specifiers);
  }
  return false;
}

