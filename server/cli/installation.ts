/**
 * This installation of the package: where it is, its version, its compiled files, and the folder
 * where it keeps per-user files (TypeScript's code cache, the daemon's log). Shared by the CLI, its
 * caches and its daemon; light on purpose (the daemon's client loads it, and `compile-cache.ts`
 * before TypeScript): no TypeScript, no engine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** dist/server/cli → the package's root. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST_ROOT = path.join(PACKAGE_ROOT, 'dist');

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `$XDG_CACHE_HOME/async-pitfalls`, else `~/.cache/async-pitfalls`. */
export function userCacheDirectory(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'async-pitfalls');
}

/** The compiled `.js` files under `dist/<folder>`, sorted; none when the folder is missing. */
export function compiledFiles(folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.js')) found.push(full);
    }
  };
  visit(path.join(DIST_ROOT, folder));
  return found.sort();
}
