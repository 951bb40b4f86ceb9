/**
 * What moves to the worker module with the target, and whether it may: the target and every
 * module-level function and constant of its file that it reaches (moved with it), the import
 * bindings they use (copied), and the local types they mention (copied, or imported as types).
 * Refused: `this`, `import.meta`, `__filename`, classes, enums, namespaces, `let`/`var` module
 * state, constants that something changes, and anything local to another function (a closure).
 */
import * as ts from 'typescript';
import { functionInitializer } from './target.js';
import { OffloadRefusal, type OffloadTarget } from './types.js';

export type MovedKind = 'function' | 'constant';

export interface MovedDeclaration {
  readonly name: string;
  readonly kind: MovedKind;
  readonly statement: ts.FunctionDeclaration | ts.VariableStatement;
  readonly symbol: ts.Symbol;
}

export interface MovePlan {
  /** In source order; the target is one of them. */
  readonly moved: readonly MovedDeclaration[];
  /** Import declarations of the file → the bindings the moved code uses. */
  readonly imports: ReadonlyMap<ts.ImportDeclaration | ts.ImportEqualsDeclaration, ReadonlySet<ts.Identifier>>;
  /** Local type declarations the moved code mentions (copied when not exported). */
  readonly types: readonly (ts.InterfaceDeclaration | ts.TypeAliasDeclaration)[];
}

/** Array/Map/Set/TypedArray methods that change the receiver. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
/** Calls that only read their argument. */
const READING_CALLS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'JSON.stringify', 'Array.isArray', 'Array.from', 'structuredClone', 'String', 'Number', 'Boolean']);

