/**
 * RuleTester suite for async-pitfalls/no-floating-promise: message ids, positions and the output
 * of every suggestion. Samples are linted as fixtures/rule-tester/file.ts (CommonJS under
 * nodenext, so top-level `await` is not legal there and only `void`/`.catch` are offered).
 * Shapes from typescript-eslint issues are marked with their number.
 */
import { noFloatingPromise } from '../../rules/no-floating-promise.js';
import { createTypedRuleTester } from '../helpers/rule-tester.js';

const H = '(error: unknown) => { console.error(error); }';
/** Three lines of declarations: samples start on line 4. */
const D = 'declare function save(): Promise<void>;\ndeclare function load(): Promise<number>;\ndeclare const cond: boolean;\n';
/** `D` plus an async function whose body (one line) is line 5, column 3. */
const inAsync = (body: string): string => `${D}async function run() {\n  ${body}\n}\n`;
/** `D` plus a sync function whose body (one line) is line 5, column 3. */
const inSync = (body: string): string => `${D}function run() {\n  ${body}\n}\n`;

function replaced(code: string, from: string, to: string): string {
  const index = code.lastIndexOf(from);
  if (index < 0) throw new Error(`sample does not contain ${from}`);
  return code.slice(0, index) + to + code.slice(index + from.length);
}
type Id = 'addAwait' | 'addVoid' | 'addCatch' | 'awaitAll' | 'voidAll';
const s = (messageId: Id, code: string, from: string, to: string) => ({ messageId, output: replaced(code, from, to) });
/** The usual three suggestions for statement `stmt` (expression text `expr`) in `code`. */
function awaitVoidCatch(code: string, stmt: string, options: { await?: boolean; catchOn?: [string, string] | null; voidText?: string } = {}) {
  const expr = stmt.replace(/;$/, '');
  const list = [];
  if (options.await !== false) list.push(s('addAwait', code, stmt, `await ${stmt}`));
  list.push(s('addVoid', code, stmt, options.voidText ?? `void ${stmt}`));
  if (options.catchOn !== null) {
    const [from, to] = options.catchOn ?? [expr, `${expr}.catch(${H})`];
    list.push(s('addCatch', code, from, to));
  }
  return list;
}

