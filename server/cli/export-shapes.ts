/**
 * What a file provides to the files that import it, and what it uses of the files it imports,
 * read from its syntax alone, so `--cache` can tell which importers a change can affect.
 *
 * An exported name's shape is the text of every top-level statement of the file it needs: its own
 * declarations, the top-level declarations they mention (transitively), and every top-level
 * statement that declares nothing (`f.extra = 1` changes the type of `f`). Whatever these
 * statements mention of imported bindings is recorded as a reference to `(module, name)`, so a
 * change behind an import reaches the names built on it. Function bodies are part of the text: the
 * rules follow calls into the bodies of imported functions, and inferred types come from bodies.
 *
 * Over-approximations only (a mentioned identifier counts even if it names a local or a member),
 * so a name's shape changes whenever anything that could change its type or its body changes.
 * Files whose exports cannot be told apart this way (JavaScript, JSON, `export =`) are opaque:
 * any change of theirs changes all they provide.
 */
import { createHash } from 'node:crypto';
import * as ts from 'typescript';

/** `(module specifier, imported name)`; `*` names the whole module. */
export type ImportRef = string;

export interface ExportShape {
  /** Per exported name: the hash of the statements it needs, and the imports they mention. */
  readonly names: Record<string, { readonly hash: string; readonly refs: ImportRef[] }>;
  /** `export * from '…'` specifiers. */
  readonly stars: string[];
  /** Exports not told apart (a change changes every name), and imports all used whole. */
  readonly opaque: boolean;
  /** What the file's own code uses of each module it imports or re-exports (specifier → names, `*` for all of it, none for a re-export or an import for side effects). */
  readonly uses: Record<string, string[]>;
}

export function importRef(specifier: string, name: string): ImportRef {
  return `${specifier}\0${name}`;
}

export function splitImportRef(ref: ImportRef): [specifier: string, name: string] {
  const at = ref.lastIndexOf('\0');
  return [ref.slice(0, at), ref.slice(at + 1)];
}

const WHOLE = '*';

/** A tree's text never changes (an edit makes a new tree), and a daemon's programs share the unchanged ones. */
const shapeByTree = new WeakMap<ts.SourceFile, ExportShape>();

export function exportShape(sourceFile: ts.SourceFile): ExportShape {
  let shape = shapeByTree.get(sourceFile);
  if (!shape) shapeByTree.set(sourceFile, (shape = computeExportShape(sourceFile)));
  return shape;
}

