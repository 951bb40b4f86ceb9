/**
 * "A promise stored in a local that is never read again": `const pending = save();` and then
 * nothing but tests like `pending === undefined` (typescript-eslint #5749). Storing the promise
 * hides it from a statement-level check, yet nobody awaits or handles it.
 *
 * Only locals declared with a plain name, not exported, not `using`, whose name does not start
 * with `_` (the usual "deliberately unused" marker) are considered.
 */
import ts = require('typescript');

/** The node whose subtree holds every reference to a declaration in `list` (block for let/const, function for var). */
function scopeOf(declaration: ts.VariableDeclaration): ts.Node | undefined {
  const list = declaration.parent;
  const blockScoped = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
  for (let current: ts.Node | undefined = list.parent; current !== undefined; current = current.parent) {
    if (blockScoped && (ts.isBlock(current) || ts.isCaseBlock(current) || ts.isModuleBlock(current) || ts.isForStatement(current) ||
        ts.isForOfStatement(current) || ts.isForInStatement(current))) {
      return current;
    }
    if (ts.isFunctionLike(current) || ts.isSourceFile(current) || ts.isClassStaticBlockDeclaration(current)) return current;
  }
  return undefined;
}

/** Whether the variable statement may hold an unread-local candidate at all (cheap, syntactic). */
export function isCandidateStatement(statement: ts.VariableStatement): boolean {
  if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DeclareKeyword)) return false;
  const kind = statement.declarationList.flags & ts.NodeFlags.BlockScoped;
  return kind !== ts.NodeFlags.Using && kind !== ts.NodeFlags.AwaitUsing;
}

export function isCandidateDeclaration(declaration: ts.VariableDeclaration): declaration is ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression } {
  return ts.isIdentifier(declaration.name) && !declaration.name.text.startsWith('_') && declaration.initializer !== undefined &&
    declaration.exclamationToken === undefined;
}

/**
 * Whether the variable declared by `declaration` is never read in a way that could handle its
 * promise: every reference is a write (`x = …`) or a test (`x === undefined`, `typeof x`, `!x`, `if (x)`).
 */
export function isNeverReadAsValue(checker: ts.TypeChecker, declaration: ts.VariableDeclaration & { name: ts.Identifier }): boolean {
  const scope = scopeOf(declaration);
  if (!scope) return false;
  const name = declaration.name.text;
  // Syntactic pass: if no same-named identifier sits in a write/test position only, it is read somewhere.
  if (!hasOnlyWriteOrTestMentions(scope, declaration.name)) return false;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return false;
  let readAsValue = false;
  const visit = (node: ts.Node): void => {
    if (readAsValue) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) {
      const parent = node.parent;
      const referenced = ts.isShorthandPropertyAssignment(parent) && parent.name === node
        ? checker.getShorthandAssignmentValueSymbol(parent)
        : ts.isExportSpecifier(parent)
          ? checker.getExportSpecifierLocalTargetSymbol(parent)
          : checker.getSymbolAtLocation(node);
      if (referenced === symbol && !isWriteOrTest(node)) readAsValue = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return !readAsValue;
}

/**
 * Cheap pre-check without the checker: false when some identifier spelled like the local is used
 * as a value (it may be another variable of the same name; then the symbol pass is skipped and
 * the local is conservatively treated as read).
 */
function hasOnlyWriteOrTestMentions(scope: ts.Node, declarationName: ts.Identifier): boolean {
  const name = declarationName.text;
  let onlyWritesOrTests = true;
  const visit = (node: ts.Node): void => {
    if (!onlyWritesOrTests) return;
    if (ts.isIdentifier(node)) {
      if (node.text === name && node !== declarationName && !isWriteOrTest(node) && !isNonValueName(node)) onlyWritesOrTests = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return onlyWritesOrTests;
}

/** Identifiers that name a property or member, not a variable: `obj.name`, `{ name: 1 }`, `class { name() {} }`. */
function isNonValueName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
       ts.isPropertySignature(parent) || ts.isMethodSignature(parent)) && parent.name === identifier) return true;
  return false;
}

function isWriteOrTest(identifier: ts.Identifier): boolean {
  let node: ts.Node = identifier;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    const kind = parent.operatorToken.kind;
    if (kind === ts.SyntaxKind.EqualsToken && parent.left === node) return true;
    if (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken) {
      const other = parent.left === node ? parent.right : parent.left;
      return other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined') || ts.isVoidExpression(other);
    }
    return false;
  }
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  return false;
}
