/**
 * The catalog of Node.js core APIs that block the event loop, as data. Each entry names the
 * module and export the checker resolves a call to, what kind of blocking it is, the async
 * counterpart (as advice for the message) and the rewrite the analysis may offer. Rewrites are
 * listed only where the counterpart, called the same way, gives a value of the same type
 * (checked in fixtures/no-blocking-in-async against @types/node); elsewhere `rewrite` is
 * `none` and the message alone says what to use.
 */

export type BlockingKind = 'file I/O' | 'process' | 'compression' | 'CPU-bound crypto' | 'wait';

/** Core modules of the catalog; `global` is the global scope (TypeScript's lib), for `Atomics`. */
export type BlockingModule = 'fs' | 'child_process' | 'zlib' | 'crypto' | 'global';

export type BlockingRewrite =
  /** `await readFile(…)` from `node:fs/promises` (or `fs.promises.readFile(…)` through the same object). */
  | { readonly kind: 'fsPromises'; readonly name: string; readonly pathFirst: boolean; readonly rejectOption?: string }
  /** `existsSync(p)`: no async twin with the same meaning; an `access()` check as a titled suggestion. */
  | { readonly kind: 'existsViaAccess' }
  /** `execSync`/`execFileSync` → `(await promisify(exec)(…)).stdout`, keeping Buffer vs string. */
  | { readonly kind: 'promisifyExec'; readonly name: 'exec' | 'execFile' }
  /** The callback API of the same module, promisified: `await promisify(gzip)(…)`. */
  | { readonly kind: 'promisifyCallback'; readonly name: string }
  /** A method with a promise twin on the same object: `dir.readSync()` → `await dir.read()`. */
  | { readonly kind: 'awaitMethod'; readonly name: string }
  /** `Atomics.wait(…)` → `await Atomics.waitAsync(…).value`. */
  | { readonly kind: 'waitAsync' }
  | { readonly kind: 'none' };

export interface BlockingApi {
  readonly module: BlockingModule;
  /** Path of the export inside the module: `readFileSync`, `realpathSync.native`, `Dir#readSync`, `Atomics#wait`. */
  readonly export: string;
  /** How messages name it: `fs.readFileSync`. */
  readonly display: string;
  readonly kind: BlockingKind;
  /** The async counterpart and how to call it, for the message. */
  readonly counterpart: string;
  readonly rewrite: BlockingRewrite;
  /** Blocking only when called without its callback, i.e. with at most this many arguments (`randomBytes(n)`). */
  readonly blockingWithArgsAtMost?: number;
}

const fsPromises = (name: string, pathFirst = true, rejectOption?: string): BlockingRewrite =>
  rejectOption === undefined ? { kind: 'fsPromises', name, pathFirst } : { kind: 'fsPromises', name, pathFirst, rejectOption };

/** fs functions on paths whose `node:fs/promises` twin takes the same arguments and resolves to the same type. */
const FS_WITH_PROMISE_TWIN: readonly (readonly [sync: string, async: string, rejectOption?: string])[] = [
  ['accessSync', 'access'],
  ['appendFileSync', 'appendFile'],
  ['chmodSync', 'chmod'],
  ['chownSync', 'chown'],
  ['copyFileSync', 'copyFile'],
  ['cpSync', 'cp'],
  ['lchmodSync', 'lchmod'],
  ['lchownSync', 'lchown'],
  ['linkSync', 'link'],
  // `throwIfNoEntry` exists only on the sync variants; with it the result type differs.
  ['lstatSync', 'lstat', 'throwIfNoEntry'],
  ['lutimesSync', 'lutimes'],
  ['mkdirSync', 'mkdir'],
  ['mkdtempSync', 'mkdtemp'],
  ['opendirSync', 'opendir'],
  ['readdirSync', 'readdir'],
  ['readFileSync', 'readFile'],
  ['readlinkSync', 'readlink'],
  ['realpathSync', 'realpath'],
  ['renameSync', 'rename'],
  ['rmdirSync', 'rmdir'],
  ['rmSync', 'rm'],
  ['statSync', 'stat', 'throwIfNoEntry'],
  ['statfsSync', 'statfs'],
  ['symlinkSync', 'symlink'],
  ['truncateSync', 'truncate'],
  ['unlinkSync', 'unlink'],
  ['utimesSync', 'utimes'],
  ['writeFileSync', 'writeFile'],
];