export function analyzeMove(target: OffloadTarget, checker: ts.TypeChecker): MovePlan {
  const sourceFile = target.sourceFile;
  const moved = new Map<ts.Node, MovedDeclaration>();
  const imports = new Map<ts.ImportDeclaration | ts.ImportEqualsDeclaration, Set<ts.Identifier>>();
  const types = new Set<ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
  const pending: ts.Node[] = [];

  const add = (declaration: MovedDeclaration): void => {
    if (moved.has(declaration.statement)) return;
    moved.set(declaration.statement, declaration);
    pending.push(declaration.statement);
  };
  add({ name: target.name, kind: 'function', statement: target.statement, symbol: target.symbol });

  const inside = (node: ts.Node, container: ts.Node): boolean => node.pos >= container.pos && node.end <= container.end;
  const where = (node: ts.Node): string => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    return `line ${line + 1}`;
  };

  const resolveReference = (identifier: ts.Identifier, owner: ts.Node): void => {
    let symbol = ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier
      ? checker.getShorthandAssignmentValueSymbol(identifier.parent)
      : checker.getSymbolAtLocation(identifier);
    if (symbol === undefined) return;
    for (const declaration of symbol.declarations ?? []) {
      if (declaration.getSourceFile() !== sourceFile) return; // a global or another module's export reached through an import
      if (inside(declaration, owner)) return; // a parameter or local of the moved code itself
    }
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) return;
    const name = identifier.text;
    // Import bindings are copied into the worker module.
    const importOwner = importDeclarationOf(declaration);
    if (importOwner !== undefined) {
      let used = imports.get(importOwner);
      if (used === undefined) imports.set(importOwner, (used = new Set()));
      used.add(declarationName(declaration) ?? identifier);
      return;
    }
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) {
      if (declaration.parent !== sourceFile) throw new OffloadRefusal(`It uses type \`${name}\`, declared inside a function (${where(declaration)}).`);
      if (!types.has(declaration)) {
        types.add(declaration);
        pending.push(declaration);
      }
      return;
    }
    if (ts.isTypeParameterDeclaration(declaration)) return;
    if (ts.isFunctionDeclaration(declaration)) {
      if (declaration.parent !== sourceFile) throw closure(name, declaration);
      if ((symbol.declarations ?? []).length > 1) throw new OffloadRefusal(`It calls \`${name}\`, which has overloads; move it by hand first.`);
      add({ name, kind: 'function', statement: declaration, symbol });
      return;
    }
    if (ts.isVariableDeclaration(declaration)) {
      const list = declaration.parent;
      const statement = ts.isVariableDeclarationList(list) ? list.parent : undefined;
      if (statement === undefined || !ts.isVariableStatement(statement) || statement.parent !== sourceFile) throw closure(name, declaration);
      if ((list.flags & ts.NodeFlags.Const) === 0) {
        throw new OffloadRefusal(`It uses \`${name}\`, module state declared with ${list.flags & ts.NodeFlags.Let ? 'let' : 'var'} (${where(declaration)}): each worker would have its own copy.`);
      }
      if ((list as ts.VariableDeclarationList).declarations.length !== 1) {
        throw new OffloadRefusal(`It uses \`${name}\`, which shares its \`const\` statement with other variables; declare it on its own first.`);
      }
      if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Ambient) throw new OffloadRefusal(`It uses \`${name}\`, an ambient declaration.`);
      if (functionInitializer(declaration) !== undefined) {
        add({ name, kind: 'function', statement, symbol });
        return;
      }
      const initializer = declaration.initializer;
      if (initializer === undefined || !isPureConstant(initializer)) {
        throw new OffloadRefusal(`It uses \`${name}\` (${where(declaration)}), a constant whose value is computed at load time, not a literal that can move with it.`);
      }
      if (isStructured(initializer)) {
        if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Export) {
          throw new OffloadRefusal(`It uses \`${name}\`, an exported object other modules may change: each worker would have its own copy.`);
        }
        const change = mutatingUse(symbol, sourceFile, checker);
        if (change !== undefined) throw new OffloadRefusal(`It uses \`${name}\`, which is changed at ${where(change)}: each worker would have its own copy.`);
      }
      add({ name, kind: 'constant', statement, symbol });
      return;
    }
    if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) {
      throw new OffloadRefusal(`It uses class \`${name}\` of its module (${where(declaration)}); classes are not moved to workers.`);
    }
    if (ts.isEnumDeclaration(declaration)) throw new OffloadRefusal(`It uses enum \`${name}\` of its module; move it to its own module first.`);
    if (ts.isModuleDeclaration(declaration)) throw new OffloadRefusal(`It uses namespace \`${name}\` of its module.`);
    if (ts.isParameter(declaration) || ts.isBindingElement(declaration) || ts.isCatchClause(declaration.parent)) throw closure(name, declaration);
    throw new OffloadRefusal(`It uses \`${name}\` (${ts.SyntaxKind[declaration.kind]}, ${where(declaration)}), which cannot move to a worker.`);
  };

  const closure = (name: string, declaration: ts.Node): OffloadRefusal =>
    new OffloadRefusal(`It closes over \`${name}\`, a local of another scope (${where(declaration)}): a worker cannot see it.`);

  while (pending.length > 0) {
    const owner = pending.shift() as ts.Node;
    const isType = ts.isInterfaceDeclaration(owner) || ts.isTypeAliasDeclaration(owner);
    const visit = (node: ts.Node, thisIsOwn: boolean): void => {
      if (!isType && node.kind === ts.SyntaxKind.ThisKeyword && !thisIsOwn) {
        throw new OffloadRefusal(`It uses \`this\` (${where(node)}), which a worker cannot see.`);
      }
      if (ts.isMetaProperty(node)) throw new OffloadRefusal(`It uses \`import.meta\` (${where(node)}), which would name the worker module instead.`);
      if (ts.isIdentifier(node)) {
        if (node.text === '__filename' && checker.getSymbolAtLocation(node)?.declarations?.every((d) => d.getSourceFile().isDeclarationFile)) {
          throw new OffloadRefusal(`It uses \`__filename\` (${where(node)}), which would name the worker module instead.`);
        }
        if (!isPropertyNameOnly(node)) resolveReference(node, owner);
        return;
      }
      // `this` inside a nested ordinary function or class is that function's own.
      const own = thisIsOwn || (ts.isFunctionLike(node) && !ts.isArrowFunction(node) && node !== ownerFunction(owner)) || ts.isClassLike(node);
      ts.forEachChild(node, (child) => visit(child, own));
    };
    if (ts.isVariableStatement(owner)) {
      // Skip the declared name itself.
      for (const declaration of owner.declarationList.declarations) {
        if (declaration.type !== undefined) visit(declaration.type, false);
        if (declaration.initializer !== undefined) visit(declaration.initializer, false);
      }
    } else if (ts.isFunctionDeclaration(owner)) {
      owner.modifiers?.forEach((modifier) => visit(modifier, false));
      owner.typeParameters?.forEach((parameter) => visit(parameter, false));
      owner.parameters.forEach((parameter) => visit(parameter, false));
      if (owner.type !== undefined) visit(owner.type, false);
      if (owner.body !== undefined) visit(owner.body, false);
    } else if (ts.isInterfaceDeclaration(owner) || ts.isTypeAliasDeclaration(owner)) {
      ts.forEachChild(owner, (child) => {
        if (child !== owner.name) visit(child, false);
      });
    }
  }

  const bySource = (a: ts.Node, b: ts.Node): number => a.pos - b.pos;
  return {
    moved: [...moved.values()].sort((a, b) => bySource(a.statement, b.statement)),
    imports,
    types: [...types].sort(bySource),
  };
}

function ownerFunction(owner: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(owner)) return owner;
  if (ts.isVariableStatement(owner)) {
    const declaration = owner.declarationList.declarations[0];
    return declaration === undefined ? undefined : functionInitializer(declaration);
  }
  return undefined;
}

function importDeclarationOf(declaration: ts.Declaration): ts.ImportDeclaration | ts.ImportEqualsDeclaration | undefined {
  if (ts.isImportEqualsDeclaration(declaration)) return declaration;
  let owner: ts.Node | undefined;
  if (ts.isImportClause(declaration)) owner = declaration.parent;
  else if (ts.isNamespaceImport(declaration)) owner = declaration.parent.parent;
  else if (ts.isImportSpecifier(declaration)) owner = declaration.parent.parent.parent;
  return owner !== undefined && ts.isImportDeclaration(owner) ? owner : undefined;
}

