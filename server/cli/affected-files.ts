/**
 * Which stored results a change can make wrong: the changed files, and every file that uses an
 * exported name whose shape (export-shapes.ts) changed, directly or through the names other files
 * build on it (declarations mentioning an import, re-exports, `export *`). A file that imports a
 * changed file but only names whose shape stayed the same keeps its result: appending an export to
 * a file re-exported by a barrel no longer re-analyses everything that imports the barrel.
 */
import { splitImportRef, type ExportShape } from './export-shapes.js';

export interface ShapeRecord {
  /** Project files this one imports or references, as TypeScript resolved them. */
  readonly deps: readonly string[];
  /** Undefined when unknown: the file's exports all change with it, and it uses its imports whole. */
  readonly shape?: ExportShape;
  /** Module specifiers of the file → the project file TypeScript resolved them to ('' for none or a package). */
  readonly modules?: Record<string, string>;
  /** Property names the file assigns, and fields its functions return as `this.name` (field-writes.ts); undefined when unknown. */
  readonly fieldWrites?: readonly string[];
  readonly returnedFields?: readonly string[];
}

const ALL = '\0all';
const WHOLE = '*';

/**
 * `before`: the records the stored results were computed with; `after`: the records now (the
 * changed files' from their new text). `changed`: files whose content changed (or vanished).
 */
