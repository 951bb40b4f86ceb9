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

/** Every identifier of a file by its text, built once per file on the first candidate. */
export class IdentifierIndex {
  private byName: Map<string, ts.Identifier[]> | undefined;

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** Identifiers spelled `name` inside `scope` (in source order). */
  within(name: string, scope: ts.Node): ts.Identifier[] {
    if (!this.byName) {
      const byName = new Map<string, ts.Identifier[]>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          const list = byName.get(node.text);
          if (list) list.push(node);
          else byName.set(node.text, [node]);
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(this.sourceFile);
      this.byName = byName;
    }
    return (this.byName.get(name) ?? []).filter((identifier) => identifier.pos >= scope.pos && identifier.end <= scope.end);
  }
}

/**
 * Whether the variable declared by `declaration` is never read in a way that could handle its
 * promise: every reference is a write (`x = …`) or a test (`x === undefined`, `typeof x`, `!x`, `if (x)`).
 * A syntactic pass comes first: if some identifier spelled like the local is used as a value, the
 * local counts as read without asking the checker (it may be another variable of the same name;
 * then we stay quiet, which is the safe side).
 */
export function isNeverReadAsValue(
  checker: ts.TypeChecker,
  declaration: ts.VariableDeclaration & { name: ts.Identifier },
  index: IdentifierIndex,
): boolean {
  const scope = scopeOf(declaration);
  if (!scope) return false;
  const mentions = index.within(declaration.name.text, scope).filter((identifier) => identifier !== declaration.name);
  if (mentions.some((identifier) => !isWriteOrTest(identifier) && !isNonValueName(identifier))) return false;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return false;
  return !mentions.some((identifier) => {
    const parent = identifier.parent;
    const referenced = ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
      ? checker.getShorthandAssignmentValueSymbol(parent)
      : ts.isExportSpecifier(parent)
        ? checker.getExportSpecifierLocalTargetSymbol(parent)
        : checker.getSymbolAtLocation(identifier);
    return referenced === symbol && !isWriteOrTest(identifier);
  });
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
