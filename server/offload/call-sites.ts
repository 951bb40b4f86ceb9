/**
 * Every reference to the target across the project, sorted into call sites the transform rewrites
 * (a direct call in the body of an async function, whose arguments survive structured cloning,
 * reached through the declaring module or a direct import of it) and the ones it leaves alone,
 * each with the reason.
 */
import * as ts from 'typescript';
import { asyncContextOf } from '../../rules/core/async-context.js';
import { awaitContainerOf, isAsyncFunction, isFunctionWithBody } from '../../rules/core/await-context.js';
import { cloneProblem } from './cloneable.js';
import { calleeCall } from './target.js';
import type { CallSite, LeftAlone, OffloadTarget } from './types.js';

/** How a rewritten call reaches the pool. */
export type PoolAccess =
  /** In the declaring module: the pool is a local. */
  | { readonly kind: 'local' }
  /** `import { heavy } from './heavy.js'`: the pool is added to that import. */
  | { readonly kind: 'named-import'; readonly specifier: ts.ImportSpecifier }
  /** `ns.heavy(…)` with `ns` a namespace import (or `import ns = require(…)`) of the declaring module. */
  | { readonly kind: 'namespace'; readonly namespace: ts.Identifier };

export interface RewritableCall {
  readonly site: CallSite;
  readonly call: ts.CallExpression;
  readonly identifier: ts.Identifier;
  readonly sourceFile: ts.SourceFile;
  readonly access: PoolAccess;
}

export interface References {
  readonly rewritable: readonly RewritableCall[];
  readonly leftAlone: readonly LeftAlone[];
  /** Every reference (rewritten or not) by file, for deciding which imports stay used. */
  readonly all: readonly { readonly identifier: ts.Identifier; readonly sourceFile: ts.SourceFile }[];
}

export function findReferences(program: ts.Program, target: OffloadTarget, movedStatements: readonly ts.Node[]): References {
  const checker = program.getTypeChecker();
  const rewritable: RewritableCall[] = [];
  const leftAlone: LeftAlone[] = [];
  const all: { identifier: ts.Identifier; sourceFile: ts.SourceFile }[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile) || /[\\/]node_modules[\\/]/u.test(sourceFile.fileName)) continue;
    if (!sourceFile.text.includes(target.name)) continue;
    const names = new Set([target.name]);
    for (const statement of sourceFile.statements) {
      const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if ((element.propertyName ?? element.name).getText(sourceFile) === target.name) names.add(element.name.text);
      }
    }
    const visit = (node: ts.Node): void => {
      if (sourceFile === target.sourceFile && movedStatements.includes(node)) return;
      if (ts.isIdentifier(node) && names.has(node.text) && isReference(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        const own = symbol;
        if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        if (symbol === target.symbol) {
          all.push({ identifier: node, sourceFile });
          classify(node, own as ts.Symbol, sourceFile);
        }
      }
      ts.forEachChild(node, visit);
    };

    const classify = (identifier: ts.Identifier, own: ts.Symbol, file: ts.SourceFile): void => {
      const leave = (reason: string, node: ts.Node = identifier): void => {
        leftAlone.push({ ...siteOf(node, file), reason });
      };
      if (ts.isTypeQueryNode(identifier.parent) || ts.isExportSpecifier(identifier.parent) || ts.isExportAssignment(identifier.parent)) return;
      const call = calleeCall(identifier);
      if (call === undefined) {
        leave('not a call: the function is passed or stored as a value here, and keeps running on the main thread when called through it');
        return;
      }
      const callSite = { ...siteOf(call, file) };
      if (call.questionDotToken !== undefined || (ts.isPropertyAccessExpression(call.expression) && call.expression.questionDotToken !== undefined)) {
        leftAlone.push({ ...callSite, reason: 'an optional call (`?.`): rewrite it as a plain call first' });
        return;
      }
      const container = awaitContainerOf(call);
      if (ts.isSourceFile(container)) {
        leftAlone.push({ ...callSite, reason: 'at module top level, which is not async context: the module would wait for the worker while loading' });
        return;
      }
      if (!isFunctionWithBody(container) || !isAsyncFunction(container) || container.body === undefined || call.pos < container.body.pos) {
        const asyncOwner = asyncContextOf(call, checker);
        if (asyncOwner !== undefined && asyncOwner !== container) {
          leftAlone.push({ ...callSite, reason: `inside a synchronous callback (${describe(container)}) of async ${describe(asyncOwner)}: \`await\` cannot go there; turn the callback into a loop first` });
        } else if (isFunctionWithBody(container) && isAsyncFunction(container)) {
          leftAlone.push({ ...callSite, reason: `in a parameter default of ${describe(container)}` });
        } else {
          leftAlone.push({ ...callSite, reason: `in synchronous ${describe(container)}: its callers expect the result at once` });
        }
        return;
      }
      for (const argument of call.arguments) {
        const problem = cloneProblem(checker.getTypeAtLocation(ts.isSpreadElement(argument) ? argument.expression : argument), checker, program);
        if (problem !== undefined) {
          leftAlone.push({ ...callSite, reason: `argument \`${shorten(argument.getText(file))}\` is ${problem}: the worker would receive a different value` });
          return;
        }
      }
      const access = accessOf(identifier, own, file, target, checker);
      if (typeof access === 'string') {
        leftAlone.push({ ...callSite, reason: access });
        return;
      }
      rewritable.push({ site: { ...callSite }, call, identifier, sourceFile: file, access });
    };
    visit(sourceFile);
  }
  return { rewritable, leftAlone, all };
}

