/**
 * Is this call a blocking API? By symbol when the checker knows the callee (catalog entry or a
 * configured `additionalBlocking` specifier, minus `allow`), by import-binding tracking when it
 * does not (no program, or a callee the checker cannot resolve at all).
 */
import ts = require('typescript');
import { BLOCKING_MODULES, BLOCKING_NAMES, findBlockingApi, type BlockingApi } from '../blocking-catalog.js';
import { collectImportBindings, resolveThroughBindings, type ImportBindings } from './import-bindings.js';
import { matchesSpecifier, specifierPackages, specifierShortNames, type CalleeIdentity, type Specifier } from './options.js';
import { calleeNameNode, packageOf, placesOf, resolveCallee, type DeclarationPlace } from './resolve.js';

export interface BlockingCall {
  /** The catalog entry; undefined for an `additionalBlocking` match. */
  readonly api?: BlockingApi;
  /** How the message names it: `fs.readFileSync`, or the configured name. */
  readonly display: string;
  /** The callee names the export itself (not a user alias), so a rewrite may reuse its shape. */
  readonly direct: boolean;
}

export interface DetectorOptions {
  readonly allow: readonly Specifier[];
  readonly additionalBlocking: readonly Specifier[];
  readonly currentDirectory: string;
  /** Bare names that may be aliases of a blocking API (name-index.ts); without it every one is asked. */
  readonly mayBeAlias?: (name: string) => boolean;
}

export class BlockingDetector {
  readonly additionalNames: Set<string>;
  private readonly trackedModules: Set<string>;
  private readonly bindingsByFile = new WeakMap<ts.SourceFile, ImportBindings>();

  constructor(
    private readonly checker: ts.TypeChecker | undefined,
    private readonly options: DetectorOptions,
  ) {
    this.additionalNames = specifierShortNames(options.additionalBlocking);
    this.trackedModules = new Set([...BLOCKING_MODULES, ...specifierPackages(options.additionalBlocking)]);
  }

  /** Cheap, by name only: could `call` be a blocking API? (`blockingCall` decides.) */
  mayBeBlockingCall(call: ts.CallExpression): boolean {
    const nameNode = calleeNameNode(call.expression);
    if (nameNode === undefined) return false;
    if (BLOCKING_NAMES.has(nameNode.text) || this.additionalNames.has(nameNode.text)) return true;
    if (this.checker === undefined || nameNode !== call.expression || !ts.isIdentifier(nameNode)) return false;
    return this.options.mayBeAlias === undefined || this.options.mayBeAlias(nameNode.text);
  }

  /** The blocking API `call` invokes, if any (and not allowed). */
  blockingCall(call: ts.CallExpression): BlockingCall | undefined {
    const nameNode = calleeNameNode(call.expression);
    if (nameNode === undefined) return undefined;
    const byName = BLOCKING_NAMES.has(nameNode.text) || this.additionalNames.has(nameNode.text);
    // A differently named bare identifier may still be a `const` alias or a renamed import: ask the
    // checker. A method call with another name cannot be a catalog API: no type query for it.
    if (!byName && (this.checker === undefined || nameNode !== call.expression || !ts.isIdentifier(nameNode))) return undefined;
    if (!byName && this.options.mayBeAlias !== undefined && !this.options.mayBeAlias(nameNode.text)) return undefined;
    if (this.checker !== undefined) {
      const resolved = resolveCallee(call.expression, this.checker);
      if (resolved !== undefined && (resolved.symbol.declarations?.length ?? 0) > 0) {
        for (const place of placesOf(resolved.symbol)) {
          const found = this.fromPlace(call, place, resolved.direct);
          if (found !== undefined) return found;
        }
        // A binding of type any (`const { readFileSync } = require('fs')` where require is untyped)
        // tells nothing by symbol: only then do the import bindings decide.
        if (!byName || (this.checker.getTypeAtLocation(call.expression).flags & ts.TypeFlags.Any) === 0) return undefined;
      }
    }
    if (!byName) return undefined;
    const binding = resolveThroughBindings(call.expression, this.bindingsOf(call.getSourceFile()));
    if (binding === undefined) return undefined;
    const module = binding.module === 'global' ? 'global' : binding.module;
    return this.fromPlace(call, { module, exportPath: binding.exportPath, sourceFile: call.getSourceFile() }, true, true);
  }

  private fromPlace(call: ts.CallExpression, place: DeclarationPlace, direct: boolean, untyped = false): BlockingCall | undefined {
    const module = place.module ?? (place.sourceFile.isDeclarationFile ? packageOf(place.sourceFile.fileName) : undefined);
    const api = place.module !== undefined ? findBlockingApi(place.module, place.exportPath) : undefined;
    const identity = this.identity(place, module, api, untyped);
    if (api !== undefined) {
      if (api.blockingWithArgsAtMost !== undefined && (call.arguments.length > api.blockingWithArgsAtMost || call.arguments.some(ts.isSpreadElement))) return undefined;
      if (this.isAllowed(identity)) return undefined;
      return { api, display: api.display, direct };
    }
    const configured = this.options.additionalBlocking.find((specifier) => matchesSpecifier(specifier, identity, this.options.currentDirectory));
    if (configured === undefined || this.isAllowed(identity)) return undefined;
    return { display: module !== undefined && module !== 'global' ? `${module}.${place.exportPath.replace('#', '.')}` : place.exportPath.replace('#', '.'), direct };
  }

  private identity(place: DeclarationPlace, module: string | undefined, api: BlockingApi | undefined, untyped: boolean): CalleeIdentity {
    const exportPath = place.exportPath;
    const last = exportPath.split(/[#.]/u).pop() as string;
    const dotted = exportPath.replace('#', '.');
    const names = [exportPath, last, dotted];
    if (module !== undefined && module !== 'global') names.push(`${module}.${dotted}`);
    if (api !== undefined) names.push(api.display);
    return {
      names,
      module: module === 'global' ? undefined : module,
      lib: module === 'global',
      fileName: untyped ? undefined : place.sourceFile.fileName,
      inProject: !untyped && !place.sourceFile.isDeclarationFile,
    };
  }

  /** Whether an `allow` specifier covers the identity (catalog API or project function). */
  isAllowed(identity: CalleeIdentity): boolean {
    return this.options.allow.some((specifier) => matchesSpecifier(specifier, identity, this.options.currentDirectory));
  }

  private bindingsOf(sourceFile: ts.SourceFile): ImportBindings {
    let bindings = this.bindingsByFile.get(sourceFile);
    if (bindings === undefined) {
      bindings = collectImportBindings(sourceFile, this.trackedModules);
      this.bindingsByFile.set(sourceFile, bindings);
    }
    return bindings;
  }
}
