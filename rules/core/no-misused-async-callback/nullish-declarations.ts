/**
 * Without `strictNullChecks` the checker erases `undefined`/`null` from every type, so
 * `closing: Promise<void> | undefined` reads as an always-defined promise and the common
 * "has it started?" test `if (!this.closing)` would look like a mistake. In such projects we
 * read the declarations instead: a name or property counts as possibly nullish when its
 * declaration says so (`| undefined`, `| null`, `?`) or cannot prove a value (no initializer,
 * a `let`/`var`, a `const` copying something possibly nullish). Calls count as possibly nullish when the called declaration's return type
 * annotation says so.
 */
import ts = require('typescript');

export function strictNullChecksEnabled(options: ts.CompilerOptions): boolean {
  return options.strictNullChecks ?? options.strict ?? false;
}

/** Whether the compiler guarantees that class fields typed without `undefined` are initialized. */
export function strictPropertyInitializationEnabled(options: ts.CompilerOptions): boolean {
  return strictNullChecksEnabled(options) && (options.strictPropertyInitialization ?? options.strict ?? false);
}

/**
 * With strictNullChecks but without strictPropertyInitialization (typeorm), a field declared
 * `connecting: Promise<void>` with no initializer is `undefined` until something assigns it,
 * though its type says otherwise: `if (this.connecting)` is then a presence test.
 */
export function isUninitializedField(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expression)) return false;
  const declarations = checker.getSymbolAtLocation(expression.name)?.getDeclarations() ?? [];
  return declarations.some((declaration) => ts.isPropertyDeclaration(declaration) && fieldMayBeUnset(declaration));
}

function fieldMayBeUnset(declaration: ts.PropertyDeclaration): boolean {
  if (declaration.initializer || declaration.exclamationToken) return false;
  if (ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Static | ts.ModifierFlags.Abstract | ts.ModifierFlags.Ambient)) return false;
  return !isAssignedInConstructor(declaration);
}

/** `this.name = …` as a top-level statement of the class's constructor. */
function isAssignedInConstructor(declaration: ts.PropertyDeclaration): boolean {
  const name = ts.isIdentifier(declaration.name) || ts.isPrivateIdentifier(declaration.name) ? declaration.name.text : undefined;
  const constructor = declaration.parent.members.find(ts.isConstructorDeclaration);
  if (name === undefined || !constructor?.body) return false;
  return constructor.body.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return false;
    const { left, operatorToken } = statement.expression;
    return operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) &&
      left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name;
  });
}

export function mayBeNullishByDeclaration(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (ts.isCallExpression(expression)) {
    const declaration = checker.getResolvedSignature(expression)?.getDeclaration();
    return declaration !== undefined && declaration.type !== undefined && typeNodeIncludesNullish(declaration.type);
  }
  if (ts.isNewExpression(expression)) return false;
  const nameNode = ts.isPropertyAccessExpression(expression) ? expression.name : ts.isIdentifier(expression) ? expression : undefined;
  if (nameNode === undefined) return true;
  const symbol = checker.getSymbolAtLocation(nameNode);
  const declarations = symbol?.getDeclarations();
  if (!declarations || declarations.length === 0) return true;
  return declarations.some((declaration) => declarationMayBeNullish(checker, declaration));
}

function declarationMayBeNullish(checker: ts.TypeChecker, declaration: ts.Declaration): boolean {
  if (ts.isVariableDeclaration(declaration)) {
    const isConst = ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst || declaration.initializer === undefined) return true;
    if (declaration.type !== undefined) return typeNodeIncludesNullish(declaration.type);
    // `const pending = this.pending;` is as nullish as what it copies.
    const initializer = declaration.initializer;
    return ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer) || ts.isCallExpression(initializer)
      ? mayBeNullishByDeclaration(checker, initializer)
      : false;
  }
  if (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration)) {
    if (declaration.questionToken) return true;
    if (declaration.type && typeNodeIncludesNullish(declaration.type)) return true;
    return ts.isPropertySignature(declaration) ? false : fieldMayBeUnset(declaration);
  }
  if (ts.isParameter(declaration)) {
    return declaration.questionToken !== undefined || (declaration.type !== undefined && typeNodeIncludesNullish(declaration.type));
  }
  if (ts.isGetAccessorDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) {
    return declaration.type === undefined || typeNodeIncludesNullish(declaration.type);
  }
  return true;
}

function typeNodeIncludesNullish(node: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(node)) return typeNodeIncludesNullish(node.type);
  if (ts.isUnionTypeNode(node)) return node.types.some(typeNodeIncludesNullish);
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || node.kind === ts.SyntaxKind.VoidKeyword) return true;
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}
