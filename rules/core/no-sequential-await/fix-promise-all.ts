/**
 * The Promise.all rewrite of a straight-line run:
 *   const a = await f();            const [a, b] = await Promise.all([f(), g()]);
 *   const b = await g();      →
 * Declarations merge only with the same kind; `await E;` becomes a hole; annotations become one tuple
 * annotation; calls keep their order (so they start in the same order); comments move along with
 * the call they stood next to. Nothing is offered when the result could type differently.
 */
import ts = require('typescript');
import type { FixProposal } from '../types.js';
import type { Step } from './straight-line.js';

interface Element {
  readonly pattern: string;
  readonly type: string | undefined;
  readonly call: string;
  readonly leadingComments: string[];
  trailingComments: string[];
}

export function buildPromiseAllFix(run: readonly Step[], sourceFile: ts.SourceFile, checker: ts.TypeChecker, messageId: string): FixProposal | undefined {
  const kinds = new Set(run.filter((step) => step.kind !== 'expression').map((step) => step.kind));
  if (kinds.size > 1) return undefined;
  const kind = [...kinds][0] ?? 'expression';
  if (!promiseIsGlobal(run[0]!.statement, checker)) return undefined;

  const annotated = run.some((step) => step.declaration?.type !== undefined);
  const text = sourceFile.text;
  const elements: Element[] = [];
  let carried: string[] = [];
  for (const [index, step] of run.entries()) {
    const operand = step.call.await.expression;
    const kept: ts.Node[] = [operand];
    let pattern = '';
    let type: string | undefined;
    if (step.declaration) {
      pattern = step.declaration.name.getText(sourceFile);
      kept.push(step.declaration.name);
      if (step.declaration.type) {
        type = step.declaration.type.getText(sourceFile);
        kept.push(step.declaration.type);
        // The annotation was the call's contextual type; inside Promise.all it no longer reaches a
        // generic call's inference, so such calls could type differently.
        if (hasInferredTypeArguments(step.call.call, checker)) return undefined;
      } else if (annotated) {
        type = writtenTypeOf(step.declaration, checker);
        if (type === undefined) return undefined;
      }
    } else if (step.target) {
      pattern = step.target.text;
      kept.push(step.target);
    } else if (annotated) {
      type = 'unknown';
    }
    const element: Element = {
      pattern,
      type,
      call: text.slice(operand.getStart(sourceFile), operand.getEnd()),
      leadingComments: [...carried, ...commentsOutside(step.statement, kept, sourceFile)],
      trailingComments: [],
    };
    elements.push(element);
    carried = [];
    // Comments between this statement and the next: same line → trailing here, later lines → the next call.
    const next = run[index + 1];
    if (next) {
      const gap = text.slice(step.statement.getEnd(), next.statement.getStart(sourceFile));
      const newline = gap.search(/\r?\n/);
      element.trailingComments = extractComments(newline === -1 ? gap : gap.slice(0, newline));
      carried = newline === -1 ? [] : extractComments(gap.slice(newline));
    }
  }

  let lastBound = -1;
  elements.forEach((element, index) => {
    if (element.pattern !== '') lastBound = index;
  });
  const patterns = elements.slice(0, lastBound + 1).map((element) => element.pattern).join(', ');
  const annotation = annotated ? `: [${elements.map((element) => element.type ?? 'unknown').join(', ')}]` : '';
  const head =
    kind === 'expression' ? 'await Promise.all(' :
    kind === 'assign' ? `${needsAsiGuard(run[0]!.statement, sourceFile) ? ';' : ''}[${patterns}] = await Promise.all(` :
    `${kind} [${patterns}]${annotation} = await Promise.all(`;

  const hasComments = elements.some((element) => element.leadingComments.length > 0 || element.trailingComments.length > 0);
  // Keep the file's style: no semicolon added where the run's last statement had none.
  const lastStatement = run[run.length - 1]!.statement;
  const terminator = text.slice(0, lastStatement.getEnd()).endsWith(';') ? ';' : '';
  const oneLine = `${head}[${elements.map((element) => element.call).join(', ')}])${terminator}`;
  let newText = oneLine;
  if (hasComments || oneLine.length > 100 || elements.some((element) => element.call.includes('\n'))) {
    const indent = indentationOf(run[0]!.statement, sourceFile);
    const unit = indent.includes('\t') ? '\t' : '  ';
    const lines = [`${head}[`];
    for (const element of elements) {
      for (const comment of element.leadingComments) lines.push(`${indent}${unit}${comment}`);
      const trailing = element.trailingComments.length > 0 ? ` ${element.trailingComments.join(' ')}` : '';
      lines.push(`${indent}${unit}${element.call},${trailing}`);
    }
    lines.push(`${indent}])${terminator}`);
    newText = lines.join(newlineOf(sourceFile));
  }
  const start = run[0]!.statement.getStart(sourceFile);
  const end = run[run.length - 1]!.statement.getEnd();
  return { messageId, edits: [{ start, end, newText }] };
}

