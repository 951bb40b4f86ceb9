/**
 * Type queries about promises, shared by the floating-promise and misused-async-callback
 * analyses. "Promise" means the built-in `Promise` of the default library, reached through
 * unions, intersections, type parameters' constraints, aliases and subclasses/sub-interfaces
 * (`class Task extends Promise<void>`); with `checkThenables`, also any thenable whose `then`
 * takes a fulfilment and a rejection callback (so it can be handled like a promise).
 *
 * Every function is cheap on its own but still asks the checker: callers filter nodes
 * syntactically first and ask these only for the few candidates left.
 */
import ts = require('typescript');

export interface PromiseQueryOptions {
  /** Treat every thenable (a `then(onFulfilled, onRejected)` method) as a promise. Default false. */
  readonly checkThenables?: boolean;
}

/** The members of a union (the type itself when it is not a union). */
export function unionParts(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/** The members of an intersection (the type itself when it is not an intersection). */
export function intersectionParts(type: ts.Type): readonly ts.Type[] {
  return type.isIntersection() ? type.types : [type];
}

/** Whether a symbol is declared in one of TypeScript's default library files (`lib.*.d.ts`). */
export function isSymbolFromDefaultLibrary(program: ts.Program, symbol: ts.Symbol | undefined): boolean {
  const declarations = symbol?.getDeclarations();
  if (!declarations || declarations.length === 0) return false;
  return declarations.some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
}

/**
 * Whether `type` is, or derives from, the default library's type named `name` (e.g. `Promise`):
 * some member of an intersection, every member of a union, the constraint of a type parameter,
 * or a base type of a class/interface.
 */
export function isBuiltinTypeNamed(program: ts.Program, checker: ts.TypeChecker, type: ts.Type, name: string): boolean {
  return builtinRecurse(program, checker, type, name, new Set());
}

function builtinRecurse(program: ts.Program, checker: ts.TypeChecker, type: ts.Type, name: string, seen: Set<ts.Type>): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (type.isIntersection()) return type.types.some((part) => builtinRecurse(program, checker, part, name, seen));
  if (type.isUnion()) return type.types.every((part) => builtinRecurse(program, checker, part, name, seen));
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = type.getConstraint();
    return constraint !== undefined && builtinRecurse(program, checker, constraint, name, seen);
  }
  const symbol = type.getSymbol();
  if (!symbol) return false;
  if (symbol.getName() === name && isSymbolFromDefaultLibrary(program, symbol)) return true;
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
    const declared = checker.getDeclaredTypeOfSymbol(symbol);
    if (declared.isClassOrInterface()) {
      for (const base of checker.getBaseTypes(declared)) {
        if (builtinRecurse(program, checker, base, name, seen)) return true;
      }
    }
  }
  return false;
}

/** Whether some member of `type` (a union is split first) is the built-in `Promise` or derives from it. */
export function isBuiltinPromiseType(program: ts.Program, checker: ts.TypeChecker, type: ts.Type): boolean {
  return unionParts(checker.getApparentType(type)).some((part) => isBuiltinTypeNamed(program, checker, part, 'Promise'));
}

/**
 * Whether some member of `type` has a `then` method whose signature takes two callbacks
 * (fulfilment and rejection), i.e. a thenable whose failure can be handled. `location` is the
 * node the type was read at (needed to instantiate the method's type).
 */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type, location: ts.Node): boolean {
  for (const part of unionParts(checker.getApparentType(type))) {
    const then = part.getProperty('then');
    if (!then) continue;
    const thenType = checker.getTypeOfSymbolAtLocation(then, location);
    for (const thenPart of unionParts(thenType)) {
      const matches = thenPart
        .getCallSignatures()
        .some(
          (signature) =>
            signature.parameters.length >= 2 &&
            isCallableParameter(checker, signature.parameters[0]!, location) &&
            isCallableParameter(checker, signature.parameters[1]!, location),
        );
      if (matches) return true;
    }
  }
  return false;
}

function isCallableParameter(checker: ts.TypeChecker, parameter: ts.Symbol, location: ts.Node): boolean {
  const type = checker.getApparentType(checker.getTypeOfSymbolAtLocation(parameter, location));
  return unionParts(type).some((part) => part.getCallSignatures().length > 0);
}

/**
 * Whether a value of `type` may be a promise: some union member is a built-in Promise (or a
 * subclass), or, with `checkThenables`, a thenable. `any`/`unknown` are not promises.
 */
export function isPromiseLikeType(
  program: ts.Program,
  checker: ts.TypeChecker,
  type: ts.Type,
  location: ts.Node,
  options: PromiseQueryOptions = {},
): boolean {
  if (isBuiltinPromiseType(program, checker, type)) return true;
  return options.checkThenables === true && isThenableType(checker, type, location);
}

