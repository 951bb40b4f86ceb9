/**
 * Options of no-blocking-in-async and the type/value specifiers of `allow` / `additionalBlocking`
 * (the shape typescript-eslint uses: a bare name, or `{ from: 'file' | 'lib' | 'package', name, … }`).
 */
import * as path from 'node:path';
import { coreModuleName } from '../blocking-catalog.js';

export type Specifier =
  | string
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'lib'; readonly name: string | readonly string[] }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

export interface NoBlockingInAsyncOptions {
  /** More blocking functions (e.g. a native addon's sync API); reported without a fix. */
  readonly additionalBlocking?: readonly Specifier[];
  /** Calls never reported: catalog entries or project helpers known to be harmless. */
  readonly allow?: readonly Specifier[];
  /** Follow calls into synchronous project functions (default true). */
  readonly interprocedural?: boolean;
  /** Longest chain of project functions followed (default 5). */
  readonly maxDepth?: number;
  /** Files skipped entirely (globs; default: test files). Replaces the default list. */
  readonly ignoreFiles?: readonly string[];
  /** Project functions marked CPU-bound: calls to them in async context are reported (offload them to a worker). */
  readonly cpuHeavy?: readonly Specifier[];
}

export const DEFAULT_IGNORE_FILES: readonly string[] = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
];

export const DEFAULT_MAX_DEPTH = 5;

/** What a call resolved to, in the terms specifiers speak. */
export interface CalleeIdentity {
  /** Names it may be written as: `readFileSync`, `fs.readFileSync`, `Dir#readSync`, `Atomics.wait`. */
  readonly names: readonly string[];
  /** Ambient module or package the declaration belongs to (`fs`, `better-sqlite3`). */
  readonly module?: string;
  /** Declared in TypeScript's lib (a global). */
  readonly lib: boolean;
  /** Declaring source file, for `from: 'file'`. */
  readonly fileName?: string;
  readonly inProject: boolean;
}

function specifierNames(specifier: Specifier): readonly string[] {
  if (typeof specifier === 'string') return [specifier];
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

export function matchesSpecifier(specifier: Specifier, identity: CalleeIdentity, currentDirectory: string): boolean {
  if (!specifierNames(specifier).some((name) => identity.names.includes(name))) return false;
  if (typeof specifier === 'string') return true;
  switch (specifier.from) {
    case 'lib':
      return identity.lib;
    case 'package':
      return identity.module !== undefined && coreModuleName(identity.module) === coreModuleName(specifier.package);
    case 'file': {
      if (!identity.inProject || identity.fileName === undefined) return false;
      if (specifier.path === undefined) return true;
      const relative = path.relative(currentDirectory, identity.fileName).replace(/\\/gu, '/');
      const wanted = specifier.path.replace(/\\/gu, '/').replace(/^\.\//u, '');
      return relative === wanted || identity.fileName.replace(/\\/gu, '/').endsWith(`/${wanted}`);
    }
    default:
      return false;
  }
}

/** The last name segment of every specifier: a cheap filter on callee names before resolving. */
export function specifierShortNames(specifiers: readonly Specifier[]): Set<string> {
  const names = new Set<string>();
  for (const specifier of specifiers) for (const name of specifierNames(specifier)) names.add(name.split(/[#.]/u).pop() as string);
  return names;
}

/** Packages named by `from: 'package'` specifiers (their imports are tracked without type information). */
export function specifierPackages(specifiers: readonly Specifier[]): string[] {
  return specifiers.flatMap((s) => (typeof s !== 'string' && s.from === 'package' ? [coreModuleName(s.package)] : []));
}
