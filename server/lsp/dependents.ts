/**
 * Which open files can see an edit to another file: those that import it, directly or through other
 * files. A file that is a script (no imports or exports) or declares globals or ambient modules can
 * change what every file of its program sees; then every file of the program is a dependent.
 */
import * as path from 'node:path';
import type * as ts from 'typescript';

interface ResolvedModuleLike {
  readonly resolvedModule?: { readonly resolvedFileName: string };
}

/** The program's resolved imports; an internal TypeScript API, so absent means "unknown". */
type WithResolutions = ts.Program & {
  forEachResolvedModule?(callback: (resolution: ResolvedModuleLike, name: string, mode: unknown, filePath: string) => void): void;
};

const importersByProgram = new WeakMap<ts.Program, Map<string, Set<string>>>();

function importersIndex(program: ts.Program): Map<string, Set<string>> | undefined {
  const cached = importersByProgram.get(program);
  if (cached) return cached;
  const forEach = (program as WithResolutions).forEachResolvedModule;
  if (typeof forEach !== 'function') return undefined;
  const index = new Map<string, Set<string>>();
  forEach.call(program, (resolution, _name, _mode, filePath) => {
    const imported = resolution.resolvedModule?.resolvedFileName;
    if (!imported) return;
    const key = path.resolve(imported);
    let importers = index.get(key);
    if (!importers) index.set(key, (importers = new Set()));
    importers.add(path.resolve(filePath));
  });
  importersByProgram.set(program, index);
  return index;
}

/** Whether an edit to `sourceFile` can change only the files that import it. */
export function affectsOnlyImporters(sourceFile: ts.SourceFile): boolean {
  const isModule = (sourceFile as { externalModuleIndicator?: unknown }).externalModuleIndicator !== undefined;
  return isModule && !/\bdeclare\s+(?:global|module)\b/u.test(sourceFile.text);
}

/** Files of `program` that import `filePath` directly or transitively; undefined when unknown. */
export function transitiveImporters(program: ts.Program, filePath: string): Set<string> | undefined {
  const index = importersIndex(program);
  if (!index) return undefined;
  const found = new Set<string>();
  const pending = [path.resolve(filePath)];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const importer of index.get(current) ?? []) {
      if (found.has(importer)) continue;
      found.add(importer);
      pending.push(importer);
    }
  }
  return found;
}