function computeExportShape(sourceFile: ts.SourceFile): ExportShape {
  const opaque = /\.(json|[cm]?jsx?)$/iu.test(sourceFile.fileName);
  const uses = new Map<string, Set<string>>();
  /** Without a name: the module is imported but nothing of it is used here (`import './x'`, re-exports). */
  const use = (specifier: string, name?: string): void => {
    let names = uses.get(specifier);
    if (!names) uses.set(specifier, (names = new Set()));
    if (name !== undefined || opaque) names.add(opaque ? WHOLE : (name as string));
  };

  /** Import bindings: local name → (specifier, imported name). */
  const imported = new Map<string, ImportRef>();
  /** Namespace import bindings: local name → specifier. */
  const namespaces = new Map<string, string>();
  /** Top-level statements by the names they declare. */
  const declaring = new Map<string, ts.Statement[]>();
  /** Statements every exported name needs (they declare nothing, or something anonymous). */
  const always: ts.Statement[] = [];
  const exported = new Map<string, { statements: ts.Statement[]; locals: string[]; refs: ImportRef[] }>();
  const stars: string[] = [];
  let exportAssignment = false;
  const declare = (name: string, statement: ts.Statement): void => {
    const list = declaring.get(name);
    if (list) list.push(statement);
    else declaring.set(name, [statement]);
  };
  const exportName = (name: string, entry: { statements?: ts.Statement[]; locals?: string[]; refs?: ImportRef[] }): void => {
    const existing = exported.get(name) ?? { statements: [], locals: [], refs: [] };
    existing.statements.push(...(entry.statements ?? []));
    existing.locals.push(...(entry.locals ?? []));
    existing.refs.push(...(entry.refs ?? []));
    exported.set(name, existing);
  };

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (!ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) {
        use(specifier); // side effects only (a script declaring globals is handled by the cache)
        continue;
      }
      if (clause.name) {
        imported.set(clause.name.text, importRef(specifier, 'default'));
        use(specifier, 'default');
      }
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        // What of it is used is read from the code: `ns.name` uses `name`, a bare `ns` all of it.
        imported.set(bindings.name.text, importRef(specifier, WHOLE));
        namespaces.set(bindings.name.text, specifier);
        use(specifier);
      } else if (bindings) {
        for (const element of bindings.elements) {
          const name = (element.propertyName ?? element.name).text;
          imported.set(element.name.text, importRef(specifier, name));
          use(specifier, name);
        }
      }
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement)) {
      if (ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
        const specifier = statement.moduleReference.expression.text;
        imported.set(statement.name.text, importRef(specifier, WHOLE));
        use(specifier, WHOLE);
        if (hasExportModifier(statement)) exportName(statement.name.text, { refs: [importRef(specifier, WHOLE)] });
      } else {
        declare(statement.name.text, statement); // `import A = N.B`: an alias inside the file
        if (hasExportModifier(statement)) exportName(statement.name.text, { statements: [statement] });
      }
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (specifier !== undefined) {
        // A re-export is no use of the module by this file's own code.
        use(specifier);
        if (!clause) stars.push(specifier);
        else if (ts.isNamespaceExport(clause)) exportName(clause.name.text, { refs: [importRef(specifier, WHOLE)] });
        else for (const element of clause.elements) exportName(element.name.text, { refs: [importRef(specifier, (element.propertyName ?? element.name).text)] });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) exportName(element.name.text, { locals: [(element.propertyName ?? element.name).text] });
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) exportAssignment = true;
      else exportName('default', { statements: [statement] });
      continue;
    }
    const names = declaredNames(statement);
    if (names === undefined) {
      always.push(statement);
      continue;
    }
    for (const name of names) declare(name, statement);
    if (hasExportModifier(statement)) {
      const isDefault = (ts.getModifiers(statement as ts.HasModifiers) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) exportName('default', { statements: [statement] });
      else for (const name of names) exportName(name, { statements: [statement] });
    }
  }

  // Imports used anywhere else (`import('./x')`, `require('./x')`, `typeof import('./x')`) are
  // used whole; the texts are searched first so most files are not walked for them.
  if (/\b(import|require)\s*\(/u.test(sourceFile.text)) {
    const visit = (node: ts.Node): void => {
      const specifier = importedInline(node);
      if (specifier !== undefined) use(specifier, WHOLE);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }

  const mentionsOf = new Map<ts.Statement, Set<string>>();
  const mentions = (statement: ts.Statement): Set<string> => {
    let found = mentionsOf.get(statement);
    if (!found) mentionsOf.set(statement, (found = identifiersIn(statement)));
    return found;
  };
  /** A mention of a namespace member (`ns.name`) as an import reference; undefined for anything else. */
  const namespaceMember = (mentioned: string): ImportRef | undefined => {
    const dot = mentioned.indexOf('.');
    if (dot < 0) return undefined;
    const specifier = namespaces.get(mentioned.slice(0, dot));
    return specifier === undefined ? undefined : importRef(specifier, mentioned.slice(dot + 1));
  };
  if (namespaces.size > 0 && !opaque) {
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) continue;
      for (const mentioned of mentions(statement)) {
        const member = namespaceMember(mentioned);
        if (member !== undefined) use(...splitImportRef(member));
        else {
          const specifier = namespaces.get(mentioned.split('.')[0]!);
          if (specifier !== undefined) use(specifier, WHOLE);
        }
      }
    }
  }
  // JSX mentions the factory (`React`) without naming it.
  const jsxRefs = /\.[jt]sx$/iu.test(sourceFile.fileName) ? [...imported.values()] : [];
  // What each statement needs (other statements, imports), worked out once per statement: an
  // export's closure then follows these edges only.
  const edgesOf = new Map<ts.Statement, { statements: ts.Statement[]; refs: ImportRef[] }>();
  const needsOfName = (name: string, into: { statements: ts.Statement[]; refs: ImportRef[] }): void => {
    const ref = imported.get(name);
    if (ref !== undefined) into.refs.push(ref);
    into.statements.push(...(declaring.get(name) ?? []));
  };
  const edges = (statement: ts.Statement): { statements: ts.Statement[]; refs: ImportRef[] } => {
    let found = edgesOf.get(statement);
    if (!found) {
      found = { statements: [], refs: [] };
      for (const mentioned of mentions(statement)) {
        const member = namespaceMember(mentioned);
        if (mentioned.startsWith(INLINE_IMPORT)) found.refs.push(importRef(mentioned.slice(INLINE_IMPORT.length), WHOLE));
        else if (member !== undefined) found.refs.push(member);
        else needsOfName(mentioned.split('.')[0]!, found);
      }
      edgesOf.set(statement, found);
    }
    return found;
  };
  const close = (start: { statements: ts.Statement[]; refs: ImportRef[] }, needed: Set<ts.Statement>, refs: Set<ImportRef>): void => {
    for (const ref of start.refs) refs.add(ref);
    const pending = start.statements.filter((statement) => !needed.has(statement));
    for (const statement of pending) needed.add(statement);
    for (let statement = pending.pop(); statement; statement = pending.pop()) {
      const next = edges(statement);
      for (const ref of next.refs) refs.add(ref);
      for (const dependency of next.statements) {
        if (!needed.has(dependency)) {
          needed.add(dependency);
          pending.push(dependency);
        }
      }
    }
  };
  const textHashes = new Map<ts.Statement, string>();
  const textHash = (statement: ts.Statement): string => {
    let hash = textHashes.get(statement);
    if (hash === undefined) textHashes.set(statement, (hash = sha1(statement.getText(sourceFile))));
    return hash;
  };
  const base = { needed: new Set<ts.Statement>(), refs: new Set<ImportRef>(jsxRefs) };
  close({ statements: always, refs: [] }, base.needed, base.refs);
  const names: Record<string, { hash: string; refs: ImportRef[] }> = {};
  for (const [name, entry] of exported) {
    const needed = new Set(base.needed);
    const refs = new Set(base.refs);
    const start = { statements: [...entry.statements], refs: [...entry.refs] };
    for (const local of entry.locals) needsOfName(local, start);
    close(start, needed, refs);
    const hashes = [...needed].sort((a, b) => a.pos - b.pos).map(textHash);
    names[name] = { hash: sha1(JSON.stringify([name, hashes, [...entry.locals].sort()])), refs: [...refs].sort() };
  }
  return {
    names,
    stars,
    opaque: opaque || exportAssignment,
    uses: Object.fromEntries([...uses].map(([specifier, used]) => [specifier, [...used].sort()])),
  };
}

