/**
 * A cheap, syntactic pre-filter for the interprocedural pass: the names of project functions that
 * could possibly reach a blocking call, by name only. One walk over the program's source files
 * builds "function name → names it calls"; the names that reach a catalog name, a configured
 * name, an alias of one, or a loop on the clock are then found by a worklist over the reverse
 * edges. Linear in project size, computed once per program (and set of extra names); the walk of
 * each file is cached per source file, so a new program after an edit re-walks only that file.
 *
 * It over-approximates (names collide, callbacks that run later count), so it only decides which
 * calls are worth a type query; the checker and the summaries decide what is reported.
 */
import ts = require('typescript');
import { isFunctionWithBody } from '../await-context.js';
import { cachedPerProgram } from '../per-program-cache.js';

export interface NameIndex {
  /** Names of functions, methods and classes (for `new`) that may reach a blocking call. */
  readonly mayBlock: ReadonlySet<string>;
  /** Local names that may stand for a blocking API (renamed imports, re-exports, `const` aliases). */
  readonly aliases: ReadonlySet<string>;
}

const indexes = new WeakMap<ts.Program, Map<string, NameIndex>>();

export function nameIndexFor(program: ts.Program, blockingNames: ReadonlySet<string>, key: string): NameIndex {
  return cachedPerProgram(indexes, program, key, () => buildIndex(program, blockingNames));
}

function calleeName(expression: ts.Expression): string | undefined {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  if (ts.isIdentifier(current)) return current.text;
  if (ts.isPropertyAccessExpression(current)) return current.name.text;
  if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) return current.argumentExpression.text;
  return undefined;
}

/** The name a function is called by: declared name, variable or property holding it, class (constructor). */
function ownName(fn: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name?.text;
  const named = fn as ts.FunctionLikeDeclaration;
  if (named.name !== undefined && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) return named.name.text;
  if ((ts.isFunctionDeclaration(fn) || ts.isClassDeclaration(fn)) && (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Default) !== 0) return 'default';
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function mentionsClock(condition: ts.Expression | undefined, sourceFile: ts.SourceFile): boolean {
  if (condition === undefined) return false;
  const text = condition.getText(sourceFile);
  return text.includes('now(') || text.includes('Date(');
}

/** What one file contributes to the index; cached per source file, which incremental programs reuse. */
interface FileFacts {
  readonly calls: readonly (readonly [caller: string, callee: string])[];
  readonly seeds: readonly string[];
  readonly aliasEdges: readonly (readonly [alias: string, target: string])[];
}

const factsByFile = new WeakMap<ts.SourceFile, FileFacts>();

function factsOf(sourceFile: ts.SourceFile): FileFacts {
  const known = factsByFile.get(sourceFile);
  if (known !== undefined) return known;
  const calls: [string, string][] = [];
  const seeds: string[] = [];
  const aliasEdges: [string, string][] = [];
  const visit = (node: ts.Node, current: string | undefined): void => {
    let inner = current;
    if (isFunctionWithBody(node)) inner = ownName(node) ?? current;
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name !== undefined && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Default) !== 0) {
      aliasEdges.push(['default', node.name.text]);
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && inner !== undefined) {
      const name = calleeName(node.expression);
      if (name !== undefined) calls.push([inner, name]);
    } else if ((ts.isWhileStatement(node) || ts.isDoStatement(node)) && inner !== undefined && mentionsClock(node.expression, sourceFile)) {
      seeds.push(inner);
    } else if (ts.isForStatement(node) && inner !== undefined && mentionsClock(node.condition, sourceFile)) {
      seeds.push(inner);
    } else if (ts.isImportClause(node) && node.name !== undefined) {
      // `import load from './load'` calls the default export.
      aliasEdges.push([node.name.text, 'default']);
    } else if (ts.isExportAssignment(node)) {
      const target = calleeName(node.expression);
      if (target !== undefined) aliasEdges.push(['default', target]);
    } else if ((ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) && node.propertyName !== undefined) {
      aliasEdges.push([node.name.text, node.propertyName.text]);
    } else if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      const property = node.propertyName;
      if (property !== undefined && (ts.isIdentifier(property) || ts.isStringLiteral(property))) aliasEdges.push([node.name.text, property.text]);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const target = calleeName(node.initializer);
      if (target !== undefined && !ts.isCallExpression(node.initializer)) aliasEdges.push([node.name.text, target]);
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sourceFile, undefined);
  const facts: FileFacts = { calls, seeds, aliasEdges };
  factsByFile.set(sourceFile, facts);
  return facts;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function buildIndex(program: ts.Program, blockingNames: ReadonlySet<string>): NameIndex {
  // Reverse edges: name → the names that call it (an alias "calls" what it names, so callers of
  // `const load = loadSettings` are followed too) and name → its aliases.
  const callers = new Map<string, string[]>();
  const aliasesOf = new Map<string, string[]>();
  const seeds: string[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const facts = factsOf(sourceFile);
    for (const [caller, callee] of facts.calls) push(callers, callee, caller);
    for (const [alias, target] of facts.aliasEdges) {
      push(callers, target, alias);
      push(aliasesOf, target, alias);
    }
    seeds.push(...facts.seeds);
  }

  // Aliases of blocking APIs first (a renamed import of a renamed re-export…), then callers.
  const aliases = new Set<string>();
  const blocking = new Set<string>(blockingNames);
  const aliasWork = [...blocking];
  while (aliasWork.length > 0) {
    for (const alias of aliasesOf.get(aliasWork.pop() as string) ?? []) {
      if (!blocking.has(alias)) {
        blocking.add(alias);
        aliases.add(alias);
        aliasWork.push(alias);
      }
    }
  }
  const mayBlock = new Set<string>(seeds);
  const work = [...blocking, ...seeds];
  while (work.length > 0) {
    const name = work.pop() as string;
    for (const caller of callers.get(name) ?? []) {
      if (!mayBlock.has(caller)) {
        mayBlock.add(caller);
        work.push(caller);
      }
    }
  }
  return { mayBlock, aliases };
}