/** `isPromiseLikeType` for the type of an expression. */
export function isPromiseLikeExpression(
  program: ts.Program,
  checker: ts.TypeChecker,
  expression: ts.Expression,
  options: PromiseQueryOptions = {},
): boolean {
  return isPromiseLikeType(program, checker, checker.getTypeAtLocation(expression), expression, options);
}

/** Whether `type` may be `undefined`, `null` or `void` (some union member is). */
export function typeIncludesNullish(type: ts.Type): boolean {
  return unionParts(type).some((part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0);
}

/** Whether `type` is `any` or `unknown` (so nothing can be said about it). */
export function isAnyOrUnknown(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * Whether `type` is an array or tuple (some union member) holding promises: `Promise<T>[]`,
 * `readonly Promise<T>[]`, `[Promise<A>, B]`.
 */
export function isPromiseArrayType(
  program: ts.Program,
  checker: ts.TypeChecker,
  type: ts.Type,
  location: ts.Node,
  options: PromiseQueryOptions = {},
): boolean {
  for (const part of unionParts(type).map((member) => checker.getApparentType(member))) {
    if (checker.isArrayType(part)) {
      const element = checker.getTypeArguments(part as ts.TypeReference)[0];
      if (element && isPromiseLikeType(program, checker, element, location, options)) return true;
    }
    if (checker.isTupleType(part)) {
      for (const element of checker.getTypeArguments(part as ts.TypeReference)) {
        if (isPromiseLikeType(program, checker, element, location, options)) return true;
      }
    }
  }
  return false;
}

/** Whether a call signature's return type may be a promise. */
export function signatureReturnsPromise(
  program: ts.Program,
  checker: ts.TypeChecker,
  signature: ts.Signature,
  location: ts.Node,
  options: PromiseQueryOptions = {},
): boolean {
  return isPromiseLikeType(program, checker, checker.getReturnTypeOfSignature(signature), location, options);
}

/** Whether some call signature of some member of `type` returns a promise (an async function, `() => Promise<T>`). */
export function isPromiseReturningFunctionType(
  program: ts.Program,
  checker: ts.TypeChecker,
  type: ts.Type,
  location: ts.Node,
  options: PromiseQueryOptions = {},
): boolean {
  return unionParts(type).some((part) =>
    part.getCallSignatures().some((signature) => signatureReturnsPromise(program, checker, signature, location, options)),
  );
}

/**
 * Whether `type` is callable and every call signature of every member returns exactly `void`
 * (the "caller ignores the result" shape: `() => void`, `(e: Event) => void`). A union that
 * mixes a void-returning function with non-functions still counts for its function members.
 */
export function isVoidReturningFunctionType(checker: ts.TypeChecker, type: ts.Type): boolean {
  let sawSignature = false;
  for (const part of unionParts(type)) {
    for (const signature of part.getCallSignatures()) {
      sawSignature = true;
      const returnType = checker.getReturnTypeOfSignature(signature);
      if (!(returnType.flags & ts.TypeFlags.Void)) return false;
    }
  }
  return sawSignature;
}

/**
 * The type `await` would produce for `type` (`Awaited<T>`), or `type` itself on a checker
 * without `getAwaitedType`.
 */
export function awaitedTypeOf(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  return checker.getAwaitedType(type) ?? type;
}

/**
 * Whether every signature `call`'s callee has writes a return type no thenable can have (`number`,
 * `boolean`, `void`, a literal, `x is T`, `asserts x`), read from the declarations the signatures
 * come from: the call's own type then needs no resolution. Resolving one generic or overloaded
 * call on a fresh checker (the language server's, after every edit) can cost tens of milliseconds;
 * the callee's signatures cost a fraction. False whenever the checker is needed to tell: a
 * signature without a declaration, a return type naming a type (instantiated per call), `any`.
 */
export function callReturnsNoThenableByDeclaration(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  let signatures = 0;
  for (const part of unionParts(checker.getTypeAtLocation(callee))) {
    if (isAnyOrUnknown(part)) return false;
    for (const signature of part.getCallSignatures()) {
      signatures++;
      const declaration = signature.getDeclaration() as ts.SignatureDeclaration | ts.JSDocSignature | undefined;
      if (!declaration || ts.isJSDocSignature(declaration) || !declaration.type || !isNonThenableTypeNode(declaration.type)) return false;
    }
  }
  return signatures > 0;
}

/** Written types that are never thenable, whatever the type arguments: primitives, literals, predicates. */
export function isNonThenableTypeNode(node: ts.TypeNode): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.SymbolKeyword:
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.NeverKeyword:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.TemplateLiteralType:
    case ts.SyntaxKind.TypePredicate:
      return true;
    case ts.SyntaxKind.ParenthesizedType:
      return isNonThenableTypeNode((node as ts.ParenthesizedTypeNode).type);
    case ts.SyntaxKind.UnionType:
      return (node as ts.UnionTypeNode).types.every(isNonThenableTypeNode);
    default:
      return false;
  }
}
