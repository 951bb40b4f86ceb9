/**
 * The `cpuHeavy` option: project functions the user marks as CPU-bound. A call to one in async
 * context blocks the event loop for as long as it computes, which no catalog can know; it is
 * reported at the call site (the fix is to move the function to a worker thread: the language
 * server's "Run `fn` in a worker thread" refactoring, or `async-pitfalls offload`).
 *
 * A separate pass that runs only when the option lists something; a call another finding of
 * the rule already covers (same range) is not reported twice.
 */
import ts = require('typescript');
import { asyncContextOf } from '../async-context.js';
import { isFunctionWithBody, type FunctionWithBody } from '../await-context.js';
import type { AnalysisScope, Finding } from '../types.js';
import { functionName } from './interprocedural.js';
import { matchesSpecifier, specifierShortNames, type CalleeIdentity, type Specifier } from './options.js';
import { calleeNameNode } from './resolve.js';

export const CPU_HEAVY_MESSAGE_ID = 'cpuHeavy';

export interface CpuHeavyContext {
  readonly sourceFile: ts.SourceFile;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly cpuHeavy: readonly Specifier[];
  readonly allow: readonly Specifier[];
  readonly ruleName: string;
  /** Findings already made in this file: their call sites are not reported again. */
  readonly existing: readonly Finding[];
  readonly scope: AnalysisScope | undefined;
}

export function cpuHeavyFindings(context: CpuHeavyContext): Finding[] {
  const { sourceFile, program, checker, cpuHeavy, allow } = context;
  if (cpuHeavy.length === 0) return [];
  const shortNames = specifierShortNames(cpuHeavy);
  const currentDirectory = program.getCurrentDirectory();
  const taken = new Set(context.existing.map((finding) => `${finding.start}:${finding.end}`));
  const findings: Finding[] = [];

  const identityOf = (call: ts.CallExpression): CalleeIdentity | undefined => {
    const nameNode = calleeNameNode(call.expression);
    if (nameNode === undefined || !shortNames.has(nameNode.text)) return undefined;
    let symbol = checker.getSymbolAtLocation(nameNode);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
    for (const declaration of symbol?.declarations ?? []) {
      const fn = functionOf(declaration);
      if (fn === undefined) continue;
      const declaringFile = fn.getSourceFile();
      if (declaringFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(declaringFile) || /[\\/]node_modules[\\/]/u.test(declaringFile.fileName)) continue;
      return { names: [functionName(fn)], lib: false, fileName: declaringFile.fileName, inProject: true };
    }
    return undefined;
  };

  const visit = (node: ts.Node): void => {
    if (context.scope !== undefined && !context.scope.visits(node)) return;
    if (ts.isCallExpression(node)) {
      const identity = identityOf(node);
      if (
        identity !== undefined &&
        cpuHeavy.some((specifier) => matchesSpecifier(specifier, identity, currentDirectory)) &&
        !allow.some((specifier) => matchesSpecifier(specifier, identity, currentDirectory)) &&
        asyncContextOf(node, checker) !== undefined
      ) {
        const start = node.getStart(sourceFile);
        if (!taken.has(`${start}:${node.getEnd()}`)) {
          const name = identity.names[0] as string;
          findings.push({ ruleName: context.ruleName, start, end: node.getEnd(), messageId: CPU_HEAVY_MESSAGE_ID, data: { callee: `${name}()`, name } });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function functionOf(declaration: ts.Declaration): FunctionWithBody | undefined {
  if (isFunctionWithBody(declaration)) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer !== undefined) {
    let initializer = declaration.initializer;
    while (ts.isParenthesizedExpression(initializer) || ts.isSatisfiesExpression(initializer) || ts.isAsExpression(initializer)) initializer = initializer.expression;
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}