/** The names a top-level statement declares; undefined when it declares none (it runs, or augments). */
function declaredNames(statement: ts.Statement): string[] | undefined {
  if (ts.isVariableStatement(statement)) {
    const names: string[] = [];
    for (const declaration of statement.declarationList.declarations) collectBindingNames(declaration.name, names);
    return names;
  }
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
    return statement.name ? [statement.name.text] : (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Default) !== 0 ? ['default'] : undefined;
  }
  if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) return [statement.name.text];
  return undefined;
}

function collectBindingNames(name: ts.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) {
    into.push(name.text);
    return;
  }
  for (const element of name.elements) if (ts.isBindingElement(element)) collectBindingNames(element.name, into);
}

function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** A module named inside code (`import('./x')`, `require('./x')`, `import('./x').T` as a type), if `node` is one. */
function importedInline(node: ts.Node): string | undefined {
  if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!) &&
    (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
    return node.arguments[0].text;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  return undefined;
}

/** Marks a mention of a module named inside code (it is used whole). */
const INLINE_IMPORT = '\0';

/**
 * Every identifier in a statement (names of locals and members included: more is only safer); an
 * identifier qualified by a member name (`ns.name` as a value or a type) is mentioned as `ns.name`.
 */
function identifiersIn(statement: ts.Statement): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    const specifier = importedInline(node);
    if (specifier !== undefined) found.add(`${INLINE_IMPORT}${specifier}`);
    if (ts.isIdentifier(node)) found.add(node.text);
    else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isIdentifier(node.name)) found.add(`${node.expression.text}.${node.name.text}`);
    else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left)) found.add(`${node.left.text}.${node.right.text}`);
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function sha1(data: string): string {
  return createHash('sha1').update(data).digest('hex');
}