const c1 = D + 'save();';
const c2 = inAsync('save();');
const c3 = `class Store {\n  async flush(): Promise<void> {}\n  async run() {\n    this.flush();\n  }\n}\n`;
const c4 = `declare const cb: (() => Promise<void>) | undefined;\nasync function run() {\n  cb?.();\n}\n`;
const c5 = `const doSomething = async (callback?: () => Promise<void>): Promise<void> => {\n  callback?.();\n};\n\ndoSomething();\n`;
const c6 = D + 'new Promise<void>((resolve) => resolve());';
const c7 = D + 'cond && save();';
const c8 = D + 'cond ? save() : load();';
const c9 = D + 'cond ? save() : null;';
const c10 = D + 'save(), 1;';
const c11 = D + '(async () => { await save(); })();';
const c12 = inAsync('[save(), load()];');
const c13 = D + '[save(), load()];';
const c14 = `declare const ids: string[];\ndeclare function save(id: string): Promise<void>;\nasync function run() {\n  ids.map(async (id) => { await save(id); });\n}\n`;
const c15 = inAsync('save().then(() => {});');
const c16 = inAsync('save().catch();');
const c17 = inAsync('save().catch(undefined);');
const c18 = inAsync('save().then(() => {}, null);');
const c19 = inAsync('save().finally(() => {});');
const c20 = inAsync('save().then(() => {}).finally(() => {});');
const c21 = `${D}async function run() {\n  try {\n    save();\n  } catch {\n    console.log('failed');\n  }\n}\n`;
const c22 = `${D}function run() {\n  try {\n    save();\n  } catch (error) {\n    console.log(error);\n  }\n}\n`;
const c23 = `${D}async function run() {\n  try {\n    save();\n  } finally {\n    console.log('done');\n  }\n}\n`;
const c24 = `${D}(async () => {\n  try {\n    await save();\n  } catch (error) {\n    throw error;\n  }\n})();\n`;
const c25 = `${D}async function work() {\n  await save();\n  try { await load(); } catch {}\n}\nwork();\n`;
const c26 = `${D}async function work() {\n  try { await save(); } catch { await load(); }\n}\nwork();\n`;
const c27 = `class Task extends Promise<void> {}\ndeclare function task(): Task;\ntask();\n`;
const c28 = `type Job = Promise<void>;\ndeclare function job(): Job;\njob();\n`;
const c29 = `declare function branded(): Promise<void> & { id: string };\nbranded();\n`;
const c30 = `declare function maybe(): Promise<void> | number;\nmaybe();\n`;
const c31 = `function wait<T extends Promise<void>>(p: T) {\n  p;\n}\n`;
const thenable = `interface Thenable { then(onfulfilled: (v: number) => void, onrejected: (e: unknown) => void): void }\ndeclare function mk(): Thenable;\n`;
const c32 = thenable + 'mk();';
const c33 = inAsync('void save();');
const c34 = D + 'void save();';
const c35 = D + '[1].forEach(() => void save());';
const c36 = inAsync('const pending = save();');
const c37 = `function test() {\n  const a = Promise.resolve();\n  return (null === a) ? 1 : 2;\n}\n`;
const c38 = `${D}async function run() {\n  let pending = save();\n  pending = load().then(() => undefined);\n}\n`;
const c39 = `${D}function run() {\n  const p = save();\n  if (typeof p === 'undefined' || !p) return;\n}\n`;
const c40 = `declare const ids: string[];\ndeclare function save(id: string): Promise<void>;\nasync function run() {\n  const all = ids.map(async (id) => { await save(id); });\n}\n`;
const c41 = `declare function safe(): Promise<void>;\ndeclare function other(): Promise<void>;\nsafe();\nother();\n`;
const c42 = inAsync('await [save()];');
const c43 = `declare const obj: { run(): Promise<void> };\nobj['run']();\n`;
const c44 = `declare function sql(s: TemplateStringsArray): Promise<void>;\nsql\`select 1\`;\n`;
const c45 = inAsync('(save() as Promise<void>);');
const c46 = `${D}async function outer() {\n  function inner() {\n    save();\n  }\n  inner();\n}\n`;
const c47 = `${D}const go = async () => {\n  save();\n};\n`;
const c48 = `${D}class Widget {\n  handler = () => {\n    save();\n  };\n}\n`;
const c49 = `Promise.reject(new Error('x'));\n`;
const c50 = `${D}Promise.all([save(), load()]);\n`;
const c51 = D + 'cond ? save() : undefined;';
const c52 = `${D}declare const started: Promise<void> | undefined;\nstarted ?? save();\n`;
const c53 = `${D}declare const started: Promise<void>;\nstarted || save();\n`;
const c54 = D + 'save() && load();';
const c55 = `declare const api: { send(message: string): Promise<void> };\nfunction notify() {\n  try {\n    api.send('x');\n  } catch {\n    console.log('send failed');\n  }\n}\n`;
const c56 = `declare const p: Promise<void>;\np;\n`;
const c57 = `class Holder {\n  p = Promise.resolve();\n  touch() {\n    this.p;\n  }\n}\n`;
const c58 = `${D}async function run() {\n  [1, 2].forEach(() => {\n    save();\n  });\n}\n`;
const c59 = `${D}setTimeout(() => {\n  save();\n}, 10);\n`;
const c60 = D + 'void (save(), 1);';
const c61 = `declare const pair: [Promise<void>, number];\nasync function run() {\n  pair;\n}\n`;
const c62 = `declare const ro: readonly Promise<void>[];\nro;\n`;
const c63 = inAsync('save().catch(null);');
const c64 = D + 'save();';
const c65 = `type SafePromise = Promise<void> & { __safe?: true };\ndeclare function safe(): SafePromise;\ndeclare function save(): Promise<void>;\nsafe();\nsave();\n`;
const c66 = `declare function save(): Promise<void>;\nlet go = async () => {\n  try { await save(); } catch {}\n};\ngo();\n`;
const c67 = `declare function save(): Promise<void>;\nasync function work(x = save()) {\n  try { await x; } catch {}\n}\nwork();\n`;
const c68 = `function describe(name: string, fn: () => void): Promise<void> {\n  fn();\n  return Promise.resolve();\n}\ndescribe('x', () => {});\n`;
const c69 = `${D}async function run() {\n  try {\n    cond && save();\n  } catch {}\n}\n`;
const c70 = `Promise.race([Promise.resolve(1)]);\n`;
const c71 = inAsync('save()!;');
const c72 = `${D}class Service {\n  private async refresh(): Promise<void> {\n    await save();\n  }\n  start() {\n    this.refresh();\n  }\n}\n`;
const c73 = `declare const queue: { add(job: string): Promise<void> }[];\nqueue[0]!.add('job');\n`;
const c74 = `${D}async function run() {\n  const a = save(), b = load();\n  await b;\n}\n`;
const c75 = `${D}for (const x of [1, 2]) {\n  save();\n}\n`;
const c76 = `${D}async function run() {\n  switch (1 as number) {\n    case 1:\n      save();\n      break;\n  }\n}\n`;
const c77 = `${D}async function run() {\n  if (cond) save();\n}\n`;
const c78 = `${D}async function* gen() {\n  save();\n}\n`;
const c79 = `${D}const obj = {\n  async method() {\n    save();\n  },\n};\n`;
const c80 = `${D}class Init {\n  static {\n    save();\n  }\n}\n`;
const c81 = `${D}async function run() {\n  (async () => {\n    await save();\n  })();\n}\n`;
const c82 = `${D}async function run() {\n  save().then(() => load());\n}\n`;
const c83 = `${D}async function run() {\n  try {\n    try {\n      save();\n    } finally {\n      console.log('inner');\n    }\n  } catch {\n    console.log('outer');\n  }\n}\n`;
const c84 = inAsync('const saved = save().finally(() => {});');
const c86 = `${D}function respond(response: { end(data: string): void }) {\n  (async () => {\n    try { await save(); } catch {}\n    response.end(JSON.stringify({}));\n  })();\n}\n`;
const c87 = `${D}async function work() {\n  try { await save(); } catch (e) { return load(); }\n}\nwork();\n`;
const c88 = `${D}async function work() {\n  try { await save(); } catch (e) { console.log(new Error('wrapped')); }\n}\nwork();\n`;
const c89 = `${D}function wrap(value: Promise<void>) {\n  return value.then(() => {});\n}\ndeclare const stored: Promise<void>;\nwrap(stored);\n`;
const c90 = `${D}declare const queue: Promise<void>[];\nasync function run() {\n  queue.shift();\n  queue.slice(1);\n}\n`;
const c91 = `declare const client: { cluster(cmd: string, cb?: (value: string) => void): Promise<string> };\nclient.cluster('INFO', (value) => { console.log(value); });\n`;
const c92 = inAsync('save().then(undefined, undefined);');
const c85 = `${D}async function run() {\n  new Promise<void>((resolve) => setTimeout(resolve, 10));\n}\n`;
// Maybe-promises (`void | Promise<void>`) are reported only with checkMaybePromises.
const c93 = `declare const raw: { destroy(): void | Promise<void> };\nraw.destroy();\n`;
const c94 = `interface Thenable { then(ok: (v: number) => void, err: (e: unknown) => void): void }\ndeclare function either(): Promise<void> | Thenable;\neither();\n`;
// Chains that could still reject: the callback throws, returns a promise, awaits outside a try; `Promise.all` rejects.
const ps = 'declare const ps: Promise<void>[];\n';
const c95 = `${ps}Promise.allSettled(ps).then(() => {\n  throw new Error('x');\n});\n`;
const c96 = `${D}${ps}Promise.allSettled(ps).then(() => save());\n`;
const c97 = `${D}${ps}Promise.allSettled(ps).then(async () => {\n  await save();\n});\n`;
const c98 = `${ps}Promise.all(ps).then(() => console.log('all done'));\n`;
const c99 = `${D}save().catch(() => {}).then(() => {\n  throw new Error('x');\n});\n`;
const c100 = `${ps}Promise.allSettled(ps).then(({ length }) => length);\n`;
// Not a promise the receiver already held: written outside the constructor, an async method, a getter, another promise returned.
const c101 = `${D}class Connection {\n  ready?: Promise<void>;\n  ensure(): Promise<void> {\n    this.ready ??= save();\n    return this.ready;\n  }\n  poke() {\n    this.ensure();\n  }\n}\n`;
const c102 = `${D}class Connection {\n  ready = save();\n  async whenReady(): Promise<void> {\n    return this.ready;\n  }\n  poke() {\n    this.whenReady();\n  }\n}\n`;
const c103 = `${D}class Connection {\n  get ready(): Promise<void> {\n    return save();\n  }\n  whenReady(): Promise<void> {\n    return this.ready;\n  }\n  poke() {\n    this.whenReady();\n  }\n}\n`;
const c104 = `${D}class Connection {\n  ready = save();\n  whenReady(fresh: boolean): Promise<void> {\n    if (fresh) return save();\n    return this.ready;\n  }\n  poke() {\n    this.whenReady(true);\n  }\n}\n`;
// The callee's written return types are read before resolving a call (`count(): number` needs no
// resolution); a mapped type's members keep the declarations they were mapped from, and an
// overload set may mix primitives and promises: both must still be resolved.
const c106 = `interface Store {\n  count(): number;\n}\ntype Remote<T> = { [K in keyof T]: () => Promise<void> };\ndeclare const remote: Remote<Store>;\nremote.count();\n`;
const c107 = `declare function send(now: true): number;\ndeclare function send(now: false): Promise<number>;\nsend(false);\n`;
const c105 = `${D}class Connection {\n  ready = save();\n  restart() {\n    this.ready = save();\n  }\n  whenReady(): Promise<void> {\n    return this.ready;\n  }\n  poke() {\n    this.whenReady();\n  }\n}\n`;

