import { createTypedRuleTester, createUntypedRuleTester } from '../helpers/rule-tester.js';
import { noBlockingInAsync } from '../../rules/no-blocking-in-async.js';
import { BLOCKING_APIS } from '../../rules/core/blocking-catalog.js';
import * as assert from 'node:assert/strict';
import { DEFAULT_IGNORE_FILES, isIgnoredFile } from '../../rules/core/no-blocking-in-async/index.js';

/** The full message data of an interprocedural finding, from its chain `a → b → fs.readFileSync`. */
function helper(chain: string): { callee: string; chain: string; change: string } {
  const parts = chain.split(' → ');
  const leaf = parts[parts.length - 1] as string;
  const owner = parts[parts.length - 2] as string;
  const first = parts[0] as string;
  const change = leaf === 'busy-wait loop' ? `${leaf} in ${owner}` : `\`${leaf}\` call in ${owner}`;
  return { callee: first.startsWith('new ') ? first : `${first}()`, chain, change };
}

/** The full message data of a catalog API's finding. */
function api(display: string): { name: string; kind: string; counterpart: string } {
  const entry = BLOCKING_APIS.find((candidate) => candidate.display === display);
  if (entry === undefined) throw new Error(`no catalog entry ${display}`);
  return { name: entry.display, kind: entry.kind, counterpart: entry.counterpart };
}

const fsNs = "import * as fs from 'node:fs';\n";
const cp = "import * as cp from 'node:child_process';\n";
const zlibNs = "import * as zlib from 'node:zlib';\n";
const cryptoNs = "import * as crypto from 'node:crypto';\n";

/** A sample inside an async function `run(p, buf)`; `body` is its body. */
const inAsync = (header: string, body: string): string => `${header}export async function run(p: string, buf: Buffer) {\n${body}\n}\n`;

