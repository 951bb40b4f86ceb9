/** Temporary copies of fixture projects, for tests that write files (--fix, bad input). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturesRoot } from './fixtures.js';

const repositoryRoot = path.resolve(fixturesRoot, '..');

/**
 * Copies `fixtures/<name>` to a fresh temp folder and links the repository's node_modules beside
 * it, so `@types/node` resolves exactly as in the fixture. Returns the copy's path.
 */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `async-pitfalls-${name}-`));
  fs.cpSync(path.join(fixturesRoot, name), target, { recursive: true });
  fs.symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  return target;
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
