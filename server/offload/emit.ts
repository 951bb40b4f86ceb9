/**
 * The edits of an offload, as data: the worker module (`<name>.worker.ts` beside the source), the
 * pool helper when the project has no piscina (written once), the source module without the moved
 * declarations but with the pool, and every rewritable call site turned into `await <pool>.run(…)`.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { TextEdit } from '../../rules/core/types.js';
import type { References, RewritableCall } from './call-sites.js';
import type { MovedDeclaration, MovePlan } from './movable.js';
import { POOL_HELPER_BASENAME, POOL_HELPER_SOURCE } from './pool-helper.js';
import { OffloadRefusal, type FileChange, type ModuleFormat, type OffloadPlan, type OffloadTarget, type PoolKind } from './types.js';

export interface FileSystemView {
  fileExists(fileName: string): boolean;
  readFile(fileName: string): string | undefined;
}

interface EmitInput {
  readonly program: ts.Program;
  readonly target: OffloadTarget;
  readonly move: MovePlan;
  readonly references: References;
  readonly fileSystem: FileSystemView;
}

export function emitOffload({ program, target, move, references, fileSystem }: EmitInput): OffloadPlan {
  const checker = program.getTypeChecker();
  const options = program.getCompilerOptions();
  const sourceFile = target.sourceFile;
  const text = sourceFile.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const format = moduleFormatOf(sourceFile, options);
  const style = codeStyleOf(sourceFile);
  const { sourceExtension, runtimeExtension } = extensionsOf(sourceFile.fileName);
  const directory = path.dirname(sourceFile.fileName);
  const workerBase = `${target.name}.worker`;
  const workerFile = path.join(directory, `${workerBase}${sourceExtension}`);
  if (fileSystem.fileExists(workerFile) || program.getSourceFile(workerFile) !== undefined) {
    throw new OffloadRefusal(`${workerFile} already exists; remove or rename it first.`);
  }
  const workerSpecifier = `./${workerBase}${runtimeExtension}`;
  const notes: string[] = [];
  const poolKind: PoolKind = dependsOnPiscina(sourceFile.fileName, fileSystem) ? 'piscina' : 'worker-pool-helper';
  const helper = poolKind === 'worker-pool-helper' ? helperFileOf(program, sourceFile, fileSystem) : undefined;
  if (helper !== undefined && !helper.create) notes.push(`Reusing the pool helper ${helper.fileName}.`);

  const crossFile = references.rewritable.filter((call) => call.access.kind !== 'local');
  const poolName = uniqueName(
    [`${target.name}Pool`, `${target.name}WorkerPool`, `${target.name}Pool2`, `${target.name}Pool3`],
    [sourceFile, ...crossFile.map((call) => call.sourceFile)],
  );
  const movedStatements = move.moved.map((declaration) => declaration.statement);
  const isMoved = (node: ts.Node): boolean => movedStatements.some((statement) => node.pos >= statement.pos && node.end <= statement.end);
  const rewritten = new Set(references.rewritable.map((call) => call.identifier));

  // ---- the source module -------------------------------------------------------------------
  const sourceEdits: TextEdit[] = removalsOf(movedStatements, sourceFile);

  const neededBack = (declaration: MovedDeclaration): boolean =>
    referencedOutside(sourceFile, declaration.symbol, declaration.name, checker, (node) => isMoved(node) || rewritten.has(node as ts.Identifier));
  const importBack = move.moved.filter(neededBack).map((declaration) => declaration.name);
  const exportBack = move.moved.filter((declaration) => hasExportModifier(declaration.statement)).map((declaration) => declaration.name);

  const leadingImports = leadingImportStatements(sourceFile);
  const importEdits = new Map<ts.Statement, string>();
  for (const [declaration, used] of move.imports) {
    const keep = new Set<ts.Identifier>();
    for (const binding of bindingsOf(declaration)) {
      const symbol = checker.getSymbolAtLocation(binding);
      const stillUsed =
        !used.has(binding) ||
        (symbol !== undefined && referencedOutside(sourceFile, symbol, binding.text, checker, (node) => isMoved(node) || (node.pos >= declaration.pos && node.end <= declaration.end)));
      if (stillUsed) keep.add(binding);
    }
    if (keep.size === bindingsOf(declaration).length) continue;
    importEdits.set(declaration, keep.size === 0 ? '' : styled(importText(declaration, keep, sourceFile), style));
  }

  const additions: string[] = [];
  const helperSpecifier = helper === undefined ? undefined : relativeSpecifier(directory, helper.fileName);
  let poolClass: string;
  if (poolKind === 'piscina') {
    poolClass = existingNamedImport(sourceFile, 'piscina', 'Piscina') ?? 'Piscina';
    if (existingNamedImport(sourceFile, 'piscina', 'Piscina') === undefined) additions.push(`import { Piscina } from 'piscina';`);
  } else {
    poolClass = existingNamedImport(sourceFile, helperSpecifier as string, 'WorkerPool') ?? 'WorkerPool';
    if (existingNamedImport(sourceFile, helperSpecifier as string, 'WorkerPool') === undefined) additions.push(`import { WorkerPool } from '${helperSpecifier as string}';`);
  }
  let pathName: string | undefined;
  if (format === 'cjs') {
    pathName = existingPathImport(sourceFile);
    if (pathName === undefined) {
      pathName = /\bpath\b/u.test(text) ? 'nodePath' : 'path';
      additions.push(`import * as ${pathName} from 'node:path';`);
    }
  }
  if (importBack.length > 0) additions.push(`import { ${importBack.join(', ')} } from '${workerSpecifier}';`);
  if (exportBack.length > 0) additions.push(`export { ${exportBack.join(', ')} } from '${workerSpecifier}';`);
  const workerLocation =
    format === 'esm' ? `new URL('${workerSpecifier}', import.meta.url)` : `${pathName as string}.join(__dirname, '${workerBase}${runtimeExtension}')`;
  const fnType = `typeof import('${workerSpecifier}').${target.name}`;
  const exportPool = crossFile.length > 0 ? 'export ' : '';
  const poolComment = `/** Runs \`${target.name}\` on worker threads (moved to ./${workerBase}${sourceExtension} by async-pitfalls offload). */`;
  const poolDeclaration =
    poolKind === 'piscina'
      ? `${exportPool}const ${poolName} = new ${poolClass}<Parameters<${fnType}>, ReturnType<${fnType}>>({ filename: ${format === 'esm' ? `${workerLocation}.href` : workerLocation}, name: '${target.name}Task' });`
      : `${exportPool}const ${poolName} = new ${poolClass}<${fnType}>(${workerLocation}, '${target.name}');`;
  const block = [...additions.map((line) => styled(line, style)), '', poolComment, styled(poolDeclaration, style)].join(eol);

  const lastImport = leadingImports[leadingImports.length - 1];
  if (lastImport !== undefined) {
    const rewrittenLast = importEdits.get(lastImport);
    importEdits.delete(lastImport);
    const keptText = rewrittenLast ?? lastImport.getText(sourceFile);
    sourceEdits.push({ start: lastImport.getStart(sourceFile), end: lastImport.getEnd(), newText: keptText === '' ? block : `${keptText}${eol}${block}` });
  } else {
    const first = sourceFile.statements.find((statement) => !isPrologue(statement));
    const at = first === undefined ? text.length : lineStartOf(text, docStartOf(first, sourceFile));
    sourceEdits.push({ start: at, end: at, newText: `${block}${eol}${eol}` });
  }
  for (const [declaration, newText] of importEdits) {
    sourceEdits.push(newText === '' ? removalOf(declaration, sourceFile) : { start: declaration.getStart(sourceFile), end: declaration.getEnd(), newText });
  }

  // ---- call sites --------------------------------------------------------------------------
  const editsByFile = new Map<string, TextEdit[]>([[sourceFile.fileName, sourceEdits]]);
  const editsOf = (fileName: string): TextEdit[] => {
    let edits = editsByFile.get(fileName);
    if (edits === undefined) editsByFile.set(fileName, (edits = []));
    return edits;
  };
  const specifiersDone = new Set<ts.ImportSpecifier>();
  for (const call of references.rewritable) {
    const poolReference = call.access.kind === 'namespace' ? `${call.access.namespace.text}.${poolName}` : poolName;
    editsOf(call.sourceFile.fileName).push(callRewrite(call, poolReference, poolKind));
    if (call.access.kind === 'named-import' && !specifiersDone.has(call.access.specifier)) {
      const specifier = call.access.specifier;
      specifiersDone.add(specifier);
      const localName = specifier.name.text;
      const remaining = references.all.some((reference) => reference.sourceFile === call.sourceFile && reference.identifier.text === localName && !rewritten.has(reference.identifier));
      editsOf(call.sourceFile.fileName).push(
        remaining
          ? { start: specifier.getEnd(), end: specifier.getEnd(), newText: `, ${poolName}` }
          : { start: specifier.getStart(call.sourceFile), end: specifier.getEnd(), newText: poolName },
      );
    }
  }

  // ---- the worker module -------------------------------------------------------------------
  const workerParts: string[] = [
    `/**${eol} * \`${target.name}\` runs here, on a worker thread: moved from ./${path.basename(sourceFile.fileName)} by \`async-pitfalls offload\`.${eol} * ${path.basename(sourceFile.fileName)} calls it through \`${poolName}.run(…)\`; synchronous callers import it from this module.${eol} */`,
  ];
  const workerImports: string[] = [];
  if (helperSpecifier !== undefined) workerImports.push(styled(`import { serveTask } from '${helperSpecifier}';`, style));
  for (const statement of sourceFile.statements) {
    const used = move.imports.get(statement as ts.ImportDeclaration);
    if (used === undefined) continue;
    workerImports.push(ts.isImportEqualsDeclaration(statement) ? statement.getText(sourceFile) : styled(importText(statement as ts.ImportDeclaration, used, sourceFile), style));
  }
  if (workerImports.length > 0) workerParts.push(workerImports.join(eol));
  for (const declaration of move.types) workerParts.push(withExport(declaration, sourceFile));
  for (const declaration of move.moved) workerParts.push(withExport(declaration.statement, sourceFile));
  workerParts.push(
    styled(
    poolKind === 'piscina'
      ? `/** piscina hands each task one value: the arguments, as an array. */${eol}export function ${target.name}Task(args: Parameters<typeof ${target.name}>): ReturnType<typeof ${target.name}> {${eol}  return ${target.name}(...args);${eol}}`
      : `serveTask('${target.name}', ${target.name});`,
    style),
  );
  const workerText = `${workerParts.join(`${eol}${eol}`)}${eol}`;

  const changes: FileChange[] = [{ kind: 'create', fileName: workerFile, text: workerText }];
  if (helper?.create === true) changes.push({ kind: 'create', fileName: helper.fileName, text: POOL_HELPER_SOURCE.replace(/\n/gu, eol) });
  for (const [fileName, edits] of editsByFile) changes.push({ kind: 'edit', fileName, edits: mergeTouching(edits) });

  return {
    target,
    workerFile,
    poolName,
    poolKind,
    moduleFormat: format,
    moved: move.moved.map((declaration) => declaration.name),
    rewritten: references.rewritable.map((call) => call.site),
    leftAlone: references.leftAlone,
    changes,
    notes,
  };
}

interface CodeStyle {
  readonly quote: "'" | '"';
  readonly braceSpacing: boolean;
  readonly semicolons: boolean;
  readonly indent: string;
}

/** The file's own habits, read from its first import and its indentation, so inserted lines look like its own. */
function codeStyleOf(sourceFile: ts.SourceFile): CodeStyle {
  const firstImport = sourceFile.statements.find(ts.isImportDeclaration);
  const text = firstImport?.getText(sourceFile);
  const named = firstImport?.importClause?.namedBindings;
  const namedText = named !== undefined && ts.isNamedImports(named) ? named.getText(sourceFile) : undefined;
  return {
    quote: firstImport?.moduleSpecifier.getText(sourceFile).startsWith('"') === true ? '"' : "'",
    braceSpacing: namedText === undefined || /^\{\s/u.test(namedText),
    semicolons: text === undefined || text.endsWith(';'),
    indent: /^\t/mu.test(sourceFile.text) ? '\t' : '  ',
  };
}

/** A generated snippet in the file's style: quotes, `{ a }` or `{a}`, semicolons, indentation. */
function styled(code: string, style: CodeStyle): string {
  return code
    .split(/\r?\n/u)
    .map((line) => {
      let result = line;
      if (style.quote === '"') result = result.replace(/'([^'"\\]*)'/gu, '"$1"');
      if (!style.braceSpacing && /^(?:import|export) /u.test(result)) result = result.replace(/\{ ([^{}]*?) \}/u, '{$1}');
      if (!style.semicolons && !/^\s*(?:\/\/|\/\*|\*)/u.test(result)) result = result.replace(/;$/u, '');
      if (style.indent !== '  ') result = result.replace(/^((?: {2})+)/u, (spaces) => style.indent.repeat(spaces.length / 2));
      return result;
    })
    .join(code.includes('\r\n') ? '\r\n' : '\n');
}

/** The module system the file is emitted in. */
export function moduleFormatOf(sourceFile: ts.SourceFile, options: ts.CompilerOptions): ModuleFormat {
  const kind = options.module ?? ((options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
  if (kind >= ts.ModuleKind.Node16 && kind <= ts.ModuleKind.NodeNext) return sourceFile.impliedNodeFormat === ts.ModuleKind.ESNext ? 'esm' : 'cjs';
  if (kind === ts.ModuleKind.Preserve) return /\.c[jt]s$/u.test(sourceFile.fileName) ? 'cjs' : 'esm';
  return kind === ts.ModuleKind.None || kind === ts.ModuleKind.CommonJS || kind === ts.ModuleKind.AMD || kind === ts.ModuleKind.UMD ? 'cjs' : 'esm';
}

function extensionsOf(fileName: string): { sourceExtension: string; runtimeExtension: string } {
  if (fileName.endsWith('.mts')) return { sourceExtension: '.mts', runtimeExtension: '.mjs' };
  if (fileName.endsWith('.cts')) return { sourceExtension: '.cts', runtimeExtension: '.cjs' };
  return { sourceExtension: '.ts', runtimeExtension: '.js' };
}

/** `piscina` among the dependencies of the nearest package.json. */
function dependsOnPiscina(fileName: string, fileSystem: FileSystemView): boolean {
  for (let directory = path.dirname(fileName); ; directory = path.dirname(directory)) {
    const manifestPath = path.join(directory, 'package.json');
    if (!/[\\/]node_modules$/u.test(directory) && fileSystem.fileExists(manifestPath)) {
      try {
        const manifest = JSON.parse(fileSystem.readFile(manifestPath) ?? '{}') as { dependencies?: Record<string, string> };
        return manifest.dependencies?.piscina !== undefined;
      } catch {
        return false;
      }
    }
    if (path.dirname(directory) === directory) return false;
  }
}

/**
 * The project's pool helper: an existing one anywhere in the program, or a new one beside the
 * first module offloaded (a folder the tsconfig certainly compiles; later offloads import it from there).
 */
function helperFileOf(program: ts.Program, sourceFile: ts.SourceFile, fileSystem: FileSystemView): { fileName: string; create: boolean } {
  const helperPattern = new RegExp(`[\\\\/]${POOL_HELPER_BASENAME}\\.[cm]?ts$`, 'u');
  const existing = program.getSourceFiles().find((file) => helperPattern.test(file.fileName));
  if (existing !== undefined) return { fileName: existing.fileName, create: false };
  const fileName = path.join(path.dirname(sourceFile.fileName), `${POOL_HELPER_BASENAME}.ts`);
  return { fileName, create: !fileSystem.fileExists(fileName) };
}

function relativeSpecifier(fromDirectory: string, toFile: string): string {
  let relative = path.relative(fromDirectory, toFile).replace(/\\/gu, '/');
  relative = relative.replace(/\.ts$/u, '.js').replace(/\.mts$/u, '.mjs').replace(/\.cts$/u, '.cjs');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function uniqueName(candidates: readonly string[], files: readonly ts.SourceFile[]): string {
  const free = candidates.find((candidate) => files.every((file) => !new RegExp(`\\b${candidate}\\b`, 'u').test(file.text)));
  if (free === undefined) throw new OffloadRefusal(`Names for the pool (${candidates.join(', ')}) are all taken.`);
  return free;
}

function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** A moved declaration's text (doc comment included), exported. */
function withExport(statement: ts.Statement, sourceFile: ts.SourceFile): string {
  const text = sourceFile.text;
  const start = docStartOf(statement, sourceFile);
  const declarationStart = statement.getStart(sourceFile);
  const end = endWithTrailingComments(statement, sourceFile);
  if (hasExportModifier(statement)) return text.slice(start, end);
  return `${text.slice(start, declarationStart)}export ${text.slice(declarationStart, end)}`;
}

function endWithTrailingComments(node: ts.Node, sourceFile: ts.SourceFile): number {
  const comments = ts.getTrailingCommentRanges(sourceFile.text, node.getEnd()) ?? [];
  const last = comments[comments.length - 1];
  return last === undefined ? node.getEnd() : last.end;
}

/** Where a statement's own doc comment starts: a comment separated from it by a blank line (a file header) is not its own. */
function docStartOf(statement: ts.Statement, sourceFile: ts.SourceFile): number {
  const withDoc = statement.getStart(sourceFile, true);
  const between = sourceFile.text.slice(withDoc, statement.getStart(sourceFile));
  const blank = /\n[ \t]*\r?\n(?![\s\S]*\n[ \t]*\r?\n)/u.exec(between);
  return blank === null ? withDoc : withDoc + blank.index + blank[0].length;
}

function lineStartOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/u.test(text.slice(lineStart, offset)) ? lineStart : offset;
}

/** The lines of a statement: from its doc comment's line to the end of its last line. */
function linesOf(statement: ts.Statement, sourceFile: ts.SourceFile): { start: number; end: number } {
  const text = sourceFile.text;
  const start = lineStartOf(text, docStartOf(statement, sourceFile));
  let end = endWithTrailingComments(statement, sourceFile);
  const lineEnd = /^[ \t]*\r?\n/u.exec(text.slice(end));
  if (lineEnd !== null) end += lineEnd[0].length;
  return { start, end };
}

/**
 * Removes statements with their doc comments; statements separated only by blank lines go as one
 * block, and a block between two blank lines takes one of them along.
 */
function removalsOf(statements: readonly ts.Statement[], sourceFile: ts.SourceFile): TextEdit[] {
  const text = sourceFile.text;
  const ranges = statements.map((statement) => linesOf(statement, sourceFile)).sort((a, b) => a.start - b.start);
  const blocks: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && /^\s*$/u.test(text.slice(last.end, range.start))) last.end = range.end;
    else blocks.push({ ...range });
  }
  return blocks.map(({ start, end }) => {
    const blankAfter = /^[ \t]*\r?\n/u.exec(text.slice(end));
    if (blankAfter !== null && (start === 0 || /\n[ \t]*\r?\n$/u.test(text.slice(0, start)))) end += blankAfter[0].length;
    return { start, end, newText: '' };
  });
}

function removalOf(statement: ts.Statement, sourceFile: ts.SourceFile): TextEdit {
  return { ...linesOf(statement, sourceFile), newText: '' };
}

function isPrologue(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

function leadingImportStatements(sourceFile: ts.SourceFile): ts.Statement[] {
  const imports: ts.Statement[] = [];
  for (const statement of sourceFile.statements) {
    if (isPrologue(statement) && imports.length === 0) continue;
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) imports.push(statement);
    else break;
  }
  return imports;
}

function bindingsOf(declaration: ts.ImportDeclaration | ts.ImportEqualsDeclaration): ts.Identifier[] {
  if (ts.isImportEqualsDeclaration(declaration)) return [declaration.name];
  const clause = declaration.importClause;
  if (clause === undefined) return [];
  const bindings: ts.Identifier[] = [];
  if (clause.name !== undefined) bindings.push(clause.name);
  const named = clause.namedBindings;
  if (named !== undefined) {
    if (ts.isNamespaceImport(named)) bindings.push(named.name);
    else for (const element of named.elements) bindings.push(element.name);
  }
  return bindings;
}

/** `declaration` with only the bindings in `keep`, in its own words (type modifiers, aliases, attributes). */
function importText(declaration: ts.ImportDeclaration | ts.ImportEqualsDeclaration, keep: ReadonlySet<ts.Identifier>, sourceFile: ts.SourceFile): string {
  if (ts.isImportEqualsDeclaration(declaration)) return declaration.getText(sourceFile);
  const clause = declaration.importClause as ts.ImportClause;
  const parts: string[] = [];
  if (clause.name !== undefined && keep.has(clause.name)) parts.push(clause.name.text);
  const named = clause.namedBindings;
  if (named !== undefined && ts.isNamespaceImport(named) && keep.has(named.name)) parts.push(`* as ${named.name.text}`);
  if (named !== undefined && ts.isNamedImports(named)) {
    const elements = named.elements.filter((element) => keep.has(element.name)).map((element) => element.getText(sourceFile));
    if (elements.length > 0) parts.push(`{ ${elements.join(', ')} }`);
  }
  const attributes = declaration.attributes === undefined ? '' : ` ${declaration.attributes.getText(sourceFile)}`;
  return `import ${clause.isTypeOnly ? 'type ' : ''}${parts.join(', ')} from ${declaration.moduleSpecifier.getText(sourceFile)}${attributes};`;
}

function existingNamedImport(sourceFile: ts.SourceFile, moduleName: string, exportName: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== moduleName) continue;
    const named = statement.importClause?.namedBindings;
    if (statement.importClause?.isTypeOnly || named === undefined || !ts.isNamedImports(named)) continue;
    const element = named.elements.find((candidate) => !candidate.isTypeOnly && (candidate.propertyName ?? candidate.name).getText(sourceFile) === exportName);
    if (element !== undefined) return element.name.text;
  }
  return undefined;
}

function existingPathImport(sourceFile: ts.SourceFile): string | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && (statement.moduleSpecifier.text === 'path' || statement.moduleSpecifier.text === 'node:path')) {
      const clause = statement.importClause;
      if (clause === undefined || clause.isTypeOnly) continue;
      if (clause.namedBindings !== undefined && ts.isNamespaceImport(clause.namedBindings)) return clause.namedBindings.name.text;
      if (clause.name !== undefined) return clause.name.text;
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const reference = statement.moduleReference.expression;
      if (ts.isStringLiteral(reference) && (reference.text === 'path' || reference.text === 'node:path')) return statement.name.text;
    }
  }
  return undefined;
}

/** Whether an identifier of `symbol` occurs in `sourceFile` outside the excluded nodes. */
function referencedOutside(sourceFile: ts.SourceFile, symbol: ts.Symbol, name: string, checker: ts.TypeChecker, excluded: (node: ts.Node) => boolean): boolean {
  const visit = (node: ts.Node): boolean => {
    if (excluded(node)) return false;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      if (ts.isExportSpecifier(parent) && parent.parent.parent.moduleSpecifier === undefined && (parent.propertyName ?? parent.name) === node) {
        return checker.getExportSpecifierLocalTargetSymbol(parent) === symbol;
      }
      if ((ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) && parent.name === node) {
        return false;
      }
      if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
      const found = ts.isShorthandPropertyAssignment(parent) && parent.name === node ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(node);
      if (found === symbol) return true;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(sourceFile);
}

function callRewrite(call: RewritableCall, poolReference: string, poolKind: PoolKind): TextEdit {
  const node = call.call;
  const file = call.sourceFile;
  const argumentText = file.text.slice(node.arguments.pos, node.arguments.end);
  const invocation = poolKind === 'piscina' ? `${poolReference}.run([${argumentText}])` : `${poolReference}.run(${argumentText})`;
  const start = node.getStart(file);
  let outer: ts.Node = node;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (ts.isAwaitExpression(outer.parent)) return { start, end: node.getEnd(), newText: invocation };
  const awaited = `await ${invocation}`;
  return { start, end: node.getEnd(), newText: needsParentheses(node) ? `(${awaited})` : awaited };
}

/** `await x` binds looser than member access and calls: parenthesize unless the parent takes any expression. */
function needsParentheses(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) || ts.isParenthesizedExpression(parent) || ts.isReturnStatement(parent) || ts.isThrowStatement(parent)) return false;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isArrayLiteralExpression(parent) || ts.isTemplateSpan(parent) || ts.isSpreadElement(parent)) return false;
  if (ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isArrowFunction(parent)) return false;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) return false;
  if (ts.isConditionalExpression(parent) && parent.condition !== node) return false;
  if (ts.isBinaryExpression(parent)) return parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === node;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isSwitchStatement(parent) || ts.isCaseClause(parent)) return false;
  return true;
}

/** An insertion at the start of another edit becomes part of it, so clients apply them in a known order. */
function mergeTouching(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && previous.start === previous.end && previous.start === edit.start) {
      merged[merged.length - 1] = { start: edit.start, end: edit.end, newText: previous.newText + edit.newText };
    } else if (previous !== undefined && edit.start < previous.end) {
      throw new OffloadRefusal('Internal error: overlapping edits (please report this case).');
    } else {
      merged.push(edit);
    }
  }
  return merged;
}
