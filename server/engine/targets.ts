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
    for (const file of walkSourceFiles(absolute)) {
      if (targets.has(file)) continue;
      const project = engine.projectFor(file, 'throw', true);
      if (project) targets.set(file, { file, project });
    }
  }
  return [...targets.values()];
}

function walkSourceFiles(directory: string): string[] {
  const files: string[] = [];
  const pending = [directory];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be analysed, and the run goes on
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) pending.push(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFile(entry.name)) {
        files.push(full);
      }
    }
  }
  return files.sort();
}
