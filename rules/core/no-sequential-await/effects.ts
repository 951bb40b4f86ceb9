/**
 * Which bindings and object members a piece of code reads and writes, resolved by symbol.
 *
 * An access is a path: a root (a symbol id, or `this`) followed by member names, e.g. `this.cache`
 * or `#12.items`. Two accesses overlap when one path is a prefix of the other. Closures inside the
 * code count (they may run at any time), and so do the bodies of the program's own functions and
 * methods it calls (a few levels deep), which is how `this.load()` reading `this.token` is seen.
 */
import ts = require('typescript');
import { symbolId, unwrapParentheses } from './calls.js';

export interface Effects {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
}

export function emptyEffects(): Effects {
  return { reads: new Set(), writes: new Set() };
}

/** Array/Set/Map methods that change their receiver, beyond the mutation verbs. */
const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear',
  'assign', 'defineProperty', 'setPrototypeOf',
]);

const MAX_FUNCTION_DEPTH = 3;

const collectors = new WeakMap<ts.TypeChecker, EffectCollector>();

/** The collector of a program (its checker): effects of shared helpers are walked once, not once per file. */
export function effectCollectorFor(checker: ts.TypeChecker): EffectCollector {
  let collector = collectors.get(checker);
  if (!collector) collectors.set(checker, (collector = new EffectCollector(checker)));
  return collector;
}
const MAX_VISITED_NODES = 20_000;
const MAX_PATH_SEGMENTS = 8;

/**
 * One collector serves every file of a program (see `effectCollectorFor`): what it remembers
 * depends only on the program, never on which file asked first. A function's effects are
 * remembered per depth (how many more calls deep its walk may follow), each walked with a budget of
 * its own, so a function reached first from deep inside another file's call chain gives the same
 * answer as one reached directly.
 */
export class EffectCollector {
  /** Effects of each function body, by the depth its walk started at. */
  private readonly walkedFunctions = new Map<ts.FunctionLikeDeclaration, (Effects | undefined)[]>();
  private readonly identifierKeys = new Map<ts.Identifier, string | undefined>();

  constructor(private readonly checker: ts.TypeChecker) {}

  collect(node: ts.Node, into: Effects = emptyEffects()): Effects {
    this.walk(node, into, 0, { count: 0 });
    return into;
  }