createTypedRuleTester().run('no-floating-promise', noFloatingPromise, {
  valid: [
    inAsync('await save();'),
    inAsync('return save();'),
    D + 'void save();',
    D + 'save().catch(() => {});',
    D + 'save().then(() => {}, () => {});',
    D + 'save().catch(console.error);',
    // typescript-eslint #1603: .finally after a handled chain.
    D + 'save().then(() => {}).catch(() => {}).finally(() => {});',
    D + 'save().catch(() => {}).finally(() => {});',
    inAsync('const p = save(); await p;'),
    inSync('const p = save(); return p;'),
    D + 'const p = save(); p.catch(() => {});',
    `${D}const list: Promise<void>[] = [];\nconst p = save();\nlist.push(p);`,
    D + 'const _ignored = save();',
    D + 'export const started = save();',
    { code: D + '(async () => { await save(); })();', options: [{ ignoreIIFE: true }] },
    D + '(function () { return 1; })();',
    // The false alarms: async IIFE / function whose whole body is try/catch with a catch that cannot throw.
    `${D}(async () => {\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n  }\n})();`,
    `${D}async function safeRun() {\n  try {\n    await save();\n  } catch (e) {\n    console.log('failed', e);\n  }\n}\nsafeRun();`,
    `${D}class Poller {\n  private async tick() {\n    try {\n      await save();\n    } catch (e) {\n      this.log(e);\n    }\n  }\n  log(_e: unknown) {}\n  start() {\n    this.tick();\n  }\n}`,
    `${D}const go = async () => {\n  try { await save(); } catch {}\n};\ngo();`,
    `${D}let lastError = '';\nasync function attempt() {\n  try {\n    await save();\n  } catch (e) {\n    if (e instanceof Error) {\n      lastError = e.message;\n    } else {\n      lastError = String(e);\n    }\n  }\n}\nattempt();`,
    `${D}async function withFinally() {\n  try {\n    await save();\n  } catch (e) {\n    console.warn(\`failed: \${String(e)}\`);\n  } finally {\n    console.log('done');\n  }\n}\nwithFinally();`,
    `${D}const sink = { report(_e: unknown): void {} };\nasync function reported() {\n  try {\n    await save();\n  } catch (e) {\n    sink.report(e);\n    return;\n  }\n}\nreported();`,
    // The "has it started" idiom: a condition whose type includes undefined.
    `${D}let closing: Promise<void> | undefined;\nclosing || (closing = save());`,
    `${D}class Conn {\n  closing?: Promise<void>;\n  stop() {\n    if (!this.closing) this.closing = save();\n  }\n}`,
    `${D}class Conn {\n  closing?: Promise<void>;\n  stop() {\n    this.closing && this.closing.then(() => {}, () => {});\n  }\n}`,
    `${D}let closing: Promise<void> | undefined;\nclosing ?? (closing = save());`,
    `${D}let x: Promise<void>;\nx = save();`,
    `${D}const obj: { p?: Promise<void> } = {};\nobj.p = save();`,
    `${D}let a: Promise<void> | undefined;\na ??= save();`,
    'declare function num(): number;\nnum();',
    'declare const anyFn: any;\nanyFn();',
    'declare function u(): unknown;\nu();',
    thenable + 'mk();',
    `import { test, describe, it } from 'node:test';\ntest('x', () => {});\ndescribe('s', () => {\n  it('a', () => {});\n});`,
    // typescript-eslint #10740 and Node #51292: node:test's .only/.skip/.todo variants.
    `import { test, describe, it } from 'node:test';\ntest.only('x', () => {});\nit.skip('y', () => {});\ndescribe.todo('z');`,
    `import test from 'node:test';\ntest('x', () => {});`,
    `import * as nodeTest from 'node:test';\nnodeTest.test('x', () => {});\nnodeTest.describe('s', () => {});`,
    `import { it as spec } from 'node:test';\nspec('x', () => {});`,
    `import { suite } from 'node:test';\nsuite('x', () => {});`,
    `import { test } from 'node:test';\ntest('outer', (t) => {\n  t.test('inner', () => {});\n});`,
    { code: 'declare function safe(): Promise<void>;\nsafe();', options: [{ allowForKnownSafeCalls: ['safe'] }] },
    { code: 'declare function safe(): Promise<void>;\nsafe();', options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'safe' }] }] },
    {
      code: 'type SafePromise = Promise<void> & { __safe?: true };\ndeclare function safe(): SafePromise;\nsafe();',
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] }],
    },
    { code: D + 'save();', options: [{ allowForKnownSafePromises: [{ from: 'lib', name: 'Promise' }] }] },
    'async function* gen() {}\ngen();',
    inAsync('await Promise.all([save(), load()]);'),
    '[1, 2].map((n) => n * 2);',
    'declare const ps: Promise<void>[];\nasync function run() {\n  await Promise.all(ps);\n}',
    "'use strict';",
    'const holder: { p?: Promise<void> } = {};\ndelete holder.p;',
    D + 'typeof save();',
    D + 'save;',
    'new Date();',
    inAsync('return await save();'),
    D + 'const f = () => save();\nf;',
    D + '[1].forEach(() => void save());',
    D + 'declare const fail: (e: unknown) => void;\nsave().then(() => {}, fail);',
    D + 'declare const anyHandler: any;\nsave().catch(anyHandler);',
    D + 'declare const handlers: [(e: unknown) => void];\nsave().catch(...handlers);',
    D + "save()['catch'](() => {});",
    // ttsc #794: an optional chain ending in .catch(handler).
    'declare const maybe: { run(): Promise<void> } | undefined;\nmaybe?.run().catch(console.error);',
    D + 'cond ? save().catch(() => {}) : load().catch(() => {});',
    D + 'cond && save().catch(() => {});',
    D + '(save().catch(() => {}), 1);',
    D + 'const p = save();\nconsole.log(p);',
    D + 'const p = save();\nconst holder = { p };\nholder;',
    D + 'const p = save();\nconst later = () => p;\nlater;',
    { code: inAsync('const pending = save();'), options: [{ checkUnreadLocals: false }] },
    'class Owner {\n  p = Promise.resolve();\n  alias() {\n    const q = this.p;\n  }\n}',
    D + 'const x = save().catch(() => {});',
    inAsync('let p: Promise<void> | undefined;\n  p = save();\n  await p;'),
    'declare function num(): number;\nconst n = num();',
    '(() => 1)();',
    inAsync('await save().finally(() => {});'),
    D + 'save().then(() => {}, (e) => { console.log(e); }).finally(() => {});',
    D + 'const g = async () => save();\ng;',
    `${D}class Keeper {\n  task?: Promise<void>;\n  start() {\n    this.task = save();\n  }\n}`,
    D + 'void (async () => { await save(); })();',
    `${D}async function neverRejects() {\n  try {\n    await save();\n  } catch {\n    // ignored on purpose\n  }\n}\nfunction kick() {\n  neverRejects();\n}`,
    `import { describe } from 'node:test';\ndescribe.only('s', () => {});\ndescribe.skip('t', () => {});`,
    { code: D + 'void save();', options: [{ ignoreVoid: true }] },
    { code: thenable + 'mk().then(() => {}, () => {});', options: [{ checkThenables: true }] },
    inAsync('for await (const x of [save()]) { x; }'),
    D + 'const p = save();\nexport { p };',
    inAsync('const [a] = [save()];\n  await a;'),
    inSync('return cond ? save() : load();'),
    D + 'async function named() {}\nexport default named;',
    // got's source: a call returning the promise it was given is not a new promise.
    D + 'const p = save();\nObject.defineProperties(p, {});\nObject.assign(p, { id: 1 });\nexport { p };',
    // typeorm's shapes: a helper that returns the promise it was given; removing promises from a queue.
    `${D}function setPromise(holder: { p?: Promise<void> }, value: Promise<void>) {\n  holder.p = value;\n  value.then(() => {}, () => {});\n  return value;\n}\nconst stored = save();\nsetPromise({}, stored);\nexport { stored };`,
    `${D}const queue: Promise<void>[] = [];\nconst waiting = save();\nqueue.push(waiting);\nqueue.splice(queue.indexOf(waiting), 1);\nqueue.reverse();`,
    // typescript-eslint #11423: a string specifier names a const arrow function.
    { code: 'const randomAsyncFunction = async () => true;\nrandomAsyncFunction();', options: [{ allowForKnownSafeCalls: ['randomAsyncFunction'] }] },
    // ttsc #794: a thenable ending in .catch(handler), with checkThenables.
    {
      code: 'declare class Thenable<T> {\n  then<A = T, B = never>(ok?: ((v: T) => A) | null, err?: ((e: unknown) => B) | null): Promise<A | B>;\n  catch<B = never>(err?: ((e: unknown) => B) | null): Promise<T | B>;\n}\ndeclare const t: Thenable<void>;\nt.catch(console.error);\nt.then(() => {}, console.error);',
      options: [{ checkThenables: true }],
    },
    // got's test servers: an argument-less finalizer after the try.
    `${D}function respond(response: { end(): void }) {\n  (async () => {\n    try { await save(); } catch {}\n    response.end();\n  })();\n}`,
    // ioredis' dual APIs called with an error-first callback route the failure to the callback.
    `type Callback<T> = (err?: Error | null, result?: T) => void;\ndeclare function asCallback<T>(promise: Promise<T>, nodeback?: Callback<T>): Promise<T>;\ndeclare const client: { cluster(cmd: string, cb?: Callback<string>): Promise<string> };\ndeclare const pending: Promise<number>;\ndeclare const callback: Callback<number>;\nclient.cluster('INFO', (err, res) => { console.log(err, res); });\nasCallback(pending, callback);`,
    // got's _writeBodyInChunks shape: bookkeeping before the try, synchronous helpers in the catch.
    `${D}function normalizeError(e: unknown): Error { return e instanceof Error ? e : new Error(String(e)); }\nclass Req {\n  isStale(): boolean { return false; }\n  beforeError(_e: Error): void {}\n  send(first: boolean) {\n    (async () => {\n      const isInitial = first === true;\n      try {\n        await save();\n      } catch (error: unknown) {\n        const normalized = normalizeError(error);\n        if (!isInitial && this.isStale()) {\n          return;\n        }\n        const finish = () => { this.beforeError(normalized); };\n        finish();\n      }\n    })();\n  }\n}`,
    // "Maybe a promise" (a member that is neither thenable nor undefined/null): an API that may finish
    // synchronously. bullmq's node-redis `destroy(): void | Promise<void>`, typeorm's yargs `parse(): T | Promise<T>`.
    'declare const raw: { destroy(): void | Promise<void> };\nraw.destroy();',
    'interface Argv { _: string[] }\ndeclare const cli: { parse(): Argv | Promise<Argv> };\ncli.parse();',
    'declare function maybe(): Promise<void> | number;\nmaybe();',
    'declare const hooks: (() => void | Promise<void>)[];\nhooks.map((hook) => hook());',
    'function attempt<T>(task: () => T | Promise<T>) {\n  task();\n}',
    'declare const listener: ((event: string) => void | Promise<void>) | undefined;\nlistener?.(\'x\');',
    // Chains that cannot reject: allSettled never rejects, and these callbacks cannot throw (ioredis' HIMPORT fan-out).
    ps + 'Promise.allSettled(ps);',
    `declare const replies: Promise<unknown>[];\ndeclare const command: { resolve(value: unknown): void; reject(reason: unknown): void };\nPromise.allSettled(replies).then((results) => {\n  let first: unknown;\n  for (const result of results) {\n    if (result.status === 'rejected') {\n      command.reject(result.reason);\n      return;\n    }\n    first = result.value;\n  }\n  command.resolve(first);\n});`,
    ps + "Promise.allSettled(ps).then((results) => results.length).finally(() => console.log('settled'));",
    D + "save().catch(() => {}).then(() => console.log('saved or not'));",
    D + "save().then(() => {}, () => {}).then(() => console.log('done'));",
    `${D}async function quietly() {\n  try {\n    await save();\n  } catch {}\n}\nquietly().then(() => console.log('done'));`,
    // A method that hands back a promise its receiver already holds (ioredis' Pipeline#exec retries):
    // assigned on the prototype, declared by interface merging, returns the constructor's promise.
    `class Pipeline {\n  promise: Promise<unknown[]>;\n  resolve!: (value: unknown[]) => void;\n  constructor() {\n    this.promise = new Promise((resolve) => {\n      this.resolve = resolve;\n    });\n    this.promise.catch(() => {});\n  }\n  retry() {\n    this.exec();\n  }\n}\ninterface Pipeline {\n  exec(): Promise<unknown[]>;\n}\nPipeline.prototype.exec = function (this: Pipeline) {\n  this.resolve([]);\n  return this.promise;\n};`,
    `${D}class Connection {\n  readonly ready: Promise<void>;\n  constructor() {\n    this.ready = save();\n    this.ready.catch(() => {});\n  }\n  whenReady(): Promise<void> {\n    return this.ready;\n  }\n  poke() {\n    this.whenReady();\n  }\n}`,
    `${D}class Connection {\n  ready = save().catch(() => {});\n  whenReady = () => this.ready;\n  poke() {\n    this.whenReady();\n  }\n}`,
    // bullmq's sandbox shape: the catch only calls the executor's reject.
    `${D}new Promise<void>((resolve, reject) => {\n  const init = async () => {\n    try {\n      await save();\n      resolve();\n    } catch (error) {\n      reject(error);\n    }\n  };\n  init();\n}).catch(() => {});`,
  ],
  invalid: [
    { code: c1, errors: [{ messageId: 'floating', line: 4, column: 1, endLine: 4, endColumn: 8, suggestions: awaitVoidCatch(c1, 'save();', { await: false }) }] },
    { code: c2, errors: [{ messageId: 'floating', line: 5, column: 3, endColumn: 10, suggestions: awaitVoidCatch(c2, 'save();') }] },
    { code: c3, errors: [{ messageId: 'floating', line: 4, column: 5, suggestions: awaitVoidCatch(c3, 'this.flush();') }] },
    // typescript-eslint #4095: optional calls.
    { code: c4, errors: [{ messageId: 'floating', line: 3, column: 3, suggestions: awaitVoidCatch(c4, 'cb?.();', { catchOn: null }) }] },
    {
      code: c5,
      errors: [
        { messageId: 'floating', line: 2, column: 3, suggestions: awaitVoidCatch(c5, 'callback?.();', { catchOn: null }) },
        { messageId: 'floating', line: 5, column: 1, suggestions: awaitVoidCatch(c5, 'doSomething();', { await: false }) },
      ],
    },
    { code: c6, errors: [{ messageId: 'floating', line: 4, column: 1, suggestions: awaitVoidCatch(c6, 'new Promise<void>((resolve) => resolve());', { await: false }) }] },
    {
      code: c7,
      errors: [{ messageId: 'floating', line: 4, column: 1, suggestions: [s('addVoid', c7, 'cond && save();', 'void (cond && save());'), s('addCatch', c7, 'save();', `save().catch(${H});`)] }],
    },
    {
      code: c8,
      errors: [
        {
          messageId: 'floating',
          line: 4,
          suggestions: [s('addVoid', c8, 'cond ?', 'void (cond ?'), s('addCatch', c8, 'cond ? save() : load();', `(cond ? save() : load()).catch(${H});`)].map((x, i) =>
            i === 0 ? { ...x, output: replaced(c8, 'cond ? save() : load();', 'void (cond ? save() : load());') } : x,
          ),
        },
      ],
    },
    { code: c9, errors: [{ messageId: 'floating', line: 4, suggestions: [s('addVoid', c9, 'cond ? save() : null;', 'void (cond ? save() : null);'), s('addCatch', c9, 'save()', `save().catch(${H})`)] }] },
    { code: c10, errors: [{ messageId: 'floating', line: 4, suggestions: [s('addVoid', c10, 'save(), 1;', 'void (save(), 1);'), s('addCatch', c10, 'save()', `save().catch(${H})`)] }] },
    {
      code: c11,
      errors: [{ messageId: 'floating', line: 4, column: 1, suggestions: awaitVoidCatch(c11, '(async () => { await save(); })();', { await: false }) }],
    },
    { code: c12, errors: [{ messageId: 'floatingArray', line: 5, column: 3, suggestions: [s('awaitAll', c12, '[save(), load()];', 'await Promise.all([save(), load()]);')] }] },
    { code: c13, errors: [{ messageId: 'floatingArray', line: 4, suggestions: [s('voidAll', c13, '[save(), load()];', 'void Promise.all([save(), load()]);')] }] },
    {
      code: c14,
      errors: [
        {
          messageId: 'floatingArray',
          line: 4,
          column: 3,
          suggestions: [s('awaitAll', c14, 'ids.map(async (id) => { await save(id); });', 'await Promise.all(ids.map(async (id) => { await save(id); }));')],
        },
      ],
    },
    { code: c15, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c15, 'save().then(() => {});') }] },
    { code: c16, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c16, 'save().catch();') }] },
    { code: c17, errors: [{ messageId: 'floatingUselessRejectionHandler', line: 5, suggestions: awaitVoidCatch(c17, 'save().catch(undefined);') }] },
    { code: c18, errors: [{ messageId: 'floatingUselessRejectionHandler', line: 5, suggestions: awaitVoidCatch(c18, 'save().then(() => {}, null);') }] },
    { code: c19, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c19, 'save().finally(() => {});') }] },
    { code: c20, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c20, 'save().then(() => {}).finally(() => {});') }] },
    // The true positive: a try/catch around an un-awaited promise does not see its rejection.
    { code: c21, errors: [{ messageId: 'floatingInTry', line: 6, column: 5, suggestions: awaitVoidCatch(c21, 'save();') }] },
    { code: c22, errors: [{ messageId: 'floatingInTry', line: 6, column: 5, suggestions: awaitVoidCatch(c22, 'save();', { await: false }) }] },
    { code: c23, errors: [{ messageId: 'floating', line: 6, suggestions: awaitVoidCatch(c23, 'save();') }] },
    {
      code: c24,
      errors: [
        {
          messageId: 'floating',
          line: 4,
          column: 1,
          endLine: 10,
          suggestions: [
            { messageId: 'addVoid', output: replaced(c24, '(async () => {', 'void (async () => {') },
            { messageId: 'addCatch', output: replaced(c24, '})();', `})().catch(${H});`) },
          ],
        },
      ],
    },
    { code: c25, errors: [{ messageId: 'floating', line: 8, suggestions: awaitVoidCatch(c25, 'work();', { await: false }) }] },
    { code: c26, errors: [{ messageId: 'floating', line: 7, suggestions: awaitVoidCatch(c26, 'work();', { await: false }) }] },
    { code: c27, errors: [{ messageId: 'floating', line: 3, suggestions: awaitVoidCatch(c27, 'task();', { await: false }) }] },
    { code: c28, errors: [{ messageId: 'floating', line: 3, suggestions: awaitVoidCatch(c28, 'job();', { await: false }) }] },
    { code: c29, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c29, 'branded();', { await: false }) }] },
    { code: c30, options: [{ checkMaybePromises: true }], errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c30, 'maybe();', { await: false, catchOn: null }) }] },
    { code: c31, errors: [{ messageId: 'floating', line: 2, column: 3, suggestions: awaitVoidCatch(c31, 'p;', { await: false }) }] },
    { code: c32, options: [{ checkThenables: true }], errors: [{ messageId: 'floating', line: 3, suggestions: awaitVoidCatch(c32, 'mk();', { await: false, catchOn: null }) }] },
    {
      code: c33,
      options: [{ ignoreVoid: false }],
      errors: [{ messageId: 'floating', line: 5, suggestions: [s('addAwait', c33, 'void save();', 'await save();'), s('addCatch', c33, 'save();', `save().catch(${H});`)] }],
    },
    { code: c34, options: [{ ignoreVoid: false }], errors: [{ messageId: 'floating', line: 4, suggestions: [s('addCatch', c34, 'save();', `save().catch(${H});`)] }] },
    // typescript-eslint #4018 / PR #12646: `() => void promise` with ignoreVoid: false.
    { code: c35, options: [{ ignoreVoid: false }], errors: [{ messageId: 'floating', line: 4, column: 19, endColumn: 30, suggestions: [s('addCatch', c35, 'save())', `save().catch(${H}))`)] }] },
    // Beyond typescript-eslint: a local holding a promise that nobody reads again.
    {
      code: c36,
      errors: [
        {
          messageId: 'floatingUnreadLocal',
          data: { name: 'pending' },
          line: 5,
          column: 9,
          endColumn: 16,
          suggestions: [s('addAwait', c36, '= save()', '= await save()'), s('addCatch', c36, 'save()', `save().catch(${H})`)],
        },
      ],
    },
    // typescript-eslint #5749: the promise is only compared with null.
    { code: c37, errors: [{ messageId: 'floatingUnreadLocal', line: 2, column: 9, suggestions: [s('addCatch', c37, 'Promise.resolve()', `Promise.resolve().catch(${H})`)] }] },
    {
      code: c38,
      errors: [
        { messageId: 'floatingUnreadLocal', line: 5, column: 7, suggestions: [s('addAwait', c38, '= save()', '= await save()'), s('addCatch', c38, 'save()', `save().catch(${H})`)] },
      ],
    },
    { code: c39, errors: [{ messageId: 'floatingUnreadLocal', line: 5, column: 9, suggestions: [s('addCatch', c39, 'save()', `save().catch(${H})`)] }] },
    {
      code: c40,
      errors: [
        {
          messageId: 'floatingUnreadLocal',
          line: 4,
          column: 9,
          suggestions: [s('awaitAll', c40, 'ids.map(async (id) => { await save(id); })', 'await Promise.all(ids.map(async (id) => { await save(id); }))')],
        },
      ],
    },
    { code: c41, options: [{ allowForKnownSafeCalls: ['safe'] }], errors: [{ messageId: 'floating', line: 4, suggestions: awaitVoidCatch(c41, 'other();', { await: false }) }] },
    { code: c42, errors: [{ messageId: 'floatingArray', line: 5, suggestions: [s('awaitAll', c42, 'await [save()];', 'await Promise.all(await [save()]);')] }] },
    { code: c43, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c43, "obj['run']();", { await: false }) }] },
    { code: c44, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c44, 'sql`select 1`;', { await: false }) }] },
    // typescript-eslint #8692: a top-level type assertion.
    { code: c45, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c45, '(save() as Promise<void>);', { catchOn: ['save() as', `save().catch(${H}) as`] }) }] },
    { code: c46, errors: [{ messageId: 'floating', line: 6, column: 5, suggestions: awaitVoidCatch(c46, 'save();', { await: false }) }] },
    { code: c47, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c47, 'save();') }] },
    { code: c48, errors: [{ messageId: 'floating', line: 6, column: 5, suggestions: awaitVoidCatch(c48, 'save();', { await: false }) }] },
    { code: c49, errors: [{ messageId: 'floating', line: 1, suggestions: awaitVoidCatch(c49, "Promise.reject(new Error('x'));", { await: false }) }] },
    { code: c50, errors: [{ messageId: 'floating', line: 4, suggestions: awaitVoidCatch(c50, 'Promise.all([save(), load()]);', { await: false }) }] },
    { code: c51, errors: [{ messageId: 'floating', line: 4, suggestions: [s('addVoid', c51, 'cond ? save() : undefined;', 'void (cond ? save() : undefined);'), s('addCatch', c51, 'save()', `save().catch(${H})`)] }] },
    { code: c52, errors: [{ messageId: 'floating', line: 5, suggestions: [s('addVoid', c52, 'started ?? save();', 'void (started ?? save());'), s('addCatch', c52, 'save();', `save().catch(${H});`)] }] },
    {
      code: c53,
      errors: [{ messageId: 'floating', line: 5, suggestions: [s('addVoid', c53, 'started || save();', 'void (started || save());'), s('addCatch', c53, 'started || save();', `(started || save()).catch(${H});`)] }],
    },
    {
      code: c54,
      errors: [{ messageId: 'floating', line: 4, suggestions: [s('addVoid', c54, 'save() && load();', 'void (save() && load());')] }],
    },
    // The issue's `try { child.send(msg) } catch {}` true positive.
    { code: c55, errors: [{ messageId: 'floatingInTry', line: 4, column: 5, suggestions: awaitVoidCatch(c55, "api.send('x');", { await: false }) }] },
    { code: c56, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c56, 'p;', { await: false }) }] },
    { code: c57, errors: [{ messageId: 'floating', line: 4, column: 5, suggestions: awaitVoidCatch(c57, 'this.p;', { await: false }) }] },
    { code: c58, errors: [{ messageId: 'floating', line: 6, column: 5, suggestions: awaitVoidCatch(c58, 'save();', { await: false }) }] },
    { code: c59, errors: [{ messageId: 'floating', line: 5, column: 3, suggestions: awaitVoidCatch(c59, 'save();', { await: false }) }] },
    { code: c60, options: [{ ignoreVoid: false }], errors: [{ messageId: 'floating', line: 4, suggestions: [s('addCatch', c60, 'save(), 1', `save().catch(${H}), 1`)] }] },
    { code: c61, errors: [{ messageId: 'floatingArray', line: 3, suggestions: [s('awaitAll', c61, 'pair;', 'await Promise.all(pair);')] }] },
    { code: c62, errors: [{ messageId: 'floatingArray', line: 2, suggestions: [s('voidAll', c62, 'ro;', 'void Promise.all(ro);')] }] },
    { code: c63, errors: [{ messageId: 'floatingUselessRejectionHandler', line: 5, suggestions: awaitVoidCatch(c63, 'save().catch(null);') }] },
    {
      code: c64,
      options: [{ catchHandler: '() => undefined' }],
      errors: [{ messageId: 'floating', line: 4, suggestions: [s('addVoid', c64, 'save();', 'void save();'), s('addCatch', c64, 'save();', 'save().catch(() => undefined);')] }],
    },
    {
      code: c65,
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] }],
      errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c65, 'save();\n', { await: false, voidText: 'void save();\n', catchOn: ['save();\n', `save().catch(${H});\n`] }) }],
    },
    { code: c66, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c66, 'go();', { await: false }) }] },
    { code: c67, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c67, 'work();', { await: false }) }] },
    // Matching is by symbol: a local `describe` is not node:test's.
    { code: c68, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c68, "describe('x', () => {});", { await: false }) }] },
    {
      code: c69,
      errors: [{ messageId: 'floatingInTry', line: 6, suggestions: [s('addAwait', c69, 'cond && save();', 'await (cond && save());'), s('addVoid', c69, 'cond && save();', 'void (cond && save());'), s('addCatch', c69, 'save();', `save().catch(${H});`)] }],
    },
    { code: c70, errors: [{ messageId: 'floating', line: 1, suggestions: awaitVoidCatch(c70, 'Promise.race([Promise.resolve(1)]);', { await: false }) }] },
    { code: c71, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c71, 'save()!;', { catchOn: ['save()!', `save().catch(${H})!`] }) }] },
    { code: c72, errors: [{ messageId: 'floating', line: 9, column: 5, suggestions: awaitVoidCatch(c72, 'this.refresh();', { await: false }) }] },
    { code: c73, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c73, "queue[0]!.add('job');", { await: false }) }] },
    { code: c74, errors: [{ messageId: 'floatingUnreadLocal', data: { name: 'a' }, line: 5, column: 9, suggestions: [s('addAwait', c74, 'a = save()', 'a = await save()'), s('addCatch', c74, 'save()', `save().catch(${H})`)] }] },
    { code: c75, errors: [{ messageId: 'floating', line: 5, column: 3, suggestions: awaitVoidCatch(c75, 'save();', { await: false }) }] },
    { code: c76, errors: [{ messageId: 'floating', line: 7, column: 7, suggestions: awaitVoidCatch(c76, 'save();') }] },
    { code: c77, errors: [{ messageId: 'floating', line: 5, column: 13, suggestions: awaitVoidCatch(c77, 'save();') }] },
    { code: c78, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c78, 'save();') }] },
    { code: c79, errors: [{ messageId: 'floating', line: 6, column: 5, suggestions: awaitVoidCatch(c79, 'save();') }] },
    { code: c80, errors: [{ messageId: 'floating', line: 6, column: 5, suggestions: awaitVoidCatch(c80, 'save();', { await: false }) }] },
    {
      code: c81,
      errors: [
        {
          messageId: 'floating',
          line: 5,
          column: 3,
          endLine: 7,
          suggestions: [
            s('addAwait', c81, '(async () => {', 'await (async () => {'),
            s('addVoid', c81, '(async () => {', 'void (async () => {'),
            s('addCatch', c81, '})();', `})().catch(${H});`),
          ],
        },
      ],
    },
    { code: c82, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c82, 'save().then(() => load());') }] },
    { code: c83, errors: [{ messageId: 'floatingInTry', line: 7, column: 7, suggestions: awaitVoidCatch(c83, 'save();') }] },
    { code: c84, errors: [{ messageId: 'floatingUnreadLocal', line: 5, suggestions: [s('addAwait', c84, '= save()', '= await save()'), s('addCatch', c84, 'save().finally(() => {})', `save().finally(() => {}).catch(${H})`)] }] },
    // Not provable: a call after the try, a returned promise, a constructor in the catch.
    { code: c86, errors: [{ messageId: 'floating', line: 5, column: 3, endLine: 8, suggestions: [s('addVoid', c86, '(async () => {', 'void (async () => {'), s('addCatch', c86, '})();', `})().catch(${H});`)] }] },
    { code: c87, errors: [{ messageId: 'floating', line: 7, suggestions: awaitVoidCatch(c87, 'work();', { await: false }) }] },
    { code: c88, errors: [{ messageId: 'floating', line: 7, suggestions: awaitVoidCatch(c88, 'work();', { await: false }) }] },
    // A helper that returns a new promise (not its parameter) is still a floating call.
    { code: c89, errors: [{ messageId: 'floating', line: 8, suggestions: awaitVoidCatch(c89, 'wrap(stored);', { await: false }) }] },
    // shift() drops a promise from the queue; slice() copies the array of promises.
    {
      code: c90,
      errors: [
        { messageId: 'floating', line: 6, column: 3, suggestions: awaitVoidCatch(c90, 'queue.shift();', { catchOn: null }) },
        { messageId: 'floatingArray', line: 7, column: 3, suggestions: [s('awaitAll', c90, 'queue.slice(1);', 'await Promise.all(queue.slice(1));')] },
      ],
    },
    // A callback that does not take the error leaves the rejection unhandled.
    { code: c91, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c91, "client.cluster('INFO', (value) => { console.log(value); });", { await: false }) }] },
    // typescript-eslint #6850 / PR #6881: `undefined` is not a rejection handler.
    { code: c92, errors: [{ messageId: 'floatingUselessRejectionHandler', line: 5, suggestions: awaitVoidCatch(c92, 'save().then(undefined, undefined);') }] },
    { code: c85, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c85, 'new Promise<void>((resolve) => setTimeout(resolve, 10));') }] },
    { code: c93, options: [{ checkMaybePromises: true }], errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c93, 'raw.destroy();', { await: false, catchOn: null }) }] },
    // Every member is thenable: still a promise, whichever it is.
    { code: c94, errors: [{ messageId: 'floating', line: 3, suggestions: awaitVoidCatch(c94, 'either();', { await: false, catchOn: null }) }] },
    { code: c95, errors: [{ messageId: 'floating', line: 2, endLine: 4, suggestions: awaitVoidCatch(c95, 'Promise.allSettled(ps).then(() => {', { await: false, catchOn: ['});', `}).catch(${H});`] }) }] },
    { code: c96, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c96, 'Promise.allSettled(ps).then(() => save());', { await: false }) }] },
    { code: c97, errors: [{ messageId: 'floating', line: 5, suggestions: awaitVoidCatch(c97, 'Promise.allSettled(ps).then(async () => {', { await: false, catchOn: ['});', `}).catch(${H});`] }) }] },
    { code: c98, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c98, "Promise.all(ps).then(() => console.log('all done'));", { await: false }) }] },
    { code: c99, errors: [{ messageId: 'floating', line: 4, suggestions: awaitVoidCatch(c99, 'save().catch(() => {}).then(() => {', { await: false, catchOn: ['});', `}).catch(${H});`] }) }] },
    // Destructuring a parameter can throw.
    { code: c100, errors: [{ messageId: 'floating', line: 2, suggestions: awaitVoidCatch(c100, 'Promise.allSettled(ps).then(({ length }) => length);', { await: false }) }] },
    { code: c101, errors: [{ messageId: 'floating', line: 11, column: 5, suggestions: awaitVoidCatch(c101, 'this.ensure();', { await: false }) }] },
    { code: c102, errors: [{ messageId: 'floating', line: 10, column: 5, suggestions: awaitVoidCatch(c102, 'this.whenReady();', { await: false }) }] },
    { code: c103, errors: [{ messageId: 'floating', line: 12, column: 5, suggestions: awaitVoidCatch(c103, 'this.whenReady();', { await: false }) }] },
    { code: c104, errors: [{ messageId: 'floating', line: 11, column: 5, suggestions: awaitVoidCatch(c104, 'this.whenReady(true);', { await: false }) }] },
    { code: c105, errors: [{ messageId: 'floating', line: 13, column: 5, suggestions: awaitVoidCatch(c105, 'this.whenReady();', { await: false }) }] },
    { code: c106, errors: [{ messageId: 'floating', line: 6, column: 1, suggestions: awaitVoidCatch(c106, 'remote.count();', { await: false }) }] },
    { code: c107, errors: [{ messageId: 'floating', line: 3, column: 1, suggestions: awaitVoidCatch(c107, 'send(false);', { await: false }) }] },
  ],
});