/** fs functions on file descriptors: the promise API works on a FileHandle instead, so no mechanical rewrite. */
const FS_ON_DESCRIPTORS: readonly (readonly [sync: string, fileHandleMethod: string])[] = [
  ['closeSync', 'close'],
  ['fchmodSync', 'chmod'],
  ['fchownSync', 'chown'],
  ['fdatasyncSync', 'datasync'],
  ['fstatSync', 'stat'],
  ['fsyncSync', 'sync'],
  ['ftruncateSync', 'truncate'],
  ['futimesSync', 'utimes'],
  ['readSync', 'read'],
  ['readvSync', 'readv'],
  ['writeSync', 'write'],
  ['writevSync', 'writev'],
];

const fsEntries: BlockingApi[] = [
  ...FS_WITH_PROMISE_TWIN.map(([sync, name, rejectOption]): BlockingApi => ({
    module: 'fs',
    export: sync,
    display: `fs.${sync}`,
    kind: 'file I/O',
    counterpart: `\`await ${name}(…)\` from node:fs/promises`,
    rewrite: fsPromises(name, true, rejectOption),
  })),
  ...FS_ON_DESCRIPTORS.map(([sync, method]): BlockingApi => ({
    module: 'fs',
    export: sync,
    display: `fs.${sync}`,
    kind: 'file I/O',
    counterpart: `a FileHandle from \`await open(…)\` (node:fs/promises) and \`await handle.${method}(…)\``,
    rewrite: { kind: 'none' },
  })),
  {
    module: 'fs',
    export: 'openSync',
    display: 'fs.openSync',
    kind: 'file I/O',
    counterpart: '`await open(…)` from node:fs/promises (it resolves to a FileHandle, not a descriptor)',
    rewrite: { kind: 'none' },
  },
  {
    module: 'fs',
    export: 'globSync',
    display: 'fs.globSync',
    kind: 'file I/O',
    counterpart: '`for await (const entry of glob(…))` from node:fs/promises',
    rewrite: { kind: 'none' },
  },
  {
    module: 'fs',
    export: 'realpathSync.native',
    display: 'fs.realpathSync.native',
    kind: 'file I/O',
    counterpart: '`await realpath(…)` from node:fs/promises',
    rewrite: { kind: 'none' },
  },
  {
    module: 'fs',
    export: 'existsSync',
    display: 'fs.existsSync',
    kind: 'file I/O',
    counterpart:
      'no async twin with the same meaning: open or read the file and handle ENOENT, or check with `await access(…)` from node:fs/promises',
    rewrite: { kind: 'existsViaAccess' },
  },
  {
    module: 'fs',
    export: 'Dir#readSync',
    display: 'Dir#readSync',
    kind: 'file I/O',
    counterpart: '`await dir.read()`',
    rewrite: { kind: 'awaitMethod', name: 'read' },
  },
  {
    module: 'fs',
    export: 'Dir#closeSync',
    display: 'Dir#closeSync',
    kind: 'file I/O',
    counterpart: '`await dir.close()`',
    rewrite: { kind: 'awaitMethod', name: 'close' },
  },
];

const childProcessEntries: BlockingApi[] = [
  {
    module: 'child_process',
    export: 'execSync',
    display: 'child_process.execSync',
    kind: 'process',
    counterpart: '`await promisify(exec)(…)` (node:util, node:child_process)',
    rewrite: { kind: 'promisifyExec', name: 'exec' },
  },
  {
    module: 'child_process',
    export: 'execFileSync',
    display: 'child_process.execFileSync',
    kind: 'process',
    counterpart: '`await promisify(execFile)(…)` (node:util, node:child_process)',
    rewrite: { kind: 'promisifyExec', name: 'execFile' },
  },
  {
    module: 'child_process',
    export: 'spawnSync',
    display: 'child_process.spawnSync',
    kind: 'process',
    counterpart: '`spawn(…)` and `await once(child, "close")` (node:events), or `await promisify(execFile)(…)`',
    rewrite: { kind: 'none' },
  },
];

