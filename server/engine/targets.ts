/**
 * Which files a run covers, and with which project. A folder means the source files below it that
 * their own tsconfig includes (a file its tsconfig excludes stays excluded; a file under no tsconfig
 * at all goes to an inferred project). A file named explicitly is always analysed, as in ESLint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from './engine.js';
import type { Project } from './project.js';

const SOURCE_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/iu;
const DECLARATION_FILE = /\.d\.[cm]?ts$/iu;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Target {
  readonly file: string;
  readonly project: Project;
}

export function isSourceFile(fileName: string): boolean {
  return SOURCE_FILE.test(fileName) && !DECLARATION_FILE.test(fileName);
}

/** Throws UsageError for a path that does not exist and ConfigError for an unusable tsconfig. */
export function collectTargets(engine: Engine, paths: readonly string[], cwd = process.cwd()): Target[] {
  const targets = new Map<string, Target>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`No such file or directory: ${given}`);
    }
    if (stat.isFile()) {
      const project = engine.projectFor(absolute);
      if (project) targets.set(absolute, { file: absolute, project });
      continue;
    }
    const tsconfigLookups = new Map<string, string | undefined>();
    for (const file of walkSourceFiles(absolute)) {
      if (targets.has(file)) continue;
      const project = engine.projectFor(file, 'throw', true, tsconfigLookups);
      if (project) targets.set(file, { file, project });
    }
  }
  return [...targets.values()];
}

/**
 * Source files below `directory`. Symlinked folders are followed (tsc's `include` follows them too),
 * each real folder and file once: a link cycle ends, and a file reachable by two paths is analysed
 * (and fixed) once.
 */
function walkSourceFiles(directory: string): string[] {
  const files: string[] = [];
  const links: string[] = [];
  const seen = new Set<string>();
  const pending = [directory];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: fs.Dirent[];
    let realDir: string | undefined;
    try {
      realDir = firstVisit(seen, dir);
      if (realDir === undefined) continue;
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be analysed, and the run goes on
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && isDirectoryLink(full));
      if (isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) pending.push(full);
      } else if (entry.isFile() && isSourceFile(entry.name)) {
        seen.add(path.join(realDir, entry.name)); // a file that is no link is where its real folder is
        files.push(full);
      } else if (entry.isSymbolicLink() && isSourceFile(entry.name)) {
        links.push(full); // after the walk: a file found under its own name is reported under it
      }
    }
  }
  for (const link of links) {
    try {
      if (firstVisit(seen, link) !== undefined) files.push(link);
    } catch {
      files.push(link); // a dangling link: reported as unreadable by the engine
    }
  }
  return files.sort();
}

/** The real path of `fileName` when it was not seen yet, else undefined. */
function firstVisit(seen: Set<string>, fileName: string): string | undefined {
  const real = fs.realpathSync(fileName);
  if (seen.has(real)) return undefined;
  seen.add(real);
  return real;
}

function isDirectoryLink(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return false; // dangling
  }
}
