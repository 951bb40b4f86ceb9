/**
 * A file split into the parts the language server can re-analyse on their own: its top-level
 * functions, function-valued top-level variables and class members with a body ("units"; an arrow
 * function's body may be a single expression), and the rest ("module code"). For each unit we record, by plain text, which names lead other code to it
 * (callers consult a callee's body: "cannot reject", blocking helper chains, effects) and which
 * names it mentions, so the units that may depend on an edited one can be found without a checker.
 *
 * Everything here is numbers and strings: TypeScript's incremental parser reuses and moves nodes of
 * the previous tree, so an old tree must not be read after the next edit.
 */
import ts = require('typescript');
import { isAsyncFunction } from '../../rules/core/await-context.js';
import { thisFieldRead } from '../../rules/core/no-floating-promise/held-promise.js';
import { isNonThenableTypeNode } from '../../rules/core/promise-types.js';

/** What the planner knows of a unit from its text alone. */
export interface UnitFacts {
  /**
   * Names through which other code's values depend on the body (callers consult it: "cannot
   * reject", blocking helper chains, effects) or on an inferred signature; empty when nothing
   * outside can see the body (a setter, an annotated getter); undefined when unknown.
   */
  readonly reachedThrough: readonly string[] | undefined;
  /**
   * Names through which types can see an inferred return type (`Options['merge']`, `keyof
   * Options`); empty when the signature is written out or the body returns no value.
   */
  readonly typesSeeThrough: readonly string[];
  /**
   * Whether a call of it may give a promise (async, a generator, a written return type that is not
   * plain keywords like `void`/`boolean`, or none written and a body returning a value): only then
   * do synchronous callers consult its body ("cannot reject", a promise it holds).
   */
  readonly mayReturnPromise: boolean;
  /** Whether it contains an async function: only async code consults synchronous callees (blocking chains, effects). */
  readonly runsAsync: boolean;
  /** Identifier, private-name and string-literal texts anywhere in the unit, its own name included. */
  readonly mentions: ReadonlySet<string>;
  /** Whether the body declares a type, class or enum (a printed signature could hide its change). */
  readonly declaresTypes: boolean;
  /**
   * Fields it returns as `this.name`: whether a call hands back a promise the constructor stored
   * (held-promise.ts) depends on every write of such a field.
   */
  readonly returnsFields: readonly string[];
}

export interface AnalysisUnit {
  /** The node's full range, leading trivia included: a finding starting inside belongs to the unit. */
  readonly pos: number;
  readonly end: number;
  /** Where its first token starts (after leading comments). */
  readonly tokenStart: number;
  /**
   * Inside the body's braces (or the tokens of an arrow function's expression body): an edit
   * between them that leaves the units where they were leaves everything else as it was.
   */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The body is an arrow function's expression: every edit in it is an edit of what it returns. */
  readonly expressionBody: boolean;
  readonly facts: UnitFacts;
}

export interface FileUnits {
  /** TypeScript (not JavaScript, where bodies and JSDoc shape types): only then are edits incremental. */
  readonly isTypeScript: boolean;
  readonly units: readonly AnalysisUnit[];
  /** The units' nodes, in the same order, and their file: valid only while this tree is the current one. */
  readonly nodes: readonly ts.Node[];
  readonly sourceFile: ts.SourceFile;
  /** What module code (everything outside the units) mentions in values, declaration names excluded. */
  readonly moduleMentions: ReadonlySet<string>;
  /** What module code mentions inside types (`Options['merge']`, `Except<Options, 'merge'>`). */
  readonly moduleTypeMentions: ReadonlySet<string>;
  /**
   * Top-level variables other code's findings depend on beyond their type: reads decide whether a
   * stored promise is "never read", assignments decide narrowing of `let`s everywhere.
   */
  readonly moduleVariables: ReadonlySet<string>;
  readonly hasSyntaxErrors: boolean;
  /**
   * Takes every fact but those of unit `except` from the previous tree of the same file, whose text
   * outside that unit is the same (the planner checked): an edit then walks one unit, not the file.
   */
  adoptFacts(previous: FileUnits, except: number): void;
  /** Computes every fact still missing, while this tree is current (the next edit may reuse its nodes). */
  settle(): void;
}