createTypedRuleTester().run('no-blocking-in-async (typed)', noBlockingInAsync, {
  valid: [
    // Module top level and synchronous functions are not async context.
    fsNs + "export const config = fs.readFileSync('config.json', 'utf8');",
    fsNs + "export function load(p: string) { return fs.readFileSync(p, 'utf8'); }",
    fsNs + 'export class Store { data = fs.readFileSync("x"); }',
    fsNs + 'export class Store { static data: Buffer; static { Store.data = fs.readFileSync("x"); } }',
    fsNs + 'export class Store { data: Buffer; constructor(p: string) { this.data = fs.readFileSync(p); } }',
    "import { execSync } from 'node:child_process';\nexport const rev = execSync('git rev-parse HEAD');",
    "import { randomBytes } from 'node:crypto';\nexport function token() { return randomBytes(16).toString('hex'); }",
    'const view = new Int32Array(new SharedArrayBuffer(4));\nAtomics.wait(view, 0, 0, 10);',
    'export function spin(end: number) { while (Date.now() < end) {} }',
    // Callbacks that run later start a context of their own.
    inAsync(fsNs, "  setTimeout(() => fs.writeFileSync(p, ''), 10);"),
    inAsync(fsNs, "  setImmediate(() => fs.unlinkSync(p));"),
    inAsync(fsNs, "  process.nextTick(() => fs.rmSync(p));"),
    inAsync(fsNs, "  queueMicrotask(() => fs.rmSync(p));"),
    inAsync(fsNs + "import { EventEmitter } from 'node:events';\n", "  new EventEmitter().on('done', () => fs.appendFileSync(p, 'x'));"),
    inAsync(fsNs, "  return Promise.resolve().then(() => fs.readFileSync(p));"),
    inAsync(fsNs, '  const later = () => fs.readFileSync(p);\n  return later;'),
    inAsync(fsNs, '  function helper() { return fs.readFileSync(p); }\n  return helper;'),
    inAsync(fsNs, '  const o = { m() { return fs.readFileSync(p); } };\n  return o;'),
    inAsync(fsNs, '  class Local { data = fs.readFileSync(p); }\n  return Local;'),
    inAsync(fsNs, '  function* lines() { yield fs.readFileSync(p); }\n  return lines;'),
    inAsync(fsNs, '  const rows: { map(cb: (x: string) => unknown): void } = { map() {} };\n  rows.map((x) => fs.readFileSync(x));'),
    // Lookalikes: resolved by symbol, not by name.
    inAsync('const local = { readFileSync: (path: string) => path };\n', '  return local.readFileSync(p);'),
    inAsync('class Shell { execSync(cmd: string) { return cmd; } }\n', "  return new Shell().execSync('ls');"),
    inAsync('declare const Effect: { runSync(effect: unknown): unknown };\n', '  return Effect.runSync(p);'),
    inAsync('interface MyFs { readFileSync(path: string): string }\ndeclare const myFs: MyFs;\n', '  return myFs.readFileSync(p);'),
    inAsync('function existsSync(path: string) { return path.length > 0; }\n', '  return existsSync(p);'),
    inAsync('declare function gzipSync(data: Buffer): Buffer;\n', '  return gzipSync(buf);'),
    inAsync(cryptoNs, "  return crypto.createSign('sha256').sign('key');"),
    inAsync('declare const jwt: { sign(payload: object, secret: string): string };\n', "  return jwt.sign({}, 'secret');"),
    // The async counterparts themselves.
    inAsync(fsNs, "  return await fs.promises.readFile(p, 'utf8');"),
    inAsync("import { readFile } from 'node:fs/promises';\n", '  return await readFile(p);'),
    inAsync(fsNs, '  const dir = await fs.promises.opendir(p);\n  return await dir.read();'),
    inAsync(fsNs, '  fs.readFile(p, () => {});\n  fs.createReadStream(p).close();\n  fs.watch(p).close();'),
    inAsync(cryptoNs, '  crypto.randomBytes(16, () => {});'),
    inAsync(cryptoNs, "  crypto.sign('sha256', buf, 'key', () => {});"),
    inAsync(cryptoNs, "  crypto.verify('sha256', buf, 'key', buf, () => {});"),
    inAsync(cryptoNs, "  crypto.pbkdf2('pw', 'salt', 1, 32, 'sha256', () => {});"),
    inAsync(cryptoNs, '  return crypto.randomUUID();'),
    inAsync(zlibNs, '  zlib.gzip(buf, () => {});'),
    inAsync(cp, "  cp.exec('ls', () => {});\n  cp.spawn('ls');"),
    inAsync('', '  const view = new Int32Array(new SharedArrayBuffer(4));\n  Atomics.notify(view, 0);\n  Atomics.store(view, 0, 1);'),
    inAsync('', '  return JSON.parse(p);'),
    // Loops that are not busy-waits.
    inAsync("import { setTimeout as sleep } from 'node:timers/promises';\n", '  const end = Date.now() + 100;\n  while (Date.now() < end) { await sleep(10); }'),
    inAsync('declare function work(): void;\n', '  const deadline = Date.now() + 50;\n  while (Date.now() < deadline) { work(); }'),
    inAsync('', '  const end = Date.now() + 50;\n  while (Date.now() < end) { if (p) break; }'),
    inAsync('', '  let i = 0;\n  while (i < 10) { i++; }\n  for (let j = 0; j < 3; j++) {}'),
    inAsync('declare let ready: boolean;\n', '  while (!ready) {}'),
    // Interprocedural: helpers that do not block, or only later.
    inAsync(fsNs + 'export function schedule(path: string) { setTimeout(() => fs.writeFileSync(path, ""), 10); }\n', '  schedule(p);'),
    inAsync(fsNs + 'export async function readAsync(path: string) { return fs.promises.readFile(path); }\n', '  return readAsync(p);'),
    inAsync(fsNs + 'export function* readLines(path: string) { yield fs.readFileSync(path); }\n', '  return readLines(p);'),
    inAsync('declare function loadSync(path: string): string;\n', '  return loadSync(p);'),
    inAsync(fsNs + 'class Repo { load() { return fs.readFileSync("x"); } }\nfunction makeRepo() { return new Repo(); }\n', '  return makeRepo().load();'),
    inAsync('export function pure(x: number) { return x * 2; }\nexport function twice(x: number) { return pure(pure(x)); }\n', '  return twice(1);'),
    inAsync('export function recurse(n: number): number { return n <= 0 ? 0 : recurse(n - 1); }\n', '  return recurse(3);'),
    // Memoized lazy initialization blocks once, like start-up code: not followed through callers.
    inAsync(fsNs + 'const cache = new Map<string, string>();\nfunction load(name: string) {\n  let sql = cache.get(name);\n  if (sql === undefined) {\n    sql = fs.readFileSync(name, "utf8");\n    cache.set(name, sql);\n  }\n  return sql;\n}\n', '  return load(p);'),
    inAsync(fsNs + 'const cache = new Map<string, Buffer>();\nfunction load(name: string) {\n  if (!cache.has(name)) cache.set(name, fs.readFileSync(name));\n  return cache.get(name);\n}\n', '  return load(p);'),
    inAsync(fsNs + 'let template: string | undefined;\nfunction getTemplate() { return (template ??= fs.readFileSync("t.html", "utf8")); }\n', '  return getTemplate();'),
    inAsync(fsNs + 'class Templates {\n  private text?: string;\n  get() {\n    if (!this.text) this.text = fs.readFileSync("t.html", "utf8");\n    return this.text;\n  }\n}\n', '  return new Templates().get();'),
    // Options.
    {
      code: inAsync(fsNs + 'function readJson(path: string) { return fs.readFileSync(path, "utf8"); }\nfunction loadSettings() { return readJson("s.json"); }\n', '  return loadSettings();'),
      options: [{ maxDepth: 1 }],
    },
    {
      code: inAsync(fsNs + 'function readJson(path: string) { return fs.readFileSync(path, "utf8"); }\n', '  return readJson(p);'),
      options: [{ interprocedural: false }],
    },
    { code: inAsync(fsNs, '  return fs.existsSync(p);'), options: [{ allow: ['existsSync'] }] },
    { code: inAsync(fsNs, '  return fs.readFileSync(p);'), options: [{ allow: [{ from: 'package', package: 'fs', name: 'readFileSync' }] }] },
    { code: inAsync(fsNs, "  return fs.readFileSync(p, 'utf8');"), options: [{ allow: ['fs.readFileSync'] }] },
    {
      code: inAsync(fsNs + 'function readJson(path: string) { return fs.readFileSync(path, "utf8"); }\n', '  return readJson(p);'),
      options: [{ allow: [{ from: 'file', name: 'readJson' }] }],
    },
    { code: inAsync('', '  return JSON.parse(p);'), options: [{ additionalBlocking: [{ from: 'package', package: 'fs', name: 'parse' }] }] },
    { code: inAsync(fsNs, "  return fs.readFileSync(p, 'latin1');"), options: [{ ignoreFiles: ['**/fixtures/rule-tester/*'] }] },
  ],
  invalid: [
    // fs: namespace, default, named, renamed, import-equals, require.
    {
      code: inAsync(fsNs, "  const text = fs.readFileSync(p, 'utf8');\n  return text;"),
      errors: [
        {
          messageId: 'blocking',
          data: api('fs.readFileSync'),
          line: 3,
          column: 16,
          endColumn: 42,
          suggestions: [{ messageId: 'useFsPromises', data: { name: 'readFile' }, output: inAsync(fsNs, "  const text = await fs.promises.readFile(p, 'utf8');\n  return text;") }],
        },
      ],
    },
    {
      code: inAsync("import { readFileSync } from 'node:fs';\n", '  return readFileSync(p);'),
      errors: [
        {
          messageId: 'blocking',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'useFsPromises',
              output: inAsync("import { readFileSync } from 'node:fs';\nimport { readFile } from 'node:fs/promises';\n", '  return await readFile(p);'),
            },
          ],
        },
      ],
    },
    {
      code: inAsync("import { readFile, readFileSync } from 'fs';\n", '  readFile(p, () => {});\n  return readFileSync(p);'),
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          suggestions: [
            {
              messageId: 'useFsPromises',
              output: inAsync(
                "import { readFile, readFileSync } from 'fs';\nimport { readFile as readFileAsync } from 'fs/promises';\n",
                '  readFile(p, () => {});\n  return await readFileAsync(p);',
              ),
            },
          ],
        },
      ],
    },
    {
      code: inAsync("import { writeFileSync } from 'node:fs';\nimport { writeFile } from 'node:fs/promises';\n", "  writeFileSync(p, 'x');\n  await writeFile(p, 'y');"),
      errors: [
        {
          messageId: 'blocking',
          line: 4,
          suggestions: [
            {
              messageId: 'useFsPromises',
              output: inAsync("import { writeFileSync } from 'node:fs';\nimport { writeFile } from 'node:fs/promises';\n", "  await writeFile(p, 'x');\n  await writeFile(p, 'y');"),
            },
          ],
        },
      ],
    },
    {
      code: inAsync("import { readdirSync } from 'fs';\nimport * as fsp from 'fs/promises';\n", '  await fsp.access(p);\n  return readdirSync(p);'),
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          suggestions: [
            {
              messageId: 'useFsPromises',
              output: inAsync("import { readdirSync } from 'fs';\nimport * as fsp from 'fs/promises';\n", '  await fsp.access(p);\n  return await fsp.readdir(p);'),
            },
          ],
        },
      ],
    },
    {
      code: inAsync("import fs from 'node:fs';\n", '  fs.mkdirSync(p, { recursive: true });'),
      errors: [
        { messageId: 'blocking', line: 3, suggestions: [{ messageId: 'useFsPromises', output: inAsync("import fs from 'node:fs';\n", '  await fs.promises.mkdir(p, { recursive: true });') }] },
      ],
    },
    {
      code: inAsync("import { readFileSync as rf } from 'node:fs';\n", "  return rf(p, 'utf8');"),
      errors: [
        {
          messageId: 'blocking',
          suggestions: [
            { messageId: 'useFsPromises', output: inAsync("import { readFileSync as rf } from 'node:fs';\nimport { readFile } from 'node:fs/promises';\n", "  return await readFile(p, 'utf8');") },
          ],
        },
      ],
    },
    {
      code: inAsync("import fs = require('fs');\n", '  return fs.statSync(p).size;'),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: inAsync("import fs = require('fs');\n", '  return (await fs.promises.stat(p)).size;') }] }],
    },
    {
      code: inAsync(fsNs, '  return fs.readFileSync(p).toString();'),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: inAsync(fsNs, '  return (await fs.promises.readFile(p)).toString();') }] }],
    },
    // No same-type rewrite: throwIfNoEntry, descriptors, FileHandle-based APIs, user aliases.
    { code: inAsync(fsNs, '  return fs.statSync(p, { throwIfNoEntry: false });'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(fsNs, '  return fs.readFileSync(3);'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(fsNs, "  const fd = fs.openSync(p, 'r');\n  return fd;"), errors: [{ messageId: 'blocking', data: api('fs.openSync'), suggestions: [] }] },
    { code: inAsync(fsNs, '  fs.closeSync(3);'), errors: [{ messageId: 'blocking', data: api('fs.closeSync'), suggestions: [] }] },
    { code: inAsync(fsNs, '  return fs.realpathSync.native(p);'), errors: [{ messageId: 'blocking', data: api('fs.realpathSync.native'), suggestions: [] }] },
    { code: inAsync(fsNs, '  const read = fs.readFileSync;\n  return read(p);'), errors: [{ messageId: 'blocking', line: 4, suggestions: [] }] },
    { code: inAsync(fsNs, '  const { readFileSync } = fs;\n  return readFileSync(p);'), errors: [{ messageId: 'blocking', line: 4, suggestions: [{ messageId: 'useFsPromises', output: inAsync(fsNs + "import { readFile } from 'node:fs/promises';\n", '  const { readFileSync } = fs;\n  return await readFile(p);') }] }] },
    // existsSync: explained, access-based suggestion.
    {
      code: inAsync(fsNs, '  if (!fs.existsSync(p)) return;'),
      errors: [
        {
          messageId: 'existsSync',
          data: { name: 'fs.existsSync' },
          suggestions: [{ messageId: 'useAccess', output: inAsync(fsNs, '  if (!await fs.promises.access(p).then(() => true, () => false)) return;') }],
        },
      ],
    },
    {
      code: inAsync("import { existsSync } from 'node:fs';\n", '  return existsSync(p);'),
      errors: [
        {
          messageId: 'existsSync',
          suggestions: [
            { messageId: 'useAccess', output: inAsync("import { existsSync } from 'node:fs';\nimport { access } from 'node:fs/promises';\n", '  return await access(p).then(() => true, () => false);') },
          ],
        },
      ],
    },
    // Dir#readSync / Dir#closeSync.
    {
      code: inAsync(fsNs, '  const dir = fs.opendirSync(p);\n  const entry = dir.readSync();\n  dir.closeSync();\n  return entry;'),
      errors: [
        { messageId: 'blocking', line: 3, suggestions: [{ messageId: 'useFsPromises', output: inAsync(fsNs, '  const dir = await fs.promises.opendir(p);\n  const entry = dir.readSync();\n  dir.closeSync();\n  return entry;') }] },
        { messageId: 'blocking', line: 4, data: api('Dir#readSync'), suggestions: [{ messageId: 'useAwaitMethod', output: inAsync(fsNs, '  const dir = fs.opendirSync(p);\n  const entry = await dir.read();\n  dir.closeSync();\n  return entry;') }] },
        { messageId: 'blocking', line: 5, data: api('Dir#closeSync'), suggestions: [{ messageId: 'useAwaitMethod', output: inAsync(fsNs, '  const dir = fs.opendirSync(p);\n  const entry = dir.readSync();\n  await dir.close();\n  return entry;') }] },
      ],
    },
    // Async contexts: arrows, methods, async generators, callbacks that run immediately.
    {
      code: fsNs + 'export const load = async (p: string) => fs.readFileSync(p);\n',
      errors: [{ messageId: 'blocking', line: 2, column: 42, suggestions: [{ messageId: 'useFsPromises', output: fsNs + 'export const load = async (p: string) => await fs.promises.readFile(p);\n' }] }],
    },
    {
      code: fsNs + 'export class Repo {\n  constructor(private readonly path: string) {}\n  async load() { return fs.readFileSync(this.path); }\n}\n',
      errors: [{ messageId: 'blocking', line: 4, suggestions: [{ messageId: 'useFsPromises', output: fsNs + 'export class Repo {\n  constructor(private readonly path: string) {}\n  async load() { return await fs.promises.readFile(this.path); }\n}\n' }] }],
    },
    {
      code: fsNs + 'export async function* chunks(p: string) { yield fs.readFileSync(p); }\n',
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: fsNs + 'export async function* chunks(p: string) { yield await fs.promises.readFile(p); }\n' }] }],
    },
    { code: inAsync(fsNs, '  [p].forEach((f) => fs.unlinkSync(f));'), errors: [{ messageId: 'blocking', data: api('fs.unlinkSync'), suggestions: [] }] },
    { code: inAsync(fsNs, "  return [p].map((f) => fs.readFileSync(f, 'utf8'));"), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(fsNs, '  return new Set([p]).forEach((f) => fs.rmSync(f));'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(fsNs, '  return [p].filter((f) => fs.existsSync(f));'), errors: [{ messageId: 'existsSync', suggestions: [] }] },
    { code: inAsync(fsNs, '  return [p].sort((a, b) => fs.statSync(a).size - fs.statSync(b).size);'), errors: [{ messageId: 'blocking', suggestions: [] }, { messageId: 'blocking', suggestions: [] }] },
    {
      code: inAsync(fsNs, "  await new Promise<void>((resolve) => {\n    fs.writeFileSync(p, 'x');\n    resolve();\n  });"),
      errors: [{ messageId: 'blocking', line: 4, suggestions: [] }],
    },
    { code: inAsync(fsNs, '  (() => fs.rmSync(p))();'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    {
      code: inAsync(fsNs, '  [p].forEach(async (f) => fs.unlinkSync(f));'),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: inAsync(fsNs, '  [p].forEach(async (f) => await fs.promises.unlink(f));') }] }],
    },
    { code: fsNs + 'export function sync() { return (async () => fs.readFileSync("x"))(); }\n', errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: fsNs + 'export function sync() { return (async () => await fs.promises.readFile("x"))(); }\n' }] }] },
    // Default parameter values run in the async function, but `await` is not allowed there.
    { code: fsNs + 'export async function run(p = fs.readFileSync("x")) { return p; }\n', errors: [{ messageId: 'blocking', suggestions: [] }] },
    // child_process.
    {
      code: inAsync("import { execSync } from 'node:child_process';\n", "  const out = execSync('git status');\n  return out;"),
      errors: [
        {
          messageId: 'blocking',
          data: api('child_process.execSync'),
          suggestions: [
            {
              messageId: 'usePromisifiedExec',
              data: { name: 'exec' },
              output: inAsync(
                "import { execSync } from 'node:child_process';\nimport { exec } from 'node:child_process';\nimport { promisify } from 'node:util';\n",
                "  const out = (await promisify(exec)('git status', { encoding: 'buffer' })).stdout;\n  return out;",
              ),
            },
          ],
        },
      ],
    },
    {
      code: inAsync(cp, "  const out: string = cp.execSync('ls', { encoding: 'utf8', cwd: p });\n  return out;"),
      errors: [
        {
          messageId: 'blocking',
          suggestions: [
            {
              messageId: 'usePromisifiedExec',
              output: inAsync(cp + "import { promisify } from 'node:util';\n", "  const out: string = (await promisify(cp.exec)('ls', { encoding: 'utf8', cwd: p })).stdout;\n  return out;"),
            },
          ],
        },
      ],
    },
    {
      code: inAsync(cp + "import { promisify } from 'node:util';\n", "  cp.execSync('make');"),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisifiedExec', output: inAsync(cp + "import { promisify } from 'node:util';\n", "  await promisify(cp.exec)('make', { encoding: 'buffer' });") }] }],
    },
    { code: inAsync(cp, "  cp.execSync('npm ci', { stdio: 'inherit' });"), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(cp, "  return cp.execSync('ls', { input: 'x' });"), errors: [{ messageId: 'blocking', suggestions: [] }] },
    {
      code: inAsync(cp + "import * as util from 'node:util';\n", "  return cp.execFileSync('git', ['status']);"),
      errors: [
        {
          messageId: 'blocking',
          data: api('child_process.execFileSync'),
          suggestions: [{ messageId: 'usePromisifiedExec', data: { name: 'execFile' }, output: inAsync(cp + "import * as util from 'node:util';\n", "  return (await util.promisify(cp.execFile)('git', ['status'], { encoding: 'buffer' })).stdout;") }],
        },
      ],
    },
    { code: inAsync(cp, "  return cp.spawnSync('ls').status;"), errors: [{ messageId: 'blocking', data: api('child_process.spawnSync'), suggestions: [] }] },
    // zlib.
    {
      code: inAsync(zlibNs, '  return zlib.gzipSync(buf);'),
      errors: [
        {
          messageId: 'blocking',
          data: api('zlib.gzipSync'),
          suggestions: [{ messageId: 'usePromisified', data: { name: 'gzip' }, output: inAsync(zlibNs + "import { promisify } from 'node:util';\n", '  return await promisify(zlib.gzip)(buf);') }],
        },
      ],
    },
    {
      code: inAsync("import { gunzipSync } from 'zlib';\nimport { promisify } from 'util';\n", '  return gunzipSync(buf).length;'),
      errors: [
        {
          messageId: 'blocking',
          suggestions: [
            {
              messageId: 'usePromisified',
              output: inAsync("import { gunzipSync } from 'zlib';\nimport { promisify } from 'util';\nimport { gunzip } from 'zlib';\n", '  return (await promisify(gunzip)(buf)).length;'),
            },
          ],
        },
      ],
    },
    {
      code: inAsync(zlibNs, '  return zlib.brotliCompressSync(buf, {});'),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: inAsync(zlibNs + "import { promisify } from 'node:util';\n", '  return await promisify(zlib.brotliCompress)(buf, {});') }] }],
    },
    { code: inAsync(zlibNs, '  return [buf].map((b) => zlib.inflateSync(b));'), errors: [{ messageId: 'blocking', data: api('zlib.inflateSync'), suggestions: [] }] },
    // crypto.
    {
      code: inAsync(cryptoNs, "  return crypto.pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512');"),
      errors: [
        {
          messageId: 'blocking',
          data: api('crypto.pbkdf2Sync'),
          suggestions: [{ messageId: 'usePromisified', output: inAsync(cryptoNs + "import { promisify } from 'node:util';\n", "  return await promisify(crypto.pbkdf2)('pw', 'salt', 100000, 64, 'sha512');") }],
        },
      ],
    },
    { code: inAsync(cryptoNs, "  return crypto.scryptSync('pw', 'salt', 64);"), errors: [{ messageId: 'blocking', data: api('crypto.scryptSync'), suggestions: [] }] },
    { code: inAsync(cryptoNs, '  return crypto.randomFillSync(new Uint8Array(8));'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(cryptoNs, '  return crypto.generatePrimeSync(64);'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    { code: inAsync(cryptoNs, '  return crypto.checkPrimeSync(buf);'), errors: [{ messageId: 'blocking', suggestions: [] }] },
    {
      code: inAsync("import { randomBytes } from 'node:crypto';\n", "  return randomBytes(32).toString('hex');"),
      errors: [
        {
          messageId: 'blocking',
          data: api('crypto.randomBytes'),
          suggestions: [
            { messageId: 'usePromisified', data: { name: 'randomBytes' }, output: inAsync("import { randomBytes } from 'node:crypto';\nimport { promisify } from 'node:util';\n", "  return (await promisify(randomBytes)(32)).toString('hex');") },
          ],
        },
      ],
    },
    {
      code: inAsync(cryptoNs, "  return crypto.sign('sha256', buf, 'key');"),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: inAsync(cryptoNs + "import { promisify } from 'node:util';\n", "  return await promisify(crypto.sign)('sha256', buf, 'key');") }] }],
    },
    {
      code: inAsync(cryptoNs, "  return crypto.verify('sha256', buf, 'key', buf);"),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: inAsync(cryptoNs + "import { promisify } from 'node:util';\n", "  return await promisify(crypto.verify)('sha256', buf, 'key', buf);") }] }],
    },
    {
      code: inAsync(cryptoNs, "  return crypto.hkdfSync('sha256', 'key', 'salt', 'info', 32);"),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: inAsync(cryptoNs + "import { promisify } from 'node:util';\n", "  return await promisify(crypto.hkdf)('sha256', 'key', 'salt', 'info', 32);") }] }],
    },
    {
      code: inAsync(cryptoNs, "  return crypto.generateKeySync('hmac', { length: 64 });"),
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: inAsync(cryptoNs + "import { promisify } from 'node:util';\n", "  return await promisify(crypto.generateKey)('hmac', { length: 64 });") }] }],
    },
    // Atomics.wait (this project's lib has no Atomics.waitAsync: message only).
    { code: inAsync('', '  const view = new Int32Array(new SharedArrayBuffer(4));\n  return Atomics.wait(view, 0, 0, 100);'), errors: [{ messageId: 'blocking', line: 3, data: api('Atomics.wait'), suggestions: [] }] },
    // Busy-waits.
    {
      code: inAsync('', '  const end = Date.now() + 100;\n  while (Date.now() < end) {}'),
      errors: [
        {
          messageId: 'busyWait',
          line: 3,
          column: 3,
          suggestions: [{ messageId: 'useTimersSleep', output: inAsync("import { setTimeout as sleep } from 'node:timers/promises';\n", '  const end = Date.now() + 100;\n  await sleep(Math.max(0, end - Date.now()));') }],
        },
      ],
    },
    {
      code: inAsync(fsNs, '  const start = Date.now();\n  while (Date.now() - start < 50);'),
      errors: [
        {
          messageId: 'busyWait',
          suggestions: [{ messageId: 'useTimersSleep', output: inAsync(fsNs + "import { setTimeout as sleep } from 'node:timers/promises';\n", '  const start = Date.now();\n  await sleep(Math.max(0, 50 - (Date.now() - start)));') }],
        },
      ],
    },
    {
      code: inAsync("import { setTimeout as wait } from 'node:timers/promises';\n", '  const deadline = performance.now() + 5;\n  for (; deadline > performance.now(); ) {}\n  await wait(1);'),
      errors: [
        {
          messageId: 'busyWait',
          suggestions: [{ messageId: 'useTimersSleep', output: inAsync("import { setTimeout as wait } from 'node:timers/promises';\n", '  const deadline = performance.now() + 5;\n  await wait(Math.max(0, deadline - performance.now()));\n  await wait(1);') }],
        },
      ],
    },
    { code: inAsync('', '  const end = Date.now() + 5;\n  while (new Date().getTime() < end) {}'), errors: [{ messageId: 'busyWait', suggestions: [] }] },
    { code: inAsync('', '  const end = new Date(Date.now() + 5);\n  while (new Date() < end) {}'), errors: [{ messageId: 'busyWait', suggestions: [] }] },
    { code: inAsync('', '  const end = Date.now() + 5;\n  do {} while (Date.now() < end);'), errors: [{ messageId: 'busyWait', suggestions: [] }] },
    { code: inAsync('', '  let spins = 0;\n  const end = Date.now() + 5;\n  while (Date.now() < end) { spins++; }\n  return spins;'), errors: [{ messageId: 'busyWait', line: 4, suggestions: [] }] },
    // Interprocedural: the chain is named, no fix.
    {
      code: inAsync(
        fsNs + 'function readJson(path: string) { return JSON.parse(fs.readFileSync(path, "utf8")); }\nexport function loadSettings() { return readJson("settings.json"); }\n',
        '  return loadSettings();',
      ),
      errors: [
        {
          messageId: 'blockingHelper',
          line: 5,
          column: 10,
          data: helper('loadSettings → readJson → fs.readFileSync'),
        },
      ],
    },
    {
      code: inAsync(cp + 'const gitRev = () => cp.execSync("git rev-parse HEAD").toString();\n', '  return gitRev();'),
      errors: [{ messageId: 'blockingHelper', data: helper('gitRev → child_process.execSync') }],
    },
    {
      code: fsNs + 'export class Config {\n  read() { return fs.readFileSync("c.json"); }\n  async reload() { return this.read(); }\n}\n',
      errors: [{ messageId: 'blockingHelper', line: 4, data: helper('read → fs.readFileSync') }],
    },
    {
      code: fsNs + 'class Config {\n  data: Buffer;\n  constructor() { this.data = fs.readFileSync("c.json"); }\n}\nexport async function handle() { return new Config(); }\n',
      errors: [{ messageId: 'blockingHelper', line: 6, data: helper('new Config → fs.readFileSync') }],
    },
    {
      code: inAsync('function sleepSync(ms: number) { const end = Date.now() + ms; while (Date.now() < end) {} }\n', '  sleepSync(10);'),
      errors: [{ messageId: 'blockingHelper', data: helper('sleepSync → busy-wait loop') }],
    },
    {
      code: inAsync(zlibNs + 'function pack(items: Buffer[]) { return items.map((b) => zlib.deflateSync(b)); }\n', '  return pack([buf]);'),
      errors: [{ messageId: 'blockingHelper', data: helper('pack → zlib.deflateSync') }],
    },
    {
      code: inAsync(
        fsNs + 'function a(n: number): string { return n > 0 ? b(n - 1) : c(); }\nfunction b(n: number): string { return a(n); }\nfunction c() { return fs.readFileSync("x", "utf8"); }\n',
        '  return b(3);',
      ),
      errors: [{ messageId: 'blockingHelper', data: helper('b → a → c → fs.readFileSync') }],
    },
    {
      code: inAsync(fsNs + 'function readJson(path: string) { return fs.readFileSync(path, "utf8"); }\n', '  return [p].map((f) => readJson(f));'),
      errors: [{ messageId: 'blockingHelper', data: helper('readJson → fs.readFileSync') }],
    },
    {
      code: inAsync(
        fsNs + 'function l4() { return fs.readFileSync("x"); }\nfunction l3() { return l4(); }\nfunction l2() { return l3(); }\nfunction l1() { return l2(); }\n',
        '  return l1();',
      ),
      options: [{ maxDepth: 4 }],
      errors: [{ messageId: 'blockingHelper', data: helper('l1 → l2 → l3 → l4 → fs.readFileSync') }],
    },
    {
      code: inAsync(fsNs + 'function save(path: string, force: boolean) {\n  if (!force) fs.writeFileSync(path, "");\n}\n', '  save(p, false);'),
      errors: [{ messageId: 'blockingHelper', line: 6, data: helper('save → fs.writeFileSync') }],
    },
    // Options.
    { code: inAsync('', '  return JSON.parse(p);'), options: [{ additionalBlocking: [{ from: 'lib', name: 'JSON.parse' }] }], errors: [{ messageId: 'blockingConfigured', data: { name: 'JSON.parse' } }] },
    {
      code: inAsync('declare function compressBlocking(data: Buffer): Buffer;\n', '  return compressBlocking(buf);'),
      options: [{ additionalBlocking: ['compressBlocking'] }],
      errors: [{ messageId: 'blockingConfigured', data: { name: 'compressBlocking' } }],
    },
    {
      code: inAsync('declare function compressBlocking(data: Buffer): Buffer;\nfunction pack(data: Buffer) { return compressBlocking(data); }\n', '  return pack(buf);'),
      options: [{ additionalBlocking: [{ from: 'file', name: 'compressBlocking' }] }],
      errors: [{ messageId: 'blockingHelper', data: helper('pack → compressBlocking') }],
    },
    {
      code: inAsync(fsNs, '  fs.existsSync(p);\n  return fs.readFileSync(p);'),
      options: [{ allow: ['existsSync'] }],
      errors: [{ messageId: 'blocking', line: 4, suggestions: [{ messageId: 'useFsPromises', output: inAsync(fsNs, '  fs.existsSync(p);\n  return await fs.promises.readFile(p);') }] }],
    },
  ],
});