function declarationName(declaration: ts.Declaration): ts.Identifier | undefined {
  const name = (declaration as { name?: ts.Node }).name;
  return name !== undefined && ts.isIdentifier(name) ? name : undefined;
}

/** Identifiers that name a property, not a binding: `a.b`'s `b`, `{ b: 1 }`'s `b`, `x: T` members. */
function isPropertyNameOnly(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return true;
  if (ts.isQualifiedName(parent) && parent.right === identifier) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === identifier) return true;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return true;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true;
  if ((ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isTypeParameterDeclaration(parent)) && parent.name === identifier) return true;
  return false;
}

/** A literal value (or one built only from literals and other such constants) that can be re-evaluated in the worker. */
function isPureConstant(expression: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression)) {
    return isPureConstant(expression.expression);
  }
  if (ts.isStringLiteral(expression) || ts.isNumericLiteral(expression) || ts.isBigIntLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return true;
  if (ts.isRegularExpressionLiteral(expression)) return !/[gy][a-z]*$/u.test(expression.text.slice(expression.text.lastIndexOf('/')));
  switch (expression.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
  }
  if (ts.isIdentifier(expression)) return true; // another module-level constant: checked when it is resolved
  if (ts.isPrefixUnaryExpression(expression)) return isPureConstant(expression.operand);
  if (ts.isBinaryExpression(expression)) return !isAssignmentOperator(expression.operatorToken.kind) && isPureConstant(expression.left) && isPureConstant(expression.right);
  if (ts.isConditionalExpression(expression)) return isPureConstant(expression.condition) && isPureConstant(expression.whenTrue) && isPureConstant(expression.whenFalse);
  if (ts.isTemplateExpression(expression)) return expression.templateSpans.every((span) => isPureConstant(span.expression));
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.every((element) => (ts.isSpreadElement(element) ? isPureConstant(element.expression) : isPureConstant(element)));
  if (ts.isObjectLiteralExpression(expression)) {
    return expression.properties.every(
      (property) =>
        (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && isPureConstant(property.initializer)) ||
        ts.isShorthandPropertyAssignment(property) ||
        (ts.isSpreadAssignment(property) && isPureConstant(property.expression)),
    );
  }
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'Math') return true;
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.getText() === 'Object.freeze') {
    return expression.arguments.length === 1 && isPureConstant(expression.arguments[0] as ts.Expression);
  }
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression) && (expression.expression.text === 'Map' || expression.expression.text === 'Set')) {
    return (expression.arguments ?? []).every(isPureConstant);
  }
  return false;
}

/** Objects, arrays, maps and sets: values something could change after load. */
function isStructured(expression: ts.Expression): boolean {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
  if (ts.isCallExpression(current)) return false; // Object.freeze(…)
  return ts.isArrayLiteralExpression(current) || ts.isObjectLiteralExpression(current) || ts.isNewExpression(current);
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** A reference to `symbol` in `sourceFile` that may change the value (or lets it escape), if any. */
function mutatingUse(symbol: ts.Symbol, sourceFile: ts.SourceFile, checker: ts.TypeChecker): ts.Node | undefined {
  const name = symbol.getName();
  const visit = (node: ts.Node): ts.Node | undefined => {
    if (ts.isIdentifier(node) && node.text === name && !isPropertyNameOnly(node) && checker.getSymbolAtLocation(node) === symbol) {
      return isReadOnlyUse(node, checker) ? undefined : node;
    }
    return ts.forEachChild(node, visit);
  };
  return visit(sourceFile);
}

function isReadOnlyUse(reference: ts.Identifier, checker: ts.TypeChecker): boolean {
  let top: ts.Node = reference;
  while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  if (top !== reference) {
    if (ts.isBinaryExpression(parent) && parent.left === top && isAssignmentOperator(parent.operatorToken.kind)) return false;
    if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return false;
    if (ts.isDeleteExpression(parent)) return false;
    if (ts.isCallExpression(parent) && parent.expression === top && ts.isPropertyAccessExpression(top)) return !MUTATING_METHODS.has(top.name.text);
    if (ts.isCallExpression(parent) && parent.expression === top) return true;
    // A nested object read out of it could be changed through another name: only primitives are plain reads.
    return isPrimitive(checker.getTypeAtLocation(top)) || ts.isForOfStatement(parent) || ts.isSpreadElement(parent);
  }
  if (ts.isVariableDeclaration(parent) && parent.name === reference) return true;
  if (ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return true;
  if (ts.isForOfStatement(parent) && parent.expression === reference) return true;
  if (ts.isBinaryExpression(parent) && parent.right === reference && parent.operatorToken.kind === ts.SyntaxKind.InKeyword) return true;
  if (ts.isTypeQueryNode(parent)) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(reference)) return READING_CALLS.has(parent.expression.getText());
  return false;
}

function isPrimitive(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isPrimitive);
  return (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.EnumLike)) !== 0;
}