type UnitNode = ts.FunctionDeclaration | ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration | ts.PropertyDeclaration | ts.VariableStatement;

/**
 * The units of a file and the facts the planner reads, computed on first use: after an edit inside
 * one unit, the planner adopts the others' facts from the previous tree instead.
 */
export function collectFileUnits(sourceFile: ts.SourceFile): FileUnits {
  return new LazyFileUnits(sourceFile);
}

interface ModuleFacts {
  readonly moduleMentions: ReadonlySet<string>;
  readonly moduleTypeMentions: ReadonlySet<string>;
  readonly moduleVariables: ReadonlySet<string>;
}

class LazyUnit implements AnalysisUnit {
  readonly pos: number;
  readonly end: number;
  readonly tokenStart: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly expressionBody: boolean;
  private known: UnitFacts | undefined;

  constructor(
    private readonly node: ts.Node,
    private readonly body: ts.ConciseBody,
    private readonly className: string | undefined,
    sourceFile: ts.SourceFile,
  ) {
    this.pos = node.pos;
    this.end = node.end;
    this.tokenStart = node.getStart(sourceFile);
    this.expressionBody = !ts.isBlock(body);
    this.bodyStart = body.getStart(sourceFile) + (this.expressionBody ? 0 : 1);
    this.bodyEnd = body.end - (this.expressionBody ? 0 : 1);
  }

  get facts(): UnitFacts {
    return (this.known ??= unitFacts(this.node, this.body, this.className));
  }

  adopt(facts: UnitFacts): void {
    this.known ??= facts;
  }
}

class LazyFileUnits implements FileUnits {
  readonly isTypeScript: boolean;
  readonly units: LazyUnit[] = [];
  readonly nodes: ts.Node[] = [];
  readonly hasSyntaxErrors: boolean;
  private readonly moduleNodes: ts.Node[] = [];
  private readonly variableStatements: ts.VariableStatement[] = [];
  private module: ModuleFacts | undefined;