createUntypedRuleTester().run('no-blocking-in-async (no type information)', noBlockingInAsync, {
  valid: [
    'async function f(fs) { return fs.readFileSync("x"); }',
    'const fs = require("fs");\nasync function f() { const fs = makeFs(); return fs.readFileSync("x"); }',
    'async function f() { return local.readFileSync("x"); }',
    'async function f() { return fs.readFileSync("x"); }',
    'const lib = require("some-lib");\nasync function f() { return lib.readFileSync("x"); }',
    'import { readFile } from "fs";\nasync function f() { readFile("x", () => {}); }',
    'const { randomBytes } = require("crypto");\nasync function f() { randomBytes(16, () => {}); }',
    'const fs = require("fs");\nfunction f() { return fs.readFileSync("x"); }',
    'const fs = require("fs");\nasync function f() { setTimeout(() => fs.readFileSync("x"), 1); }',
    'const Atomics = { wait() {} };\nasync function f() { Atomics.wait(); }',
    'async function f() { const Date = { now: () => 0 }; while (Date.now() < 5) {} }',
    { code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }', filename: 'src/loader.test.js' },
    { code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }', filename: 'test/helpers.js' },
    { code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }', filename: 'src/__tests__/loader.js' },
    { code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }', filename: 'src/loader.spec.ts' },
  ],
  invalid: [
    {
      code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }',
      errors: [{ messageId: 'blocking', line: 2, column: 29, suggestions: [{ messageId: 'useFsPromises', output: 'const fs = require("fs");\nasync function f() { return await fs.promises.readFile("x"); }' }] }],
    },
    {
      code: 'const { execSync } = require("child_process");\nasync function f() { return execSync("ls"); }',
      errors: [
        {
          messageId: 'blocking',
          suggestions: [
            {
              messageId: 'usePromisifiedExec',
              output: 'const { execSync } = require("child_process");\nconst { exec } = require(\'child_process\');\nconst { promisify } = require(\'util\');\nasync function f() { return (await promisify(exec)("ls", { encoding: \'buffer\' })).stdout; }',
            },
          ],
        },
      ],
    },
    {
      code: 'import { readFileSync } from "node:fs";\nexport async function f() { return readFileSync("x"); }',
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: 'import { readFileSync } from "node:fs";\nimport { readFile } from \'node:fs/promises\';\nexport async function f() { return await readFile("x"); }' }] }],
    },
    {
      code: 'async function f() { return require("fs").readdirSync("."); }',
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: 'async function f() { return await require("fs").promises.readdir("."); }' }] }],
    },
    {
      code: 'const view = new Int32Array(new SharedArrayBuffer(4));\nasync function f() { return Atomics.wait(view, 0, 0, 5); }',
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useWaitAsync', output: 'const view = new Int32Array(new SharedArrayBuffer(4));\nasync function f() { return await Atomics.waitAsync(view, 0, 0, 5).value; }' }] }],
    },
    {
      code: 'async function f(end) { while (Date.now() < end) {} }',
      errors: [{ messageId: 'busyWait', suggestions: [{ messageId: 'useTimersSleep', output: "import { setTimeout as sleep } from 'node:timers/promises';\nasync function f(end) { await sleep(Math.max(0, end - Date.now())); }" }] }],
    },
    {
      code: 'const crypto = require("node:crypto");\nasync function f() { return crypto.randomBytes(8); }',
      errors: [
        { messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: 'const crypto = require("node:crypto");\nconst { promisify } = require(\'node:util\');\nasync function f() { return await promisify(crypto.randomBytes)(8); }' }] },
      ],
    },
    {
      code: 'const fs = require("fs");\nasync function f(files) { files.forEach((f) => fs.unlinkSync(f)); }',
      errors: [{ messageId: 'blocking', suggestions: [] }],
    },
    {
      code: 'const { gzipSync } = require("zlib");\nasync function f(b) { return gzipSync(b); }',
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'usePromisified', output: 'const { gzipSync } = require("zlib");\nconst { gzip } = require(\'zlib\');\nconst { promisify } = require(\'util\');\nasync function f(b) { return await promisify(gzip)(b); }' }] }],
    },
    {
      code: 'const fs = require("fs");\nasync function f() { return fs.readFileSync("x"); }',
      filename: 'src/loader.test.js',
      options: [{ ignoreFiles: [] }],
      errors: [{ messageId: 'blocking', suggestions: [{ messageId: 'useFsPromises', output: 'const fs = require("fs");\nasync function f() { return await fs.promises.readFile("x"); }' }] }],
    },
  ],
});

describe('no-blocking-in-async ignoreFiles', () => {
  it('matches test globs relative to the project, so a project under a test/ folder is still linted', () => {
    assert.equal(isIgnoredFile('/home/test/service/src/app.ts', DEFAULT_IGNORE_FILES, '/home/test/service'), false);
    assert.equal(isIgnoredFile('/home/test/service/test/app.ts', DEFAULT_IGNORE_FILES, '/home/test/service'), true);
    assert.equal(isIgnoredFile('/home/me/service/src/app.spec.ts', DEFAULT_IGNORE_FILES, '/home/me/service'), true);
    assert.equal(isIgnoredFile('/home/me/service/src/__tests__/app.ts', DEFAULT_IGNORE_FILES, '/home/me/service'), true);
    assert.equal(isIgnoredFile('/elsewhere/tests/app.ts', DEFAULT_IGNORE_FILES, '/home/me/service'), true);
  });
});