const ZLIB_SYNC = ['brotliCompress', 'brotliDecompress', 'deflate', 'deflateRaw', 'gunzip', 'gzip', 'inflate', 'inflateRaw', 'unzip'];

const zlibEntries: BlockingApi[] = ZLIB_SYNC.map((name) => ({
  module: 'zlib',
  export: `${name}Sync`,
  display: `zlib.${name}Sync`,
  kind: 'compression',
  counterpart: `\`await promisify(${name})(…)\` (runs on the libuv thread pool)`,
  rewrite: { kind: 'promisifyCallback', name },
}));

/**
 * CPU-bound crypto. Where `promisify(fn)` loses the result type in @types/node (overloads whose
 * last signature takes options, or a generic callback), the rewrite is `none`.
 */
const cryptoEntries: BlockingApi[] = [
  ...(
    [
      ['pbkdf2Sync', 'pbkdf2', true],
      ['scryptSync', 'scrypt', false],
      ['hkdfSync', 'hkdf', true],
      ['randomFillSync', 'randomFill', false],
      ['generateKeyPairSync', 'generateKeyPair', true],
      ['generateKeySync', 'generateKey', true],
      ['generatePrimeSync', 'generatePrime', false],
      ['checkPrimeSync', 'checkPrime', false],
    ] as const
  ).map(
    ([sync, name, promisifies]): BlockingApi => ({
      module: 'crypto',
      export: sync,
      display: `crypto.${sync}`,
      kind: 'CPU-bound crypto',
      counterpart: promisifies
        ? `\`await promisify(${name})(…)\` (runs on the libuv thread pool)`
        : `\`${name}(…, callback)\` wrapped in a Promise (runs on the libuv thread pool)`,
      rewrite: promisifies ? { kind: 'promisifyCallback', name } : { kind: 'none' },
    }),
  ),
  ...(
    [
      ['randomBytes', 1],
      ['sign', 3],
      ['verify', 4],
    ] as const
  ).map(
    ([name, argsAtMost]): BlockingApi => ({
      module: 'crypto',
      export: name,
      display: `crypto.${name}`,
      kind: 'CPU-bound crypto',
      counterpart: `\`await promisify(${name})(…)\` (with a callback it runs on the libuv thread pool)`,
      rewrite: { kind: 'promisifyCallback', name },
      blockingWithArgsAtMost: argsAtMost,
    }),
  ),
];

const waitEntries: BlockingApi[] = [
  {
    module: 'global',
    export: 'Atomics#wait',
    display: 'Atomics.wait',
    kind: 'wait',
    counterpart: '`await Atomics.waitAsync(…).value`',
    rewrite: { kind: 'waitAsync' },
  },
];

export const BLOCKING_APIS: readonly BlockingApi[] = [...fsEntries, ...childProcessEntries, ...zlibEntries, ...cryptoEntries, ...waitEntries];

const byKey = new Map(BLOCKING_APIS.map((api) => [`${api.module}:${api.export}`, api]));

/** Strip `node:`: both spellings name the same core module. */
export function coreModuleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

/** The catalog entry for an export of a core module (`fs` or `node:fs`), if it blocks. */
export function findBlockingApi(moduleName: string, exportPath: string): BlockingApi | undefined {
  return byKey.get(`${coreModuleName(moduleName)}:${exportPath}`);
}

/** Last segment of every export path: a cheap syntactic filter on callee names before asking the checker. */
export const BLOCKING_NAMES: ReadonlySet<string> = new Set(BLOCKING_APIS.map((api) => api.export.split(/[#.]/u).pop() as string));

export const BLOCKING_MODULES: ReadonlySet<string> = new Set(BLOCKING_APIS.map((api) => api.module));