  constructor(readonly sourceFile: ts.SourceFile) {
    const add = (node: ts.Node, className: string | undefined): void => {
      const body = bodyOf(node);
      if (body === undefined) {
        this.moduleNodes.push(node);
        return;
      }
      this.units.push(new LazyUnit(node, body, className, sourceFile));
      this.nodes.push(node);
    };
    for (const statement of sourceFile.statements) {
      if (ts.isClassDeclaration(statement)) {
        for (const member of statement.members) add(member, statement.name?.text);
        // The class's own header: decorators, name, heritage clauses.
        statement.modifiers?.forEach((modifier) => this.moduleNodes.push(modifier));
        statement.heritageClauses?.forEach((clause) => this.moduleNodes.push(clause));
        statement.typeParameters?.forEach((parameter) => this.moduleNodes.push(parameter));
        continue;
      }
      if (ts.isVariableStatement(statement)) this.variableStatements.push(statement);
      add(statement, undefined);
    }
    const parseDiagnostics = (sourceFile as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
    this.hasSyntaxErrors = parseDiagnostics !== undefined && parseDiagnostics.length > 0;
    this.isTypeScript = /\.[cm]?tsx?$/iu.test(sourceFile.fileName) && !sourceFile.isDeclarationFile;
  }

  private get moduleFacts(): ModuleFacts {
    if (this.module === undefined) {
      const moduleMentions = new Set<string>();
      const moduleTypeMentions = new Set<string>();
      const moduleVariables = new Set<string>();
      for (const node of this.moduleNodes) collectMentions(node, moduleMentions, false, moduleTypeMentions);
      for (const statement of this.variableStatements) addModuleVariables(statement, moduleVariables);
      this.module = { moduleMentions, moduleTypeMentions, moduleVariables };
    }
    return this.module;
  }

  get moduleMentions(): ReadonlySet<string> {
    return this.moduleFacts.moduleMentions;
  }
  get moduleTypeMentions(): ReadonlySet<string> {
    return this.moduleFacts.moduleTypeMentions;
  }
  get moduleVariables(): ReadonlySet<string> {
    return this.moduleFacts.moduleVariables;
  }

  adoptFacts(previous: FileUnits, except: number): void {
    const before = previous as LazyFileUnits;
    this.module ??= before.moduleFacts;
    this.units.forEach((unit, index) => {
      if (index !== except) unit.adopt((before.units[index] as LazyUnit).facts);
    });
  }

  settle(): void {
    void this.moduleFacts;
    for (const unit of this.units) void unit.facts;
  }
}

function unitFacts(node: ts.Node, body: ts.ConciseBody, className: string | undefined): UnitFacts {
  const facts = bodyFacts(node, body);
  const unitNode = node as UnitNode;
  const name = unitName(unitNode);
  return {
    reachedThrough: reachedThrough(unitNode, name, className),
    typesSeeThrough: name !== undefined && hasInferredType(unitNode) && facts.returnsValue ? [name, ...(className === undefined ? [] : [className])] : [],
    mayReturnPromise: mayReturnPromise(unitNode, facts.returnsValue),
    runsAsync: facts.runsAsync,
    mentions: facts.mentions,
    declaresTypes: facts.declaresTypes,
    returnsFields: [...facts.returnsFields],
  };
}

/** The body of a unit (a block, or an arrow function's expression), or undefined when the node is not one. */
function bodyOf(node: ts.Node): ts.ConciseBody | undefined {
  return functionOf(node)?.body;
}

function nameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function unitName(node: UnitNode): string | undefined {
  if (ts.isVariableStatement(node)) return nameText((node.declarationList.declarations[0] as ts.VariableDeclaration).name);
  if (ts.isFunctionDeclaration(node) && node.name === undefined) return 'default';
  return ts.isConstructorDeclaration(node) ? undefined : nameText(node.name);
}

/** Callers reach a function by its name (a constructor by its class's); its inferred return type reaches them too. */
function reachedThrough(node: UnitNode, name: string | undefined, className: string | undefined): readonly string[] | undefined {
  if (ts.isConstructorDeclaration(node)) return className === undefined ? undefined : [className];
  // A setter's body is never consulted from outside; its type is its parameter's annotation (or the getter's).
  if (ts.isSetAccessorDeclaration(node)) return [];
  if (ts.isGetAccessorDeclaration(node) && node.type !== undefined) return [];
  if (name !== undefined) return [name];
  // `[Symbol.asyncIterator]()`: a call names it through the same expression (`x[Symbol.asyncIterator]()`).
  const computed = 'name' in node && node.name !== undefined && ts.isComputedPropertyName(node.name) ? node.name : undefined;
  if (computed === undefined) return undefined;
  const words = new Set<string>();
  collectMentions(computed.expression, words, true);
  return words.size > 0 ? [...words] : undefined;
}

/** No return type written, and no declared type on the property or variable holding it. */
function hasInferredType(node: UnitNode): boolean {
  const holder = ts.isVariableStatement(node) ? node.declarationList.declarations[0] : node;
  if ((ts.isPropertyDeclaration(holder as ts.Node) || ts.isVariableDeclaration(holder as ts.Node)) && (holder as ts.VariableDeclaration).type !== undefined) return false;
  return functionOf(node)?.type === undefined;
}

function mayReturnPromise(node: UnitNode, returnsValue: boolean): boolean {
  if (ts.isConstructorDeclaration(node)) return false;
  const fn = functionOf(node);
  if (fn === undefined) return true;
  if (isAsyncFunction(fn) || fn.asteriskToken !== undefined) return true;
  if (fn.type !== undefined) return !isNonThenableTypeNode(fn.type);
  // No return type written: it may give a promise only if its body returns a value.
  return returnsValue;
}


interface BodyFacts {
  /** Identifier, private-name and string-literal texts anywhere in the unit. */
  readonly mentions: Set<string>;
  /** The body (not nested functions or classes) returns or yields a value. */
  readonly returnsValue: boolean;
  /** The unit contains an async function (itself included). */
  readonly runsAsync: boolean;
  /** The body declares a type, class or enum. */
  readonly declaresTypes: boolean;
  /** `name` of every `this.name` the body (not nested functions) returns. */
  readonly returnsFields: ReadonlySet<string>;
}

/** One walk over a unit for everything the planner asks about it (the language server pays it per edit). */
function bodyFacts(unit: ts.Node, body: ts.ConciseBody): BodyFacts {
  const mentions = new Set<string>();
  let returnsValue = !ts.isBlock(body);
  const returnsFields = new Set<string>();
  const addReturnedField = (expression: ts.Expression): void => {
    const field = thisFieldRead(expression);
    if (field !== undefined) returnsFields.add(field);
  };
  if (!ts.isBlock(body)) addReturnedField(body);
  let runsAsync = false;
  let declaresTypes = false;
  const visit = (node: ts.Node, inBody: boolean, nested: boolean): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node)) {
      mentions.add(node.text);
      return;
    }
    let innerNested = nested;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) {
      if (!runsAsync && isAsyncFunction(node as ts.SignatureDeclaration)) runsAsync = true;
      if (inBody) innerNested = true;
    }
    if (inBody) {
      if (!declaresTypes && (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassLike(node) || ts.isEnumDeclaration(node))) declaresTypes = true;
      if (!innerNested && ((ts.isReturnStatement(node) && node.expression !== undefined) || ts.isYieldExpression(node))) {
        returnsValue = true;
        if (ts.isReturnStatement(node) && node.expression !== undefined) addReturnedField(node.expression);
      }
    }
    ts.forEachChild(node, (child) => visit(child, inBody || child === body, innerNested));
  };
  visit(unit, false, false);
  return { mentions, returnsValue, runsAsync, declaresTypes, returnsFields };
}