  /** The path of an expression used as a read or write target, or undefined when it is not a plain access chain. */
  pathOf(expression: ts.Expression): string | undefined {
    const node = unwrapParentheses(expression);
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) return 'this';
    if (ts.isIdentifier(node)) return this.identifierKey(node);
    if (ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) return this.pathOf(node.expression);
    if (ts.isPropertyAccessExpression(node)) {
      const base = this.pathOf(node.expression);
      return base === undefined ? undefined : `${base}.${node.name.text}`;
    }
    if (ts.isElementAccessExpression(node)) {
      const base = this.pathOf(node.expression);
      if (base === undefined) return undefined;
      const argument = node.argumentExpression;
      return ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument) ? `${base}.${argument.text}` : base;
    }
    return undefined;
  }

  identifierKey(identifier: ts.Identifier): string | undefined {
    if (this.identifierKeys.has(identifier)) return this.identifierKeys.get(identifier);
    const key = this.computeIdentifierKey(identifier);
    this.identifierKeys.set(identifier, key);
    return key;
  }

  private computeIdentifierKey(identifier: ts.Identifier): string | undefined {
    const parent = identifier.parent;
    const symbol = ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
      ? this.checker.getShorthandAssignmentValueSymbol(parent)
      : this.checker.getSymbolAtLocation(identifier);
    if (!symbol) return identifier.text === 'undefined' ? undefined : `name:${identifier.text}`;
    return `#${symbolId(symbol)}`;
  }

  private walk(node: ts.Node, effects: Effects, depth: number, budget: { count: number }): void {
    if (++budget.count > MAX_VISITED_NODES) {
      effects.writes.add('*');
      return;
    }
    if (ts.isIdentifier(node)) {
      if (isReference(node)) {
        const key = this.identifierKey(node);
        if (key) effects.reads.add(key);
      }
      return;
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      effects.reads.add('this');
      return;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const path = this.pathOf(node);
      if (path !== undefined) effects.reads.add(path);
      this.walk(node.expression, effects, depth, budget);
      if (ts.isElementAccessExpression(node)) this.walk(node.argumentExpression, effects, depth, budget);
      return;
    }
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      this.addAssignmentTargets(node.left, effects);
      if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) this.walk(node.left, effects, depth, budget);
      else this.walkTargetSubexpressions(node.left, effects, depth, budget);
      this.walk(node.right, effects, depth, budget);
      return;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      this.addAssignmentTargets(node.operand, effects);
    } else if (ts.isDeleteExpression(node)) {
      this.addAssignmentTargets(node.expression, effects);
    } else if (ts.isCallExpression(node)) {
      this.addCallEffects(node, effects, depth);
    }
    ts.forEachChild(node, (child) => this.walk(child, effects, depth, budget));
  }

  /** `a.push(x)` writes `a`; calling one of the program's own functions adds what its body does. */
  private addCallEffects(call: ts.CallExpression, effects: Effects, depth: number): void {
    const callee = unwrapParentheses(call.expression);
    if ((ts.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.name.text))) {
      const target = this.pathOf(callee.expression);
      if (target !== undefined) effects.writes.add(`${target}.*`); // some member of it changes
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' &&
      MUTATING_METHODS.has(callee.name.text) && call.arguments[0]) {
      const target = this.pathOf(call.arguments[0]);
      if (target !== undefined) effects.writes.add(`${target}.*`);
    }
    if (depth >= MAX_FUNCTION_DEPTH) return;
    const fn = this.ownFunction(callee);
    if (!fn?.body) return;
    const raw = this.functionEffects(fn, fn.body, depth + 1);
    // Locals are private to each call; a parameter is the caller's argument under another name, so
    // changing what it points to (`cache.set(…)`, `options.x = …`) changes the argument.
    const parameters = new Map<string, number>();
    fn.parameters.forEach((parameter, index) => {
      if (ts.isIdentifier(parameter.name)) {
        const key = this.identifierKey(parameter.name);
        if (key) parameters.set(key, parameter.dotDotDotToken ? -1 : index);
      }
    });
    const locals = this.declaredKeys(fn);
    // `this` inside a method is its receiver: `repo.find()` touching `this.cache` touches `repo.cache`;
    // a receiver nobody else holds (a fresh builder) makes its `this` private to the call.
    const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? unwrapParentheses(callee.expression) : undefined;
    const thisPath = !receiver ? 'this' : receiver.kind === ts.SyntaxKind.ThisKeyword ? 'this' : this.pathOf(receiver);
    const rebase = (access: string): string | undefined => {
      if (access !== 'this' && !access.startsWith('this.')) return access;
      if (thisPath === undefined) return undefined;
      // A shorter path overlaps more: cutting long chains (recursion) stays on the safe side.
      return (thisPath + access.slice(4)).split('.').slice(0, MAX_PATH_SEGMENTS).join('.');
    };
    for (const read of [...raw.reads]) {
      const rebased = rebase(read);
      if (rebased !== undefined && !locals.has(rebased.split('.')[0]!)) effects.reads.add(rebased);
    }
    for (const rawWrite of [...raw.writes]) {
      const write = rebase(rawWrite);
      if (write === undefined) continue;
      const [root, ...members] = write.split('.');
      const index = parameters.get(root!);
      if (index !== undefined) {
        if (members.length === 0) continue; // reassigning the parameter itself
        const argument = index >= 0 ? call.arguments[index] : undefined;
        if (index >= 0 && (!argument || isFreshValue(argument))) continue; // a default or a new object: nobody else sees it
        const argumentPath = argument && this.pathOf(argument);
        effects.writes.add(argumentPath === undefined ? '*' : [argumentPath, ...members].join('.'));
      } else if (!locals.has(root!)) {
        effects.writes.add(write);
      }
    }
  }

  /**
   * What a function body reads and writes, following calls `MAX_FUNCTION_DEPTH - depth` levels
   * deeper. Recursion ends because every level goes one deeper.
   */
  private functionEffects(fn: ts.FunctionLikeDeclaration, body: ts.Node, depth: number): Effects {
    let byDepth = this.walkedFunctions.get(fn);
    if (!byDepth) this.walkedFunctions.set(fn, (byDepth = []));
    let effects = byDepth[depth];
    if (!effects) {
      effects = emptyEffects();
      this.walk(body, effects, depth, { count: 0 });
      byDepth[depth] = effects;
    }
    return effects;
  }

  /** Keys of every binding declared inside a node (parameters, variables, destructuring, catch). */
  declaredKeys(node: ts.Node): Set<string> {
    const keys: Effects = { reads: new Set(), writes: new Set() };
    const visit = (child: ts.Node): void => {
      if (ts.isVariableDeclaration(child) || ts.isParameter(child)) this.addBindingNames(child.name, keys);
      else if ((ts.isFunctionDeclaration(child) || ts.isClassDeclaration(child)) && child.name) {
        const key = this.identifierKey(child.name);
        if (key) keys.writes.add(key);
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return keys.writes;
  }

  /** A function or method declared in the program's own sources (not a .d.ts), with a body. */
  ownFunction(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!nameNode) return undefined;
    let symbol = this.checker.getSymbolAtLocation(nameNode);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionExpression(declaration) ||
      ts.isArrowFunction(declaration)) return declaration;
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
      const initializer = unwrapParentheses(declaration.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
    return undefined;
  }

  private addAssignmentTargets(target: ts.Expression, effects: Effects): void {
    const node = unwrapParentheses(target);
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        this.addAssignmentTargets(ts.isSpreadElement(element) ? element.expression : element, effects);
      }
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isShorthandPropertyAssignment(property)) {
          const key = this.identifierKey(property.name);
          if (key) effects.writes.add(key);
        } else if (ts.isPropertyAssignment(property)) this.addAssignmentTargets(property.initializer, effects);
        else if (ts.isSpreadAssignment(property)) this.addAssignmentTargets(property.expression, effects);
      }
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.addAssignmentTargets(node.left, effects); // a default in a destructuring target
      return;
    }
    const path = this.pathOf(node);
    effects.writes.add(path ?? '*');
  }

  /** In `a[i] = x` / `f().y = x` the object and key expressions are read. */
  private walkTargetSubexpressions(target: ts.Expression, effects: Effects, depth: number, budget: { count: number }): void {
    const node = unwrapParentheses(target);
    if (ts.isPropertyAccessExpression(node)) this.walk(node.expression, effects, depth, budget);
    else if (ts.isElementAccessExpression(node)) {
      this.walk(node.expression, effects, depth, budget);
      this.walk(node.argumentExpression, effects, depth, budget);
    } else if (!ts.isIdentifier(node)) this.walk(node, effects, depth, budget);
  }

  addBindingNames(name: ts.BindingName, effects: Effects): void {
    if (ts.isIdentifier(name)) {
      const key = this.identifierKey(name);
      if (key) effects.writes.add(key);
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) this.addBindingNames(element.name, effects);
    }
  }
}

/** An expression that creates a value no other code holds yet. */
function isFreshValue(expression: ts.Expression): boolean {
  const node = unwrapParentheses(expression);
  return ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node) || ts.isNewExpression(node) ||
    ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isLiteralExpression(node) || ts.isTemplateExpression(node) ||
    ts.isNoSubstitutionTemplateLiteral(node);
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Whether an identifier refers to a binding (rather than naming a property or a declaration). */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
    ts.isEnumMember(parent)) && parent.name === identifier) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) && parent.name === identifier) return false;
  if (ts.isBindingElement(parent) && (parent.name === identifier || parent.propertyName === identifier)) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  return true;
}

/** Overlap of two access paths: equal, or one is a member path of the other; `*` matches any member. */
export function pathsOverlap(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index] && left[index] !== '*' && right[index] !== '*') return false;
  }
  return true;
}

export function conflicts(earlier: Effects, later: Effects): boolean {
  for (const write of earlier.writes) {
    for (const access of later.reads) if (pathsOverlap(write, access)) return true;
    for (const access of later.writes) if (pathsOverlap(write, access)) return true;
  }
  for (const write of later.writes) {
    for (const access of earlier.reads) if (pathsOverlap(write, access)) return true;
  }
  return false;
}
