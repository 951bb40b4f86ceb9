/**
 * A V8 code cache for TypeScript's compiler: compiling its 9 MB of JavaScript is a fixed cost of
 * every CLI run, about 0.2 s of CPU in a 2–3 s run on a small project or a warm `--cache` run.
 * A run that linted something stores what V8 compiled (functions compiled lazily while linting
 * included) under the user's cache folder; later runs start from it. V8 rejects a cache made by
 * another V8 or for another source, and that run compiles as usual and stores a new one.
 * Node.js 22+ has this built in (`module.enableCompileCache`), which is used instead when present.
 * ASYNC_PITFALLS_NO_COMPILE_CACHE=1 turns it off. Must be imported before `typescript` is loaded.
 */
import * as fs from 'node:fs';
import Module = require('node:module');
import * as path from 'node:path';
import * as vm from 'node:vm';
import { userCacheDirectory } from './installation.js';

interface CompiledTypeScript {
  readonly script: vm.Script;
  readonly cacheFile: string;
  /** Whether the cache it started from was missing or rejected, so a new one is worth storing. */
  readonly stale: boolean;
}

let compiled: CompiledTypeScript | undefined;

type Compile = (this: Module, content: string, filename: string) => unknown;
const moduleInternals = Module as unknown as {
  prototype: { _compile: Compile };
  wrap(content: string): string;
  enableCompileCache?: (directory?: string) => unknown;
};

function install(): void {
  if (process.env.ASYNC_PITFALLS_NO_COMPILE_CACHE) return;
  if (typeof moduleInternals.enableCompileCache === 'function') {
    moduleInternals.enableCompileCache();
    return;
  }
  const original = moduleInternals.prototype._compile;
  const typescriptFile = path.join('typescript', 'lib', 'typescript.js');
  moduleInternals.prototype._compile = function (this: Module, content: string, filename: string): unknown {
    if (compiled !== undefined || !filename.endsWith(typescriptFile)) return original.call(this, content, filename);
    const cacheFile = path.join(userCacheDirectory(), `typescript-${process.version}-${process.arch}-${content.length}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // the first run, or an unreadable cache: compile as usual
    }
    const script = new vm.Script(moduleInternals.wrap(content), { filename, cachedData });
    compiled = { script, cacheFile, stale: cachedData === undefined || script.cachedDataRejected === true };
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    const require = Module.createRequire(filename);
    wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
    return undefined;
  };
}

/** Stores the code cache when this run started without a usable one (after linting, so it holds what linting compiled). */
export function storeCompileCache(): void {
  if (!compiled?.stale) return;
  const { script, cacheFile } = compiled;
  compiled = { ...compiled, stale: false };
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
    // Caches for other Node.js or TypeScript versions would only take room.
    for (const name of fs.readdirSync(path.dirname(cacheFile))) {
      if (name.startsWith('typescript-') && name.endsWith('.v8cache') && name !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), name), { force: true });
    }
  } catch {
    fs.rmSync(temporary, { force: true }); // a cache that cannot be written only costs time next run
  }
}

install();