function accessOf(identifier: ts.Identifier, own: ts.Symbol, file: ts.SourceFile, target: OffloadTarget, checker: ts.TypeChecker): PoolAccess | string {
  if (file === target.sourceFile && own === target.symbol) return { kind: 'local' };
  const declaration = own.declarations?.[0];
  const fromTargetModule = (specifier: ts.Expression): boolean => checker.getSymbolAtLocation(specifier)?.valueDeclaration === target.sourceFile;
  if (declaration !== undefined && ts.isImportSpecifier(declaration)) {
    const importDeclaration = declaration.parent.parent.parent;
    if (fromTargetModule(importDeclaration.moduleSpecifier) && !declaration.isTypeOnly && !importDeclaration.importClause?.isTypeOnly) {
      return { kind: 'named-import', specifier: declaration };
    }
  }
  if (ts.isPropertyAccessExpression(identifier.parent) && ts.isIdentifier(identifier.parent.expression)) {
    const namespace = identifier.parent.expression;
    const nsDeclaration = checker.getSymbolAtLocation(namespace)?.declarations?.[0];
    if (nsDeclaration !== undefined && ts.isNamespaceImport(nsDeclaration) && fromTargetModule(nsDeclaration.parent.parent.moduleSpecifier)) return { kind: 'namespace', namespace };
    if (nsDeclaration !== undefined && ts.isImportEqualsDeclaration(nsDeclaration) && ts.isExternalModuleReference(nsDeclaration.moduleReference) && fromTargetModule(nsDeclaration.moduleReference.expression)) {
      return { kind: 'namespace', namespace };
    }
  }
  return `reached through a re-export or another binding, not an import of ${target.sourceFile.fileName.split(/[\\/]/u).pop() as string}: import \`${target.name}\` from its module to offload this call`;
}

function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent)) && parent.name === identifier) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return true; // ns.heavy: checked by symbol
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === identifier) return false;
  return true;
}

function siteOf(node: ts.Node, file: ts.SourceFile): CallSite {
  const start = node.getStart(file);
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  return { fileName: file.fileName, line: line + 1, column: character + 1, start, end: node.getEnd(), text: shorten(node.getText(file)) };
}

function describe(fn: ts.Node): string {
  const name = (fn as { name?: ts.Node }).name;
  if (name !== undefined && ts.isIdentifier(name)) return `function \`${name.text}\``;
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return `function \`${fn.parent.name.text}\``;
  if (ts.isCallExpression(fn.parent)) {
    const callee = fn.parent.expression;
    const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
    return `\`${calleeName}(…)\` callback`;
  }
  return 'function';
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