function extractComments(text: string): string[] {
  return text.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g) ?? [];
}

/** Comments inside a statement but outside the pieces that are kept verbatim. */
function commentsOutside(statement: ts.Statement, kept: readonly ts.Node[], sourceFile: ts.SourceFile): string[] {
  const ranges = kept.map((node) => [node.getStart(sourceFile), node.getEnd()] as const).sort((a, b) => a[0] - b[0]);
  let cursor = statement.getStart(sourceFile);
  const comments: string[] = [];
  for (const [start, end] of ranges) {
    if (start > cursor) comments.push(...extractComments(sourceFile.text.slice(cursor, start)));
    cursor = Math.max(cursor, end);
  }
  comments.push(...extractComments(sourceFile.text.slice(cursor, statement.getEnd())));
  return comments;
}

/** A statement starting with `[` continues the previous line unless that ends with `;` or `}`. */
function needsAsiGuard(statement: ts.Statement, sourceFile: ts.SourceFile): boolean {
  const before = sourceFile.text.slice(0, statement.getStart(sourceFile)).replace(/(\/\/[^\n]*|\/\*[\s\S]*?\*\/|\s)+$/g, '');
  return before.length > 0 && !/[;{}]$/.test(before);
}

function indentationOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))![0];
}

function newlineOf(sourceFile: ts.SourceFile): string {
  return sourceFile.text.includes('\r\n') ? '\r\n' : '\n';
}

/** `Promise` must be the global one, not a local class or import of that name. */
function promiseIsGlobal(location: ts.Node, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolsInScope(location, ts.SymbolFlags.Value).find((candidate) => candidate.getName() === 'Promise');
  return symbol !== undefined && (symbol.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile &&
    /[\\/]typescript[\\/]lib[\\/]lib\./.test(declaration.getSourceFile().fileName));
}

function hasInferredTypeArguments(call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): boolean {
  if (call.typeArguments && call.typeArguments.length > 0) return false;
  const signature = checker.getResolvedSignature(call);
  const declaration = signature?.getDeclaration();
  return declaration === undefined || (declaration.typeParameters?.length ?? 0) > 0;
}

/**
 * The binding's type written out for a tuple annotation, when it can be written at this place:
 * every name in it must be in scope and nothing may be elided or anonymous.
 */
function writtenTypeOf(declaration: ts.VariableDeclaration, checker: ts.TypeChecker): string | undefined {
  if (!ts.isIdentifier(declaration.name)) return undefined;
  const type = checker.getTypeAtLocation(declaration.name);
  const written = checker.typeToString(type, declaration, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType);
  if (/import\(|\.\.\.|typeof |\bany\b|__/.test(written)) return undefined;
  const probe = ts.createSourceFile('probe.ts', `type Probe = ${written};`, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  let valid = probe.statements.length === 1;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName;
      names.push(ts.isIdentifier(name) ? name.text : name.getText(probe).split('.')[0]!);
    }
    if (ts.isTypeLiteralNode(node) || ts.isFunctionTypeNode(node) || ts.isMappedTypeNode(node) || ts.isConditionalTypeNode(node)) valid = false;
    ts.forEachChild(node, visit);
  };
  visit(probe);
  if (!valid) return undefined;
  const inScope = new Set(checker.getSymbolsInScope(declaration, ts.SymbolFlags.Type | ts.SymbolFlags.Namespace).map((symbol) => symbol.getName()));
  return names.every((name) => inScope.has(name)) ? written : undefined;
}