export function affectedFiles(
  before: Readonly<Record<string, ShapeRecord>>,
  after: Readonly<Record<string, ShapeRecord>>,
  changed: readonly string[],
): Set<string> {
  if (changed.length === 0) return new Set(); // the usual re-run: no index of the whole project needed
  const records = [before, after];
  const changedFiles = new Set(changed);
  /** Files something of which changed (their content, or a name they export). */
  const touched = new Set<string>(changed);
  /** Changed names per file (`ALL`: every name). */
  const marked = new Map<string, Set<string>>();
  const pending: [string, string][] = [];
  const isMarked = (file: string, name: string): boolean => {
    const names = marked.get(file);
    return names !== undefined && (names.has(ALL) || names.has(name));
  };
  const mark = (file: string, name: string): void => {
    if (isMarked(file, name)) return;
    let names = marked.get(file);
    if (!names) marked.set(file, (names = new Set()));
    names.add(name);
    touched.add(file);
    pending.push([file, name]);
  };

  // Who builds on what: `file\0name` → the (file, name) pairs whose shape mentions it.
  const referrers = new Map<string, [string, string][]>();
  const referrersOfFile = new Map<string, [string, string][]>();
  const starredBy = new Map<string, Set<string>>();
  const add = <V>(map: Map<string, V[]>, key: string, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  /** Files whose exports are not told apart: any change in what they import changes them all. */
  const wholeImporters = new Map<string, string[]>();
  // Both sides, each record once: an unchanged file's record is usually the same in both.
  const indexed: [string, ShapeRecord][] = Object.entries(before);
  for (const [file, record] of Object.entries(after)) if (!sameEdges(before[file], record)) indexed.push([file, record]);
  for (const [file, record] of indexed) {
    const shape = record.shape;
    if (!shape || shape.opaque) for (const dep of record.deps) add(wholeImporters, dep, file);
    if (!shape) continue;
    const modules = record.modules ?? {};
    for (const [name, entry] of Object.entries(shape.names)) {
      for (const ref of entry.refs) {
        const [specifier, imported] = splitImportRef(ref);
        const target = modules[specifier];
        if (target === undefined) {
          // Resolved by no program yet (a new import in a changed file): anything may be behind it.
          if (changedFiles.has(file)) mark(file, name);
          continue;
        }
        if (target === '') continue; // a package: a change there re-analyses the whole project
        add(referrers, `${target}\0${imported}`, [file, name] as [string, string]);
        add(referrersOfFile, target, [file, name] as [string, string]);
      }
    }
    for (const specifier of shape.stars) {
      const target = modules[specifier];
      if (target === undefined) {
        if (changedFiles.has(file)) mark(file, ALL);
      } else if (target !== '') {
        let files = starredBy.get(target);
        if (!files) starredBy.set(target, (files = new Set()));
        files.add(file);
      }
    }
  }

  for (const file of changed) {
    const old = before[file]?.shape;
    const now = after[file]?.shape;
    if (!old || !now || old.opaque || now.opaque || old.stars.join('\0') !== now.stars.join('\0')) {
      mark(file, ALL);
      continue;
    }
    for (const name of new Set([...Object.keys(old.names), ...Object.keys(now.names)])) {
      const a = old.names[name];
      const b = now.names[name];
      if (!a || !b || a.hash !== b.hash || a.refs.join('\n') !== b.refs.join('\n')) mark(file, name);
    }
  }

  const declares = (file: string, name: string): boolean => records.some((side) => side[file]?.shape?.names[name] !== undefined);
  while (pending.length > 0) {
    const [file, name] = pending.pop() as [string, string];
    for (const importer of wholeImporters.get(file) ?? []) mark(importer, ALL);
    if (name === ALL) {
      for (const [referrer, referrerName] of referrersOfFile.get(file) ?? []) mark(referrer, referrerName);
      for (const starring of starredBy.get(file) ?? []) mark(starring, ALL);
      continue;
    }
    for (const [referrer, referrerName] of referrers.get(`${file}\0${name}`) ?? []) mark(referrer, referrerName);
    for (const [referrer, referrerName] of referrers.get(`${file}\0${WHOLE}`) ?? []) mark(referrer, referrerName);
    for (const starring of starredBy.get(file) ?? []) if (!declares(starring, name)) mark(starring, name);
  }

  const affected = new Set<string>(changed);
  for (const [file, record] of indexed) {
    if (affected.has(file)) continue;
    const covered = new Set<string>();
    let uses = false;
    const shape = record.shape;
    if (shape && !shape.opaque) {
      const modules = record.modules ?? {};
      for (const [specifier, names] of Object.entries(shape.uses)) {
        const target = modules[specifier];
        if (target === undefined || target === '') continue;
        covered.add(target);
        if (names.some((name) => (name === WHOLE ? touched.has(target) : isMarked(target, name)))) uses = true;
      }
    }
    // Files imported in ways the shape does not see (`/// <reference>`, or no shape at all) are used whole.
    for (const dep of record.deps) if (!covered.has(dep) && touched.has(dep)) uses = true;
    if (uses) affected.add(file);
  }
  for (const file of filesSeeingFieldWrites(records, changed)) affected.add(file);
  return affected;
}

/**
 * Whether two records of a file give the same edges: the same object, or (a daemon's runs, where
 * shapes are kept per tree) the same shape with the same resolved imports.
 */
function sameEdges(a: ShapeRecord | undefined, b: ShapeRecord): boolean {
  if (a === b) return true;
  if (a === undefined || a.shape === undefined || a.shape !== b.shape) return false;
  if (a.deps.length !== b.deps.length || a.deps.some((dep, i) => dep !== b.deps[i])) return false;
  const modulesA = a.modules ?? {};
  const modulesB = b.modules ?? {};
  const keys = Object.keys(modulesA);
  return keys.length === Object.keys(modulesB).length && keys.every((key) => modulesA[key] === modulesB[key]);
}

/**
 * A held promise is proved by every write of its field, in any file (field-writes.ts): when the
 * fields a changed file writes are not the same as before, every file that imports, directly or
 * not, a file with a method returning one of them may call it and prove otherwise now.
 */
function filesSeeingFieldWrites(records: readonly Readonly<Record<string, ShapeRecord>>[], changed: readonly string[]): Set<string> {
  const [before, after] = records as [Readonly<Record<string, ShapeRecord>>, Readonly<Record<string, ShapeRecord>>];
  let everyField = false;
  const rewritten = new Set<string>();
  for (const file of changed) {
    const old = before[file]?.fieldWrites;
    const now = after[file]?.fieldWrites;
    if ((before[file] !== undefined && old === undefined) || (after[file] !== undefined && now === undefined)) everyField = true;
    const a = new Set(old ?? []);
    const b = new Set(now ?? []);
    for (const name of a) if (!b.has(name)) rewritten.add(name);
    for (const name of b) if (!a.has(name)) rewritten.add(name);
  }
  if (!everyField && rewritten.size === 0) return new Set();
  const importers = new Map<string, Set<string>>();
  const seeing = new Set<string>();
  for (const side of records) {
    for (const [file, record] of Object.entries(side)) {
      for (const dep of record.deps) {
        let list = importers.get(dep);
        if (!list) importers.set(dep, (list = new Set()));
        list.add(file);
      }
      const returned = record.returnedFields;
      if (returned === undefined ? everyField || rewritten.size > 0 : returned.some((name) => everyField || rewritten.has(name))) seeing.add(file);
    }
  }
  const pending = [...seeing];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const importer of importers.get(file) ?? []) {
      if (seeing.has(importer)) continue;
      seeing.add(importer);
      pending.push(importer);
    }
  }
  return seeing;
}