/** Declaration names of members, properties and parameters lead nowhere; everything else may. */
function isInertDeclarationName(node: ts.Node): boolean {
  const parent = node.parent;
  if (parent === undefined || (parent as { name?: ts.Node }).name !== node) return false;
  return (
    ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isParameter(parent) ||
    ts.isEnumMember(parent) || ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent) ||
    ts.isTypeAliasDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isAccessor(parent)
  );
}

/** Names in `root`; those inside type nodes go to `typeMentions` when given. */
function collectMentions(root: ts.Node, into: Set<string>, includeDeclarationNames: boolean, typeMentions?: Set<string>): void {
  const visit = (node: ts.Node, target: Set<string>): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node)) {
      if (includeDeclarationNames || !isInertDeclarationName(node)) target.add(node.text);
      return;
    }
    const inner = typeMentions !== undefined && (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) ? typeMentions : target;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(root, into);
}

/**
 * A `let`/`var` (assignments anywhere change its narrowing everywhere) or a `const` holding what a
 * call makes (reads anywhere decide whether a stored promise is "never read").
 */
function addModuleVariables(statement: ts.VariableStatement, into: Set<string>): void {
  const addNames = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) into.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addNames(element.name);
  };
  const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
  for (const declaration of statement.declarationList.declarations) {
    if (!isConst) addNames(declaration.name);
    else if (ts.isIdentifier(declaration.name) && declaration.initializer !== undefined && !isFunctionOrLiteral(declaration.initializer)) addNames(declaration.name);
  }
}

function isFunctionOrLiteral(expression: ts.Expression): boolean {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isLiteralExpression(inner) || ts.isIdentifier(inner) ||
    inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword ||
    ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) || ts.isPropertyAccessExpression(inner);
}

/**
 * The span of the statements whose tokens touch `[start, end]` in the innermost statement list
 * (block or switch clause) holding the whole edit: where an edit may have changed which names the
 * unit writes. A line inserted before a statement leaves that statement alone.
 */
