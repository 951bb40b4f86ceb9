/**
 * Getting a binding for a core-module export into a file for a rewrite: reuse an import or
 * `require()` the file already has (named, namespace, default), else add one in the file's own
 * module style (`import { readFile } from 'node:fs/promises'` or `const { readFile } = require(…)`),
 * with the file's `node:` spelling, under a name nothing in the file uses yet.
 */
import ts = require('typescript');
import type { TextEdit } from '../types.js';
import { coreModuleName } from '../blocking-catalog.js';
import { isRequireCall } from './resolve.js';

export interface ImportedName {
  /** Expression text naming the export here: `readFile`, `fs.promises`… `fsp.readFile`. */
  readonly expression: string;
  readonly edits: readonly TextEdit[];
}

/** Per-file facts the import helper needs, computed once per file. */
export class FileImports {
  private usedNames: Set<string> | undefined;
  /** Every name whose use in the file was asked about: the added bindings' names depend on them. */
  readonly consultedNames = new Set<string>();
  /** Same request, same answer: every suggestion in the file adds the same binding the same way. */
  private readonly answers = new Map<string, ImportedName>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** A binding for `exportName` of core module `module` (`fs/promises`, `util`…), reused or added. */
  nameFor(module: string, exportName: string, preferredLocal = exportName): ImportedName {
    const key = `${module}:${exportName}:${preferredLocal}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      const existing = this.existingBinding(module, exportName);
      const local = existing ?? this.freshName(preferredLocal, exportName);
      answer = { expression: local, edits: existing === undefined ? [this.addBinding(module, exportName, local)] : [] };
      this.answers.set(key, answer);
    }
    return answer;
  }

  private existingBinding(module: string, exportName: string): string | undefined {
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const clause = statement.importClause;
        if (coreModuleName(statement.moduleSpecifier.text) !== module || clause === undefined || clause.isTypeOnly) continue;
        const named = clause.namedBindings;
        if (named && ts.isNamedImports(named)) {
          const element = named.elements.find((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === exportName);
          if (element !== undefined) return element.name.text;
        }
        if (named && ts.isNamespaceImport(named)) return `${named.name.text}.${exportName}`;
        if (clause.name) return `${clause.name.text}.${exportName}`;
      } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
        const expression = statement.moduleReference.expression;
        if (ts.isStringLiteral(expression) && coreModuleName(expression.text) === module && !statement.isTypeOnly) {
          return `${statement.name.text}.${exportName}`;
        }
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (init === undefined || !isRequireCall(init) || coreModuleName(init.arguments[0].text) !== module) continue;
          if (ts.isIdentifier(declaration.name)) return `${declaration.name.text}.${exportName}`;
          if (ts.isObjectBindingPattern(declaration.name)) {
            const element = declaration.name.elements.find(
              (e) => !e.dotDotDotToken && ts.isIdentifier(e.name) && (e.propertyName ?? e.name).getText(this.sourceFile) === exportName,
            );
            if (element !== undefined && ts.isIdentifier(element.name)) return element.name.text;
          }
        }
      }
    }
    return undefined;
  }

  private names(): Set<string> {
    if (this.usedNames === undefined) {
      const used = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) used.add(node.text);
        ts.forEachChild(node, visit);
      };
      visit(this.sourceFile);
      this.usedNames = used;
    }
    return this.usedNames;
  }

  private freshName(preferred: string, exportName: string): string {
    const used = this.names();
    const candidates = [preferred, `${exportName}Async`, `${exportName}Promise`];
    for (let i = 2; i < 50; i++) candidates.push(`${exportName}Async${i}`);
    return candidates.find((c) => {
      this.consultedNames.add(c);
      return !used.has(c);
    }) as string;
  }

  /** Whether the file is CommonJS JavaScript (it `require`s and has no import/export syntax). */
  private isCommonJs(): boolean {
    const file = this.sourceFile;
    if (file.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s))) return false;
    if (/\.(cjs|cts)$/u.test(file.fileName)) return true;
    return file.statements.some((s) => this.requireStatement(s));
  }

  private requireStatement(statement: ts.Statement): boolean {
    return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.initializer !== undefined && isRequireCall(d.initializer));
  }

  /** `node:` when the file spells core modules that way, or imports none without it. */
  private spelling(module: string): string {
    let bare = false;
    const visit = (specifier: ts.Expression): boolean => {
      if (!ts.isStringLiteralLike(specifier)) return false;
      if (specifier.text.startsWith('node:')) return true;
      if (/^(fs|fs\/promises|child_process|zlib|crypto|util|timers\/promises|path|os)$/u.test(specifier.text)) bare = true;
      return false;
    };
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && visit(statement.moduleSpecifier)) return `node:${module}`;
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (d.initializer && isRequireCall(d.initializer) && visit(d.initializer.arguments[0])) return `node:${module}`;
      }
    }
    return bare ? module : `node:${module}`;
  }

  private addBinding(module: string, exportName: string, local: string): TextEdit {
    const file = this.sourceFile;
    const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
    const specifier = this.spelling(module);
    const binding = local === exportName ? exportName : undefined;
    if (this.isCommonJs()) {
      const pattern = binding ?? `${exportName}: ${local}`;
      const text = `const { ${pattern} } = require('${specifier}');`;
      const lastRequire = [...file.statements].reverse().find((s) => this.requireStatement(s));
      if (lastRequire !== undefined) return { start: lastRequire.end, end: lastRequire.end, newText: `${newline}${text}` };
      return this.atTop(`${text}${newline}`);
    }
    const text = `import { ${binding ?? `${exportName} as ${local}`} } from '${specifier}';`;
    const lastImport = [...file.statements].reverse().find((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
    if (lastImport !== undefined) return { start: lastImport.end, end: lastImport.end, newText: `${newline}${text}` };
    return this.atTop(`${text}${newline}`);
  }

  /** Before the first statement that is not a directive prologue (`'use strict'`). */
  private atTop(text: string): TextEdit {
    const statements = this.sourceFile.statements;
    const first = statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
    if (first === undefined) {
      const end = this.sourceFile.end;
      return { start: end, end, newText: text };
    }
    const start = first.getStart(this.sourceFile);
    return { start, end: start, newText: text };
  }
}
