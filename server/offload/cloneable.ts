/**
 * Can a value of this type cross a worker boundary unchanged? postMessage copies with the
 * structured clone algorithm: primitives, plain objects and arrays of those, Map, Set, Date,
 * RegExp, ArrayBuffer and typed arrays survive; functions and symbols throw; class instances
 * arrive as plain objects without their prototype (methods, getters and `instanceof` are lost).
 * The answer comes from the type checker; anything it cannot prove (any, unknown, object) is a no.
 */
import * as ts from 'typescript';
import { TYPED_ARRAY_TYPE_NAMES } from '../../rules/core/typed-arrays.js';

/** Built-ins the structured clone algorithm copies faithfully; their type arguments are checked too. */
const CLONEABLE_LIB_TYPES = new Set([
  'Date',
  'RegExp',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  ...TYPED_ARRAY_TYPE_NAMES,
]);
const CLONEABLE_COLLECTIONS = new Set(['Map', 'Set', 'ReadonlyMap', 'ReadonlySet']);

/** Why a value of `type` does not survive structured cloning, or undefined when it does. */
export function cloneProblem(type: ts.Type, checker: ts.TypeChecker, program: ts.Program): string | undefined {
  const seen = new Set<ts.Type>();
  const isLib = (symbol: ts.Symbol): boolean =>
    (symbol.declarations ?? []).some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()));

  const visit = (current: ts.Type): string | undefined => {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const flags = current.flags;
    if (flags & ts.TypeFlags.Any) return '`any` (nothing proves it can be copied)';
    if (flags & ts.TypeFlags.Unknown) return '`unknown` (nothing proves it can be copied)';
    if (flags & ts.TypeFlags.ESSymbolLike) return 'a symbol';
    if (flags & ts.TypeFlags.NonPrimitive) return '`object` (could be anything, a function included)';
    if (
      flags &
      (ts.TypeFlags.StringLike |
        ts.TypeFlags.NumberLike |
        ts.TypeFlags.BigIntLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.EnumLike |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Void |
        ts.TypeFlags.Never)
    ) {
      return undefined;
    }
    if (flags & ts.TypeFlags.TypeParameter) {
      const constraint = checker.getBaseConstraintOfType(current);
      return constraint === undefined || constraint === current ? `type parameter \`${checker.typeToString(current)}\` (unconstrained)` : visit(constraint);
    }
    if (current.isUnionOrIntersection()) {
      for (const member of current.types) {
        const problem = visit(member);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    if (!(flags & ts.TypeFlags.Object)) return `\`${checker.typeToString(current)}\``;

    if (checker.isArrayType(current) || checker.isTupleType(current)) {
      for (const element of checker.getTypeArguments(current as ts.TypeReference)) {
        const problem = visit(element);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    const symbol = current.getSymbol() ?? current.aliasSymbol;
    if (symbol !== undefined) {
      const name = symbol.getName();
      if (name === 'Buffer') return 'a `Buffer` (it arrives as a plain `Uint8Array`)';
      if (isLib(symbol) && CLONEABLE_LIB_TYPES.has(name)) return undefined;
      if (isLib(symbol) && CLONEABLE_COLLECTIONS.has(name)) {
        for (const argument of checker.getTypeArguments(current as ts.TypeReference)) {
          const problem = visit(argument);
          if (problem !== undefined) return problem;
        }
        return undefined;
      }
      if (isLib(symbol) && name === 'Promise') return 'a promise';
      if (symbol.flags & ts.SymbolFlags.Class) {
        return `an instance of class \`${name}\` (it arrives as a plain object: its methods, getters and prototype are lost)`;
      }
    }
    if (checker.getSignaturesOfType(current, ts.SignatureKind.Call).length > 0 || checker.getSignaturesOfType(current, ts.SignatureKind.Construct).length > 0) {
      return `a function (\`${checker.typeToString(current)}\`)`;
    }
    const properties = checker.getPropertiesOfType(current);
    const indexInfos = checker.getIndexInfosOfType(current);
    if (properties.length === 0 && indexInfos.length === 0) return `\`${checker.typeToString(current)}\` (an empty object type accepts functions and class instances)`;
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration !== undefined && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) {
        return `an object with method \`${property.getName()}\``;
      }
      if (declaration !== undefined && (ts.isGetAccessorDeclaration(declaration) || ts.isSetAccessorDeclaration(declaration))) {
        return `an object with accessor \`${property.getName()}\` (copied as its current value at best)`;
      }
      if (property.getName().startsWith('__@')) return 'an object with a symbol-keyed property';
      const problem = visit(checker.getTypeOfSymbol(property));
      if (problem !== undefined) return `${problem} in property \`${property.getName()}\``;
    }
    for (const info of indexInfos) {
      const problem = visit(info.type);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  return visit(type);
}