export function touchedStatementsSpan(sourceFile: ts.SourceFile, unitNode: ts.Node, start: number, end: number): { start: number; end: number } {
  const body = bodyOf(unitNode) as ts.ConciseBody;
  if (!ts.isBlock(body)) return { start: body.getStart(sourceFile), end: body.end };
  let statements: readonly ts.Statement[] = body.statements;
  for (;;) {
    // Tokens ending where an insertion starts, or starting where it ends, are not changed by it.
    const touched = statements.filter((statement) =>
      start === end ? statement.end >= start && statement.getStart(sourceFile) <= end : statement.end > start && statement.getStart(sourceFile) < end);
    if (touched.length === 0) return { start, end };
    const only = touched.length === 1 ? (touched[0] as ts.Statement) : undefined;
    const inner = only === undefined ? undefined : innerStatementList(only, sourceFile, start, end);
    if (inner === undefined) return { start: (touched[0] as ts.Statement).pos, end: (touched[touched.length - 1] as ts.Statement).end };
    statements = inner;
  }
}

/** The statements of a block (or switch clause) inside `node` whose braces hold `[start, end]`. */
function innerStatementList(node: ts.Node, sourceFile: ts.SourceFile, start: number, end: number): readonly ts.Statement[] | undefined {
  let found: readonly ts.Statement[] | undefined;
  const visit = (child: ts.Node): void => {
    if (found !== undefined || child.pos > start || child.end < end) return;
    if (ts.isBlock(child) || ts.isModuleBlock(child)) {
      if (child.getStart(sourceFile) < start && end < child.end) found = child.statements;
      else return;
    } else if (ts.isCaseClause(child) || ts.isDefaultClause(child)) {
      const colon = child.statements.pos;
      if (colon <= start && end <= child.end) found = child.statements;
    } else {
      ts.forEachChild(child, visit);
    }
  };
  ts.forEachChild(node, visit);
  return found;
}

export interface InferredSignature {
  /** The return type (and type predicate), as the checker prints it in full. */
  readonly printed: string;
  /** Whether the return type may be a thenable (some union member has a `then`, or it is any/unknown). */
  readonly thenable: boolean;
}

export function inferredSignature(checker: ts.TypeChecker, unitNode: ts.Node): InferredSignature {
  const fn = functionOf(unitNode);
  const signature = fn === undefined ? undefined : checker.getSignatureFromDeclaration(fn);
  if (signature === undefined) return { printed: '', thenable: true };
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType | ts.TypeFormatFlags.WriteTypeArgumentsOfSignature;
  const predicate = checker.getTypePredicateOfSignature(signature);
  const returnType = checker.getReturnTypeOfSignature(signature);
  const thenable = mayBeThenable(checker, returnType);
  return { printed: `${checker.typeToString(returnType, undefined, flags)}${predicate ? ` ${checker.typePredicateToString(predicate)}` : ''}`, thenable };
}

/**
 * False when the unit's written return type (`: URL`, `: Headers`) resolves to something without
 * `then`; true otherwise (async, a generator, no return type written, any/unknown, a type parameter).
 */
export function writtenReturnMayBeThenable(checker: ts.TypeChecker, unitNode: ts.Node): boolean {
  const fn = functionOf(unitNode);
  if (fn?.type === undefined || isAsyncFunction(fn) || fn.asteriskToken !== undefined) return true;
  if (ts.isTypePredicateNode(fn.type)) return false;
  return mayBeThenable(checker, checker.getTypeFromTypeNode(fn.type));
}

function mayBeThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) !== 0 || checker.getPropertyOfType(checker.getApparentType(part), 'then') !== undefined);
}

/**
 * The function a unit runs: the declaration itself, or the function expression a property or the one
 * identifier-named variable of a statement holds.
 */
function functionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node) || ts.isConstructorDeclaration(node)) return node;
  let initializer: ts.Expression | undefined;
  if (ts.isPropertyDeclaration(node)) initializer = node.initializer;
  else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
    const declaration = node.declarationList.declarations[0] as ts.VariableDeclaration;
    if (ts.isIdentifier(declaration.name)) initializer = declaration.initializer;
  }
  while (initializer !== undefined && ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
  return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) ? initializer : undefined;
}
