/**
 * RuleTester suite for async-pitfalls/no-misused-async-callback: every report asserts its message
 * id, its exact range (found from the reported text) and every suggestion's output.
 * Shapes from typescript-eslint issues are marked with their number where the thread was read:
 * #3116 (forEach(async) reported, map(async) not), #4640 (mocha's Func | AsyncFunc), #4609 (overloads: a callee also accepting a promise-returning callback), #4841 (union of
 * void- and promise-returning callbacks), #4619 (granular checksVoidReturn options, JSX handlers),
 * #2979 (DOM event listeners, declared to return any but ignored: reported), #1038 (async array predicates), #5049 (spreading a promise),
 * #1744 / #8739 (methods overriding void methods), #5744 (rest parameters of callbacks, passed directly or spread: `consume(...arrayOfCallbacks)`).
 * The other numbers the issue lists (#3359, #5749, #4095, #6343, #1603, #9869, #10740, #7637, Node
 * #51292) could not be read by number from the issues corpus; their shapes as described in the issue
 * (void callbacks to timers, emitters, process events, `new Promise(async …)`) are covered above.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import * as ts from 'typescript';
import { analyzeNoMisusedAsyncCallback } from '../../rules/core/no-misused-async-callback/index.js';
import { noMisusedAsyncCallback, type MessageIds, type Options } from '../../rules/no-misused-async-callback.js';
import { createTypedRuleTester } from '../helpers/rule-tester.js';

const header = [
  "import { EventEmitter } from 'node:events';",
  "import { Readable } from 'node:stream';",
  'declare function save(x: number): Promise<void>;',
  'declare function load(): Promise<boolean>;',
  'declare function loadObj(): Promise<{ a: number }>;',
  'declare const items: number[];',
  'declare const emitter: EventEmitter;',
  'declare const stream: Readable;',
  '',
].join('\n');

// Relative to the rule-tester project (RuleTester resolves it against tsconfigRootDir).
const tsx = 'react.tsx';

interface Expected {
  readonly messageId: MessageIds;
  /** The exact reported text; `nth` picks a later occurrence. */
  readonly text: string;
  readonly nth?: number;
  readonly data?: Record<string, string>;
  /** Suggestion outputs, in order; `[]` asserts that none is offered. */
  readonly suggestions?: ReadonlyArray<{ messageId: MessageIds; output: string }>;
}

function locate(code: string, text: string, nth = 0): { line: number; column: number; endLine: number; endColumn: number } {
  // Identifier-like needles match whole words only (`p` is not the p of `Promise`).
  const pattern = new RegExp(/^\w+$/.test(text) ? `\\b${text}\\b` : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  const matches = [...code.matchAll(pattern)];
  const match = matches[nth];
  if (!match) throw new Error(`test bug: ${JSON.stringify(text)} (#${nth}) not in sample`);
  const index = match.index;
  const position = (offset: number): { line: number; column: number } => {
    const before = code.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const start = position(index);
  const end = position(index + text.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** `code` with the first occurrence of `from` replaced by `to` (a suggestion's expected output). */
function edit(code: string, from: string, to: string): string {
  const index = code.indexOf(from);
  if (index < 0) throw new Error(`test bug: ${JSON.stringify(from)} not in sample`);
  return code.slice(0, index) + to + code.slice(index + from.length);
}

function invalid(body: string, expected: readonly Expected[], extra: Partial<InvalidTestCase<MessageIds, Options>> = {}): InvalidTestCase<MessageIds, Options> {
  const code = header + body;
  return {
    code,
    ...extra,
    errors: expected.map((e) => ({
      messageId: e.messageId,
      ...locate(code, e.text, e.nth),
      ...(e.data ? { data: e.data } : {}),
      suggestions: (e.suggestions ?? []).map((s) => ({ messageId: s.messageId, output: header + s.output })),
    })),
  };
}

function valid(body: string, extra: Partial<ValidTestCase<Options>> = {}): ValidTestCase<Options> {
  return { code: header + body, ...extra };
}

const forOf = 'forEachToForOf' as const;
const all = 'forEachToPromiseAll' as const;

// ---------------------------------------------------------------------------------------------
// forEach with async callbacks: both rewrites, and the cases where the sequential one is withheld

const forEachBasic = 'async function run() {\n  items.forEach(async (x) => {\n    await save(x);\n  });\n  return 1;\n}\n';
const forEachIndex = 'async function run() {\n  items.forEach(async (x, i) => { if (i > 2) return; await save(x + i); });\n}\n';
const forEachExpr = 'async function run() {\n  items.forEach((x) => save(x));\n}\n';
const forEachAwaitExpr = 'async function run() {\n  items.forEach(async (x) => await save(x));\n}\n';
const forEachThree = 'async function run() {\n  items.forEach(async (x, i, array) => { await save(x + i + array.length); });\n}\n';
const forEachReturnValue = 'async function run() {\n  items.forEach(async (x) => { if (x) return save(x); await save(0); });\n}\n';
const forEachNestedReturn = 'async function run() {\n  items.forEach(async (x) => { for (const y of [x]) { if (y) return; } await save(x); });\n}\n';
const forEachSwitchReturn = 'async function run() {\n  items.forEach(async (x) => { switch (x) { case 1: return; default: await save(x); } });\n}\n';
const forEachDestructure = 'declare const rows: { id: number }[];\nasync function run() {\n  rows.forEach(async ({ id }) => { await save(id); });\n}\n';
const forEachReassign = 'async function run() {\n  items.forEach(async (x) => { x += 1; await save(x); });\n}\n';
const forEachFunctionExpression = 'async function run() {\n  items.forEach(async function (x) { await save(x); });\n}\n';
const forEachReadonly = 'declare const ro: readonly number[];\nasync function run() {\n  ro.forEach(async (x) => { await save(x); });\n}\n';
const forEachTuple = 'declare const pair: [number, number];\nasync function run() {\n  pair.forEach(async (x) => { await save(x); });\n}\n';
const forEachCallReceiver = 'declare function list(): number[];\nasync function run() {\n  list().forEach(async (x) => { await save(x); });\n}\n';
const forEachTyped = 'async function run() {\n  items.forEach(async (x: number) => { await save(x); });\n}\n';
const forEachNestedAsync = 'async function run() {\n  items.forEach(async (x) => { const inner = async () => { return save(x); }; await inner(); });\n}\n';
const forEachCondExpr = 'declare const flag: boolean;\nasync function run() {\n  items.forEach(async (x) => flag ? save(x) : save(0));\n}\n';

const invalidForEach: InvalidTestCase<MessageIds, Options>[] = [
  invalid(forEachBasic, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachBasic, 'items.forEach(async (x) => {\n    await save(x);\n  });', 'for (const x of items) {\n    await save(x);\n  }') },
        { messageId: all, output: edit(forEachBasic, 'items.forEach(async (x) => {\n    await save(x);\n  });', 'await Promise.all(items.map(async (x) => {\n    await save(x);\n  }));') },
      ],
    },
  ]),
  invalid(forEachIndex, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x, i) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachIndex, 'items.forEach(async (x, i) => { if (i > 2) return; await save(x + i); });', 'for (const [i, x] of items.entries()) { if (i > 2) continue; await save(x + i); }') },
        { messageId: all, output: edit(forEachIndex, 'items.forEach(async (x, i) => { if (i > 2) return; await save(x + i); });', 'await Promise.all(items.map(async (x, i) => { if (i > 2) return; await save(x + i); }));') },
      ],
    },
  ]),
  invalid(forEachExpr, [
    {
      messageId: 'voidReturnForEach',
      text: '(x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachExpr, 'items.forEach((x) => save(x));', 'for (const x of items) { await save(x); }') },
        { messageId: all, output: edit(forEachExpr, 'items.forEach((x) => save(x));', 'await Promise.all(items.map((x) => save(x)));') },
      ],
    },
  ]),
  invalid(forEachAwaitExpr, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachAwaitExpr, 'items.forEach(async (x) => await save(x));', 'for (const x of items) { await save(x); }') },
        { messageId: all, output: edit(forEachAwaitExpr, 'items.forEach(async (x) => await save(x));', 'await Promise.all(items.map(async (x) => await save(x)));') },
      ],
    },
  ]),
  invalid(forEachThree, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x, i, array) =>',
      suggestions: [{ messageId: all, output: edit(forEachThree, 'items.forEach(async (x, i, array) => { await save(x + i + array.length); });', 'await Promise.all(items.map(async (x, i, array) => { await save(x + i + array.length); }));') }],
    },
  ]),
  invalid(forEachReturnValue, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [{ messageId: all, output: edit(forEachReturnValue, 'items.forEach(', 'await Promise.all(items.map(').replace('await save(0); });', 'await save(0); }));') }],
    },
  ]),
  invalid(forEachNestedReturn, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [{ messageId: all, output: edit(forEachNestedReturn, 'items.forEach(', 'await Promise.all(items.map(').replace('await save(x); });', 'await save(x); }));') }],
    },
  ]),
  invalid(forEachSwitchReturn, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachSwitchReturn, 'items.forEach(async (x) => { switch (x) { case 1: return; default: await save(x); } });', 'for (const x of items) { switch (x) { case 1: continue; default: await save(x); } }') },
        { messageId: all, output: edit(forEachSwitchReturn, 'items.forEach(', 'await Promise.all(items.map(').replace('} });', '} }));') },
      ],
    },
  ]),
  invalid(forEachDestructure, [
    {
      messageId: 'voidReturnForEach',
      text: 'async ({ id }) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachDestructure, 'rows.forEach(async ({ id }) => { await save(id); });', 'for (const { id } of rows) { await save(id); }') },
        { messageId: all, output: edit(forEachDestructure, 'rows.forEach(async ({ id }) => { await save(id); });', 'await Promise.all(rows.map(async ({ id }) => { await save(id); }));') },
      ],
    },
  ]),
  invalid(forEachReassign, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachReassign, 'items.forEach(async (x) => { x += 1; await save(x); });', 'for (let x of items) { x += 1; await save(x); }') },
        { messageId: all, output: edit(forEachReassign, 'items.forEach(async (x) => { x += 1; await save(x); });', 'await Promise.all(items.map(async (x) => { x += 1; await save(x); }));') },
      ],
    },
  ]),
  invalid(forEachFunctionExpression, [
    {
      messageId: 'voidReturnForEach',
      text: 'async function (x)',
      suggestions: [{ messageId: all, output: edit(forEachFunctionExpression, 'items.forEach(async function (x) { await save(x); });', 'await Promise.all(items.map(async function (x) { await save(x); }));') }],
    },
  ]),
  invalid(forEachReadonly, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachReadonly, 'ro.forEach(async (x) => { await save(x); });', 'for (const x of ro) { await save(x); }') },
        { messageId: all, output: edit(forEachReadonly, 'ro.forEach(async (x) => { await save(x); });', 'await Promise.all(ro.map(async (x) => { await save(x); }));') },
      ],
    },
  ]),
  invalid(forEachTuple, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachTuple, 'pair.forEach(async (x) => { await save(x); });', 'for (const x of pair) { await save(x); }') },
        { messageId: all, output: edit(forEachTuple, 'pair.forEach(async (x) => { await save(x); });', 'await Promise.all(pair.map(async (x) => { await save(x); }));') },
      ],
    },
  ]),
  invalid(forEachCallReceiver, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachCallReceiver, 'list().forEach(async (x) => { await save(x); });', 'for (const x of list()) { await save(x); }') },
        { messageId: all, output: edit(forEachCallReceiver, 'list().forEach(async (x) => { await save(x); });', 'await Promise.all(list().map(async (x) => { await save(x); }));') },
      ],
    },
  ]),
  invalid(forEachTyped, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x: number) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachTyped, 'items.forEach(async (x: number) => { await save(x); });', 'for (const x of items) { await save(x); }') },
        { messageId: all, output: edit(forEachTyped, 'items.forEach(async (x: number) => { await save(x); });', 'await Promise.all(items.map(async (x: number) => { await save(x); }));') },
      ],
    },
  ]),
  invalid(forEachNestedAsync, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachNestedAsync, 'items.forEach(async (x) => { const inner = async () => { return save(x); }; await inner(); });', 'for (const x of items) { const inner = async () => { return save(x); }; await inner(); }') },
        { messageId: all, output: edit(forEachNestedAsync, 'items.forEach(', 'await Promise.all(items.map(').replace('await inner(); });', 'await inner(); }));') },
      ],
    },
  ]),
  invalid(forEachCondExpr, [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: edit(forEachCondExpr, 'items.forEach(async (x) => flag ? save(x) : save(0));', 'for (const x of items) { await (flag ? save(x) : save(0)); }') },
        { messageId: all, output: edit(forEachCondExpr, 'items.forEach(async (x) => flag ? save(x) : save(0));', 'await Promise.all(items.map(async (x) => flag ? save(x) : save(0)));') },
      ],
    },
  ]),
  // The loop variable would shadow the array it iterates (`for (const list of list)` is a TDZ error);
  // a property of the same name is fine.
  invalid('declare const groups: { list: number[] };\nasync function run(list: number[][]) {\n  list.forEach(async (list) => { await save(list.length); });\n  groups.list.forEach(async (list) => { await save(list); });\n}\n', [
    {
      messageId: 'voidReturnForEach',
      text: 'async (list) =>',
      suggestions: [{ messageId: all, output: 'declare const groups: { list: number[] };\nasync function run(list: number[][]) {\n  await Promise.all(list.map(async (list) => { await save(list.length); }));\n  groups.list.forEach(async (list) => { await save(list); });\n}\n' }],
    },
    {
      messageId: 'voidReturnForEach',
      text: 'async (list) =>',
      nth: 1,
      suggestions: [
        { messageId: forOf, output: 'declare const groups: { list: number[] };\nasync function run(list: number[][]) {\n  list.forEach(async (list) => { await save(list.length); });\n  for (const list of groups.list) { await save(list); }\n}\n' },
        { messageId: all, output: 'declare const groups: { list: number[] };\nasync function run(list: number[][]) {\n  list.forEach(async (list) => { await save(list.length); });\n  await Promise.all(groups.list.map(async (list) => { await save(list); }));\n}\n' },
      ],
    },
  ]),
  // A `var` in the callback would move into the enclosing function's scope.
  invalid('async function run() {\n  items.forEach(async (x) => { var y = x; await save(y); });\n}\n', [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [{ messageId: all, output: 'async function run() {\n  await Promise.all(items.map(async (x) => { var y = x; await save(y); }));\n}\n' }],
    },
  ]),
  // Where `await` is not legal no rewrite is offered: top level of a CommonJS file, a sync function.
  invalid('items.forEach(async (x) => { await save(x); });\n', [{ messageId: 'voidReturnForEach', text: 'async (x) =>' }]),
  invalid('function run() {\n  items.forEach(async (x) => { await save(x); });\n}\n', [{ messageId: 'voidReturnForEach', text: 'async (x) =>' }]),
  invalid('class A { m() { items.forEach(async (x) => { await save(x); }); } }\n', [{ messageId: 'voidReturnForEach', text: 'async (x) =>' }]),
  // Not a statement, a thisArg, optional chaining: reported without rewrites.
  invalid('async function run() {\n  const done = () => items.forEach(async (x) => { await save(x); });\n  return done;\n}\n', [{ messageId: 'voidReturnForEach', text: 'async (x) =>' }]),
  invalid('async function run() {\n  items.forEach(async function (this: unknown, x) { await save(x); }, {});\n}\n', [{ messageId: 'voidReturnForEach', text: 'async function (this: unknown, x)' }]),
  invalid('declare const maybe: number[] | undefined;\nasync function run() {\n  maybe?.forEach(async (x) => { await save(x); });\n}\n', [{ messageId: 'voidReturnForEach', text: 'async (x) =>' }]),
  // Even a callback that cannot reject is a mistake here: the loop does not wait for it.
  invalid('async function run() {\n  items.forEach(async (x) => { try { await save(x); } catch { console.error(x); } });\n}\n', [
    {
      messageId: 'voidReturnForEach',
      text: 'async (x) =>',
      suggestions: [
        { messageId: forOf, output: 'async function run() {\n  for (const x of items) { try { await save(x); } catch { console.error(x); } }\n}\n' },
        { messageId: all, output: 'async function run() {\n  await Promise.all(items.map(async (x) => { try { await save(x); } catch { console.error(x); } }));\n}\n' },
      ],
    },
  ]),
];

// ---------------------------------------------------------------------------------------------
// Other void-return arguments

const argument = (callee: string): Pick<Expected, 'messageId' | 'data'> => ({ messageId: 'voidReturnArgument', data: { callee } });

const invalidArguments: InvalidTestCase<MessageIds, Options>[] = [
  invalid("emitter.on('data', async () => { await save(1); });\n", [{ ...argument('emitter.on'), text: 'async () =>' }]),
  invalid("emitter.once('end', async function () { await save(1); });\n", [{ ...argument('emitter.once'), text: 'async function ()' }]),
  invalid("emitter.addListener('x', async (value: number) => { await save(value); });\n", [{ ...argument('emitter.addListener'), text: 'async (value: number) =>' }]),
  invalid("process.on('SIGTERM', async () => { await save(1); process.exit(0); });\n", [{ ...argument('process.on'), text: 'async () =>' }]),
  invalid("process.on('unhandledRejection', async (reason) => { await save(String(reason).length); });\n", [{ ...argument('process.on'), text: 'async (reason) =>' }]),
  invalid('setTimeout(async () => { await save(1); }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  invalid('setInterval(async () => { await save(1); }, 1000);\n', [{ ...argument('setInterval'), text: 'async () =>' }]),
  invalid('setImmediate(async () => { await save(1); });\n', [{ ...argument('setImmediate'), text: 'async () =>' }]),
  invalid('queueMicrotask(async () => { await save(1); });\n', [{ ...argument('queueMicrotask'), text: 'async () =>' }]),
  invalid('new Promise<void>(async (resolve) => { await save(1); resolve(); });\n', [{ ...argument('new Promise'), text: 'async (resolve) =>' }]),
  invalid('new Promise<number>(async function (resolve, reject) { try { resolve(await load() ? 1 : 0); } catch (error) { reject(error); } throw new Error(); });\n', [
    { ...argument('new Promise'), text: 'async function (resolve, reject)' },
  ]),
  invalid("stream.on('data', async (chunk) => { await save(chunk.length); });\n", [{ ...argument('stream.on'), text: 'async (chunk) =>' }]),
  invalid("import { createServer } from 'node:http';\ncreateServer(async (req, res) => { await save(1); res.end(); });\n", [{ ...argument('createServer'), text: 'async (req, res) =>' }]),
  invalid('new Map<string, number>().forEach(async (value) => { await save(value); });\n', [{ ...argument('new Map<string, number>().forEach'), text: 'async (value) =>' }]),
  invalid('new Set<number>().forEach(async (value) => { await save(value); });\n', [{ ...argument('new Set<number>().forEach'), text: 'async (value) =>' }]),
  // Named functions, methods, bound methods, plain functions returning a promise.
  invalid("async function onData(): Promise<void> { await save(1); }\nemitter.on('data', onData);\n", [{ ...argument('emitter.on'), text: 'onData', nth: 1 }]),
  invalid("class Worker {\n  async tick(): Promise<void> { await save(1); }\n  start() { emitter.on('tick', this.tick); }\n}\n", [{ ...argument('emitter.on'), text: 'this.tick' }]),
  invalid("class Worker {\n  async tick(): Promise<void> { await save(1); }\n  start() { emitter.on('tick', this.tick.bind(this)); }\n}\n", [{ ...argument('emitter.on'), text: 'this.tick.bind(this)' }]),
  invalid('setTimeout(() => save(1), 10);\n', [{ ...argument('setTimeout'), text: '() =>' }]),
  invalid("const handler = async (): Promise<void> => { await save(1); };\nemitter.on('x', handler);\n", [{ ...argument('emitter.on'), text: 'handler', nth: 1 }]),
  // User-declared void callbacks: plain, optional, rest, overloads that all want void, generic listeners.
  invalid('declare function run(cb: () => void): void;\nrun(async () => { await save(1); });\n', [{ ...argument('run'), text: 'async () =>' }]),
  invalid('declare function run(cb?: () => void): void;\nrun(async () => { await save(1); });\n', [{ ...argument('run'), text: 'async () =>' }]),
  invalid('declare function consume(...callbacks: Array<() => void>): void;\nconsume(() => {}, async () => { await save(1); });\n', [{ ...argument('consume'), text: 'async () =>' }]),
  invalid('declare function consume(...callbacks: Array<() => void>): void;\nconst callbacks = [() => Promise.resolve(true), () => Promise.resolve(false)];\nconsume(...callbacks);\n', [{ ...argument('consume'), text: '...callbacks', nth: 1 }]),
  invalid('declare function on(name: string, cb: () => void): void;\ndeclare function on(name: number, cb: (n: number) => void): void;\non(1, async (n) => { await save(n); });\n', [{ ...argument('on'), text: 'async (n) =>' }]),
  invalid("interface Events { ready: (id: number) => void; }\ndeclare function listen<K extends keyof Events>(name: K, listener: Events[K]): void;\nlisten('ready', async (id) => { await save(id); });\n", [
    { ...argument('listen'), text: 'async (id) =>' },
  ]),
  // #2979: lib.dom declares listeners as returning any, but the browser drops what they return.
  invalid("document.addEventListener('click', async () => { await save(1); });\n", [{ ...argument('document.addEventListener'), text: 'async () =>' }]),
  invalid('declare const socket: WebSocket;\nsocket.onmessage = async (event) => { await save(String(event.data).length); };\n', [{ messageId: 'voidReturnVariable', text: 'async (event) =>' }]),
  invalid('declare class Task { constructor(work: () => void); }\nnew Task(async () => { await save(1); });\n', [{ ...argument('new Task'), text: 'async () =>' }]),
  // Callbacks that could still reject: an await outside the try, a rethrowing catch, a returned promise.
  invalid('setTimeout(async () => { try { await save(1); } catch { console.error(1); } await save(2); }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  invalid('setTimeout(async () => { try { await save(1); } catch (error) { throw error; } }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  invalid('setTimeout(async () => { try { return save(1); } catch { return; } }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  invalid('setTimeout(async () => { try { await save(1); } finally { await save(2); } }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  invalid('setTimeout(() => save(1).catch((error) => { throw error; }), 10);\n', [{ ...argument('setTimeout'), text: '() =>' }]),
  invalid('setTimeout(() => save(1).then(() => undefined), 10);\n', [{ ...argument('setTimeout'), text: '() =>' }]),
  invalid('setTimeout(async () => { console.log(1); }, 10);\n', [{ ...argument('setTimeout'), text: 'async () =>' }]),
  // A nested object literal argument whose property is a void callback.
  invalid('declare function configure(options: { onError: (e: Error) => void }): void;\nconfigure({ onError: async (e) => { await save(e.message.length); } });\n', [
    { messageId: 'voidReturnProperty', data: { name: 'onError' }, text: 'async (e) =>' },
  ]),
];

// ---------------------------------------------------------------------------------------------
// Properties, variables, returns, inherited methods, JSX attributes

const invalidSlots: InvalidTestCase<MessageIds, Options>[] = [
  invalid('const hooks: { onDone: () => void } = { onDone: async () => { await save(1); } };\n', [{ messageId: 'voidReturnProperty', data: { name: 'onDone' }, text: 'async () =>' }]),
  invalid('async function onDone(): Promise<void> { await save(1); }\nconst hooks: { onDone: () => void } = { onDone };\n', [{ messageId: 'voidReturnProperty', data: { name: 'onDone' }, text: 'onDone', nth: 2 }]),
  invalid('const hooks: { onDone(): void } = { async onDone() { await save(1); } };\n', [{ messageId: 'voidReturnProperty', data: { name: 'onDone' }, text: 'onDone', nth: 1 }]),
  invalid("const hooks: Record<string, () => void> = { 'on-done': async () => { await save(1); } };\n", [{ messageId: 'voidReturnProperty', data: { name: "'on-done'" }, text: 'async () =>' }]),
  invalid('interface Options { cleanup?: () => void }\nconst options: Options = { cleanup: () => save(1) };\n', [{ messageId: 'voidReturnProperty', data: { name: 'cleanup' }, text: '() =>', nth: 1 }]),
  invalid('const cb: () => void = async () => { await save(1); };\n', [{ messageId: 'voidReturnVariable', text: 'async () =>' }]),
  invalid('let cb: (() => void) | undefined;\ncb = async () => { await save(1); };\n', [{ messageId: 'voidReturnVariable', text: 'async () =>' }]),
  invalid('class Holder {\n  handler: () => void = async () => { await save(1); };\n}\n', [{ messageId: 'voidReturnVariable', text: 'async () =>' }]),
  invalid('class Holder {\n  onClose: () => void = () => {};\n  init() { this.onClose = async () => { await save(1); }; }\n}\n', [{ messageId: 'voidReturnVariable', text: 'async () =>' }]),
  invalid('async function later(): Promise<void> { await save(1); }\nconst cb: () => void = later;\n', [{ messageId: 'voidReturnVariable', text: 'later', nth: 1 }]),
  invalid('function make(): () => void {\n  return async () => { await save(1); };\n}\n', [{ messageId: 'voidReturnReturnValue', text: 'async () =>' }]),
  invalid('const make = (): (() => void) => async () => { await save(1); };\n', [{ messageId: 'voidReturnReturnValue', text: 'async () =>' }]),
  invalid('function make(): (n: number) => void {\n  return save;\n}\n', [{ messageId: 'voidReturnReturnValue', text: 'save', nth: 1 }]),
  // #1744 / #8739: overriding or implementing a void method with an async one.
  invalid('interface Handler { handle(): void }\nclass Impl implements Handler {\n  async handle() { await save(1); }\n}\n', [
    { messageId: 'voidReturnInheritedMethod', data: { name: 'handle', base: 'Handler' }, text: 'handle', nth: 1 },
  ]),
  invalid('class Base { run(): void {} }\nclass Derived extends Base {\n  override async run() { await save(1); }\n}\n', [
    { messageId: 'voidReturnInheritedMethod', data: { name: 'run', base: 'Base' }, text: 'run', nth: 1 },
  ]),
  invalid('abstract class Job { abstract run(): void }\nclass Sync extends Job {\n  run = async () => { await save(1); };\n}\n', [
    { messageId: 'voidReturnInheritedMethod', data: { name: 'run', base: 'Job' }, text: 'run', nth: 1 },
  ]),
  invalid('interface Listener { onEvent(n: number): void }\nconst make = () => class implements Listener {\n  onEvent(n: number) { return save(n); }\n};\n', [
    { messageId: 'voidReturnInheritedMethod', data: { name: 'onEvent', base: 'Listener' }, text: 'onEvent', nth: 1 },
  ]),
  // #4619: JSX attributes are off by default; on when asked.
  {
    ...invalid('declare function Button(props: { onClick: () => void }): any;\nexport const view = <Button onClick={async () => { await save(1); }} />;\n', [
      { messageId: 'voidReturnAttribute', data: { name: 'onClick' }, text: 'async () =>' },
    ]),
    filename: tsx,
    options: [{ checksVoidReturn: { attributes: true } }],
  },
];

// ---------------------------------------------------------------------------------------------
// Conditions, predicates, spreads

const awaitCondition = 'awaitCondition' as const;
const conditionInAsync = (statement: string, needle: string, nth = 0): InvalidTestCase<MessageIds, Options> => {
  const body = `async function check(p: Promise<boolean>, q: Promise<boolean>, flag: boolean) {\n  ${statement}\n}\n`;
  const code = header + body;
  const target = locate(code, needle, nth);
  const offset = code.split('\n').slice(0, target.line - 1).join('\n').length + 1 + target.column - 1;
  return invalid(body, [{ messageId: 'conditional', text: needle, nth, suggestions: [{ messageId: awaitCondition, output: (code.slice(0, offset) + 'await ' + code.slice(offset)).slice(header.length) }] }]);
};

const invalidConditions: InvalidTestCase<MessageIds, Options>[] = [
  conditionInAsync('if (load()) { return 1; }', 'load()', 1),
  conditionInAsync('if (p) { return 1; }', 'p', 1),
  conditionInAsync('if (!p) { return 1; }', 'p', 1),
  conditionInAsync('while (p) { break; }', 'p', 1),
  conditionInAsync('do { flag = !flag; } while (q);', 'q', 1),
  conditionInAsync('for (; p; ) { break; }', 'p', 1),
  conditionInAsync('return p ? 1 : 2;', 'p', 1),
  conditionInAsync('return p && 1;', 'p', 1),
  conditionInAsync('return p || flag;', 'p', 1),
  conditionInAsync('if (flag && p) { return 1; }', 'p', 1),
  conditionInAsync('if (p || flag) { return 1; }', 'p', 1),
  conditionInAsync('return flag ? 0 : !q;', 'q', 1),
  conditionInAsync('if ((p)) { return 1; }', 'p', 1),
  conditionInAsync('const o = { p }; if (o.p) { return 1; }', 'o.p'),
  conditionInAsync('const list = [p]; if (list[0]) { return 1; }', 'list[0]'),
  conditionInAsync('if (new Promise<number>((resolve) => resolve(1))) { return 1; }', 'new Promise<number>((resolve) => resolve(1))'),
  // Both sides of a test are tested.
  invalid('async function check(p: Promise<boolean>, q: Promise<boolean>) {\n  if (p && q) { return 1; }\n}\n', [
    { messageId: 'conditional', text: 'p', nth: 1, suggestions: [{ messageId: awaitCondition, output: 'async function check(p: Promise<boolean>, q: Promise<boolean>) {\n  if (await p && q) { return 1; }\n}\n' }] },
    { messageId: 'conditional', text: 'q', nth: 1, suggestions: [{ messageId: awaitCondition, output: 'async function check(p: Promise<boolean>, q: Promise<boolean>) {\n  if (p && await q) { return 1; }\n}\n' }] },
  ]),
  // No await where it is illegal, or where awaiting gives void (TS1345).
  invalid('function check(p: Promise<boolean>) {\n  if (p) { return 1; }\n}\n', [{ messageId: 'conditional', text: 'p', nth: 1 }]),
  invalid('export const flag = load() ? 1 : 2;\n', [{ messageId: 'conditional', text: 'load()', nth: 1 }]),
  invalid('async function check(p: Promise<void>) {\n  if (!p) { return 1; }\n}\n', [{ messageId: 'conditional', text: 'p', nth: 1 }]),
  invalid('class Conn {\n  ready: Promise<void> = Promise.resolve();\n  open() { if (!this.ready) { return 1; } }\n}\n', [{ messageId: 'conditional', text: 'this.ready' }]),
  // Thenables and subclasses are always truthy too.
  invalid('declare const job: PromiseLike<number>;\nexport const x = job ? 1 : 2;\n', [{ messageId: 'conditional', text: 'job', nth: 1 }]),
  invalid('class Task extends Promise<number> {}\ndeclare const task: Task;\nexport const x = !task;\n', [{ messageId: 'conditional', text: 'task', nth: 1 }]),
  // #1038: async array predicates are always truthy.
  invalid('export const kept = items.filter(async (x) => (await load()) && x > 1);\n', [{ messageId: 'predicate', data: { method: 'filter' }, text: 'async (x) =>' }]),
  invalid('export const any = items.some(async (x) => x > 1);\n', [{ messageId: 'predicate', data: { method: 'some' }, text: 'async (x) =>' }]),
  invalid('export const every = items.every(async (x) => x > 1);\n', [{ messageId: 'predicate', data: { method: 'every' }, text: 'async (x) =>' }]),
  invalid('export const first = items.find(async (x) => x > 1);\n', [{ messageId: 'predicate', data: { method: 'find' }, text: 'async (x) =>' }]),
  invalid('export const index = items.findIndex(async function (x) { return x > 1; });\n', [{ messageId: 'predicate', data: { method: 'findIndex' }, text: 'async function (x)' }]),
  invalid('export const last = items.findLast(async (x) => x > 1);\n', [{ messageId: 'predicate', data: { method: 'findLast' }, text: 'async (x) =>' }]),
  invalid('async function exists(x: number): Promise<boolean> { return x > 0; }\nexport const kept = items.filter(exists);\n', [{ messageId: 'predicate', data: { method: 'filter' }, text: 'exists', nth: 1 }]),
  invalid('declare const ro: readonly string[];\nexport const kept = ro.filter((s) => load().then((ok) => ok && s.length > 0));\n', [{ messageId: 'predicate', data: { method: 'filter' }, text: '(s) =>' }]),
  // #5049: spreading a promise.
  invalid('async function merge() {\n  return { ...loadObj(), b: 1 };\n}\n', [
    { messageId: 'spread', text: '...loadObj()', suggestions: [{ messageId: 'awaitSpread', output: 'async function merge() {\n  return { ...(await loadObj()), b: 1 };\n}\n' }] },
  ]),
  invalid('async function merge(flag: boolean) {\n  return { ...(flag && loadObj()) };\n}\n', [
    { messageId: 'spread', text: '...(flag && loadObj())', suggestions: [{ messageId: 'awaitSpread', output: 'async function merge(flag: boolean) {\n  return { ...(await (flag && loadObj())) };\n}\n' }] },
  ]),
  invalid('async function merge(flag: boolean) {\n  return { ...(flag ? loadObj() : undefined) };\n}\n', [
    { messageId: 'spread', text: '...(flag ? loadObj() : undefined)', suggestions: [{ messageId: 'awaitSpread', output: 'async function merge(flag: boolean) {\n  return { ...(await (flag ? loadObj() : undefined)) };\n}\n' }] },
  ]),
  invalid('function merge() {\n  const pending = loadObj();\n  return { ...pending };\n}\n', [{ messageId: 'spread', text: '...pending' }]),
  invalid('async function merge() {\n  return { ...load() };\n}\n', [{ messageId: 'spread', text: '...load()' }]),
];

// ---------------------------------------------------------------------------------------------
// Options select what is checked

const invalidOptions: InvalidTestCase<MessageIds, Options>[] = [
  invalid("emitter.on('x', async () => { await save(1); });\n", [{ ...argument('emitter.on'), text: 'async () =>' }], { options: [{ checksVoidReturn: { properties: false } }] }),
  invalid('const cb: () => void = async () => { await save(1); };\n', [{ messageId: 'voidReturnVariable', text: 'async () =>' }], { options: [{ checksVoidReturn: { arguments: false } }] }),
  invalid('export const x = load() ? 1 : 2;\n', [{ messageId: 'conditional', text: 'load()', nth: 1 }], { options: [{ checksVoidReturn: false, checksSpreads: false }] }),
  invalid('export const x = { ...loadObj() };\n', [{ messageId: 'spread', text: '...loadObj()' }], { options: [{ checksVoidReturn: false, checksConditionals: false }] }),
  invalid('setTimeout(async () => { await save(1); }, 1);\n', [{ ...argument('setTimeout'), text: 'async () =>' }], { options: [{ checksVoidReturn: true }] }),
];

// ---------------------------------------------------------------------------------------------
// Valid code

const validCases: ValidTestCase<Options>[] = [
  // Synchronous callbacks, and callbacks whose result is used.
  valid('items.forEach((x) => { console.log(x); });\n'),
  valid('items.forEach((x) => { void save(x); });\n'),
  valid('items.forEach((x) => void save(x));\n'),
  // #3116: map returns the promises, so the caller can await them; forEach cannot.
  valid('export const pending = items.map(async (x) => { await save(x); });\n'),
  valid('async function run() { await Promise.all(items.map(async (x) => { await save(x); })); }\n'),
  valid('async function run() { for (const x of items) await save(x); }\n'),
  valid('export const total = items.reduce(async (acc, x) => (await acc) + x, Promise.resolve(0));\n'),
  valid('export const all = Array.from(items, async (x) => x * 2);\n'),
  valid('export const flat = items.flatMap((x) => [x, x]);\n'),
  valid('export const sorted = [...items].sort((a, b) => a - b);\n'),
  valid("emitter.on('x', () => { console.log(1); });\n"),
  valid("emitter.on('x', () => 1);\n"),
  valid('new Promise<void>((resolve) => { setTimeout(resolve, 1); });\n'),
  valid('new Promise<void>((resolve) => resolve());\n'),
  valid('process.nextTick(() => { void save(1); });\n'),
  // Declared as `Function`: nothing says the result is ignored.
  valid('process.nextTick(async () => { await save(1); });\n'),
  valid('setTimeout(() => { void (async () => { await save(1); })(); }, 1);\n'),
  valid('export const chained = load().then(async (ok) => { if (ok) await save(1); });\n'),
  valid('export const caught = load().catch(async () => { await save(1); return false; });\n'),
  // The callee accepts a promise-returning callback (union with Promise, unknown, any, generic).
  valid('declare function run(cb: () => void | Promise<void>): void;\nrun(async () => { await save(1); });\n'),
  valid('declare function run(cb: () => Promise<void>): void;\nrun(async () => { await save(1); });\n'),
  valid('declare function run(cb: () => unknown): void;\nrun(async () => { await save(1); });\n'),
  valid('declare function run(cb: () => any): void;\nrun(async () => { await save(1); });\n'),
  valid('declare function run<T>(cb: () => T): T;\nexport const r = run(async () => { await save(1); });\n'),
  valid('declare function consume(...callbacks: Array<() => void>): void;\nconst callbacks = [() => true, () => false];\nconsume(...callbacks);\n'),
  valid('declare function consume(...callbacks: Array<() => unknown>): void;\nconst callbacks = [() => Promise.resolve(true)];\nconsume(...callbacks);\n'),
  valid('declare function run(cb: Function): void;\nrun(async () => { await save(1); });\n'),
  valid('declare const anything: any;\nanything(async () => { await save(1); });\n'),
  valid('declare function run(cb: PromiseLike<void> | (() => PromiseLike<void>)): void;\nrun(async () => { await save(1); });\n'),
  // #4609: an overload that accepts a promise-returning callback.
  valid('interface ItLike { (name: string, cb: () => void): void; (name: string, cb: () => Promise<void>): void; }\ndeclare const it2: ItLike;\nit2("works", async () => { await save(1); });\n'),
  valid('declare function hook(cb: () => void): void;\ndeclare function hook(cb: () => Promise<void>): void;\nhook(async () => { await save(1); });\n'),
  // #4640: mocha's `it(title, fn?: Func | AsyncFunc)` where AsyncFunc returns PromiseLike<any>.
  valid('interface Ctx { timeout(ms: number): void }\ninterface Func { (this: Ctx, done: (error?: unknown) => void): void }\ninterface AsyncFunc { (this: Ctx): PromiseLike<any> }\ndeclare function it(title: string, fn?: Func | AsyncFunc): void;\nit("can be an example", async () => { await save(1); });\n'),
  // #4841: a union of void- and promise-returning callbacks.
  valid('declare function on(cb: (() => void) | (() => Promise<void>)): void;\non(async () => { await save(1); });\n'),
  valid('interface Props { onEvent: (() => void) | (() => Promise<void>) }\nexport const props: Props = { onEvent: async () => { await save(1); } };\n'),
  // node:test accepts async tests.
  valid("import { describe, it } from 'node:test';\ndescribe('suite', () => { it('case', async () => { await save(1); }); });\n"),
  valid("import test from 'node:test';\ntest('case', async (t) => { await t.test('sub', async () => { await save(1); }); });\n"),
  // Callbacks that cannot reject: every await inside try/catch, or a handled chain (timers, streams, emitters).
  valid('setTimeout(async () => { try { await save(1); } catch (error) { console.error(error); } }, 10);\n'),
  valid('setInterval(async () => {\n  try {\n    await save(1);\n    await save(2);\n  } catch {\n    // ignore: retried on the next tick\n  }\n}, 1000);\n'),
  valid("stream.on('data', async (chunk) => { try { await save(chunk.length); } catch (error) { stream.destroy(error as Error); } });\n"),
  valid("emitter.on('job', async () => { try { await save(1); } catch (error) { emitter.emit('error', error); } });\n"),
  valid("process.on('SIGINT', async () => { try { await save(1); } catch (error) { console.error(error); } finally { process.exitCode = 1; } });\n"),
  valid('setTimeout(async () => { const n = 1; try { await save(n); } catch { return; } }, 1);\n'),
  valid('setTimeout(async () => { try { await save(1); } catch { try { await save(2); } catch { console.error(2); } } }, 1);\n'),
  valid('setTimeout(() => save(1).catch(console.error), 10);\n'),
  valid('setTimeout(() => save(1).catch(() => {}), 10);\n'),
  valid('setTimeout(() => save(1).then(() => undefined, (error: unknown) => { console.error(error); }), 10);\n'),
  valid('setTimeout(() => { save(1).catch(console.error); }, 10);\n'),
  valid("async function safe(): Promise<void> { try { await save(1); } catch (error) { console.error(error); } }\nemitter.on('x', safe);\nsetTimeout(safe, 1);\n"),
  valid("class Poller {\n  async poll(): Promise<void> { try { await save(1); } catch (error) { console.error(error); } }\n  start() { setInterval(this.poll.bind(this), 1000); }\n}\n"),
  // "Has it started?" tests: the type includes undefined/null.
  valid('class Closer {\n  closing: Promise<void> | undefined;\n  async close(): Promise<void> {}\n  shutdown() { if (!this.closing) this.closing = this.close(); return this.closing; }\n}\n'),
  valid('declare let cached: Promise<number> | null;\nexport const v = cached ? cached : (cached = Promise.resolve(1));\n'),
  valid('declare const maybe: Promise<number> | undefined;\nif (maybe) { void maybe.then(console.log); }\n'),
  valid('declare const maybe: Promise<number> | undefined;\nexport const v = maybe && maybe.then((n) => n + 1);\n'),
  valid('declare const maybe: Promise<number> | undefined;\nwhile (!maybe) { break; }\n'),
  valid('declare const maybe: Promise<number> | false;\nexport const v = maybe || Promise.resolve(0);\n'),
  valid('declare const p: Promise<number>;\nexport const v = p ?? Promise.resolve(0);\n'),
  valid('async function check() { if (await load()) { return 1; } return 0; }\n'),
  valid('async function check() { return (await load()) && 1; }\n'),
  valid('declare const p: Promise<number>;\nif (typeof p === "object") { void p; }\n'),
  valid('declare const p: unknown;\nif (p instanceof Promise) { void p; }\n'),
  valid('declare const p: Promise<number> | undefined;\nif (p !== undefined) { void p; }\n'),
  valid('if (items.length) { console.log(1); }\n'),
  valid('declare const value: boolean | Promise<boolean>;\nif (value) { console.log(1); }\n'),
  valid('declare const anyValue: any;\nif (anyValue) { console.log(1); }\n'),
  // Synchronous predicates, and predicates of collections that await them.
  valid('export const kept = items.filter((x) => x > 1);\n'),
  valid('export const kept = items.filter(Boolean);\n'),
  valid('export const any = items.some((x) => x > 1);\n'),
  valid('class Coll { filter(pred: (x: number) => Promise<boolean>): Promise<number[]> { return Promise.all([1].map(pred)).then(() => [1]); } }\nexport const kept = new Coll().filter(async (x) => x > 1);\n'),
  valid('declare const promises: Promise<number>[];\nexport const first = promises.find((p) => p !== undefined);\n'),
  valid('async function keep() { const flags = await Promise.all(items.map(async (x) => x > 1)); return items.filter((_, i) => flags[i]); }\n'),
  // Spreads of values, not promises.
  valid('async function merge() { return { ...(await loadObj()), b: 1 }; }\n'),
  valid('declare const obj: { a: number };\nexport const merged = { ...obj };\n'),
  valid('declare const either: Promise<{ a: number }> | { a: number };\nexport const merged = { ...either };\n'),
  valid('async function merge() { return [...(await Promise.all([save(1)]))]; }\n'),
  // Slots that expect a promise, or nothing in particular.
  valid('export const f = async () => { await save(1); };\n'),
  valid('const cb: () => Promise<void> = async () => { await save(1); };\nexport { cb };\n'),
  valid('const handlers: Record<string, () => unknown> = { a: async () => { await save(1); } };\nexport { handlers };\n'),
  valid('interface Api { fetch(): Promise<void> }\nexport const api: Api = { async fetch() { await save(1); } };\n'),
  valid('function make(): () => Promise<void> { return async () => { await save(1); }; }\nexport { make };\n'),
  valid('declare const win: any;\nwin.onload = async () => { await save(1); };\n'),
  // Inherited methods that may return a promise, or have no base.
  valid('interface Handler { handle(): Promise<void> }\nexport class Impl implements Handler { async handle() { await save(1); } }\n'),
  valid('class Base { run(): void | Promise<void> {} }\nexport class Derived extends Base { override async run() { await save(1); } }\n'),
  valid('class Base { run(): void {} }\nexport class Derived extends Base { async other() { await save(1); } }\n'),
  valid('interface Handler { handle(): void }\nexport class Impl implements Handler { handle() { void save(1); } }\n'),
  valid('interface Handler { handle(): void }\nexport class Impl implements Handler { async handle() { try { await save(1); } catch (error) { console.error(error); } } }\n'),
  // #4619: JSX handlers are not checked by default.
  { code: header + 'declare function Button(props: { onClick: () => void }): any;\nexport const view = <Button onClick={async () => { await save(1); }} />;\n', filename: tsx },
  { code: header + 'declare function Button(props: { onClick: () => void }): any;\nexport const view = <Button onClick={() => { void save(1); }} />;\n', filename: tsx, options: [{ checksVoidReturn: { attributes: true } }] },
  // Options turn checks off.
  valid("emitter.on('x', async () => { await save(1); });\n", { options: [{ checksVoidReturn: false }] }),
  valid("emitter.on('x', async () => { await save(1); });\n", { options: [{ checksVoidReturn: { arguments: false } }] }),
  valid('const hooks: { onDone: () => void } = { onDone: async () => { await save(1); } };\nexport { hooks };\n', { options: [{ checksVoidReturn: { properties: false } }] }),
  valid('const cb: () => void = async () => { await save(1); };\nexport { cb };\n', { options: [{ checksVoidReturn: { variables: false } }] }),
  valid('function make(): () => void { return async () => { await save(1); }; }\nexport { make };\n', { options: [{ checksVoidReturn: { returns: false } }] }),
  valid('interface Handler { handle(): void }\nexport class Impl implements Handler { async handle() { await save(1); } }\n', { options: [{ checksVoidReturn: { inheritedMethods: false } }] }),
  valid('export const x = load() ? 1 : 2;\n', { options: [{ checksConditionals: false }] }),
  valid('export const kept = items.filter(async (x) => x > 1);\n', { options: [{ checksConditionals: false }] }),
  valid('export const merged = { ...loadObj() };\n', { options: [{ checksSpreads: false }] }),
];

createTypedRuleTester().run('no-misused-async-callback', noMisusedAsyncCallback, {
  valid: validCases,
  invalid: [...invalidForEach, ...invalidArguments, ...invalidSlots, ...invalidConditions, ...invalidOptions],
});

describe('no-misused-async-callback suite size', () => {
  it('has at least 80 valid and 80 invalid cases', () => {
    const invalidCount = invalidForEach.length + invalidArguments.length + invalidSlots.length + invalidConditions.length + invalidOptions.length;
    if (validCases.length < 80 || invalidCount < 80) throw new Error(`valid ${validCases.length}, invalid ${invalidCount}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Projects without strictNullChecks (bullmq, MQTT.js): types erase `undefined`, so the analysis
// reads declarations. Run directly on a program, since the RuleTester project is strict.

describe('no-misused-async-callback without strictNullChecks', () => {
  const sample = [
    'declare function load(): Promise<boolean>;',
    'declare function maybeLoad(): Promise<boolean> | undefined;',
    'class Queue {',
    '  closing: Promise<void> | undefined;',
    '  pending?: Promise<void>;',
    '  started: Promise<void>;',
    '  readonly ready: Promise<void> = Promise.resolve();',
    '  close(): void {',
    '    if (!this.closing) { this.closing = Promise.resolve(); }',
    '    if (this.pending) { return; }',
    '    if (this.started) { return; }',
    '    const copy = this.closing;',
    '    if (copy) { return; }',
    '    if (maybeLoad()) { return; }',
    '    if (this.ready) { return; }',
    '    const fresh = load();',
    '    if (fresh) { return; }',
    '    if (load()) { return; }',
    '  }',
    '}',
    'export { Queue };',
  ].join('\n');

  it('reports only promises whose declarations prove a value', () => {
    const found = analyzeSample(sample, { strict: false, strictNullChecks: false });
    const lines = found.map((finding) => `${finding.line}:${finding.messageId}`);
    assert.deepEqual(lines, ['15:conditional', '17:conditional', '18:conditional']);
  });

  it('reports the same code by its types under strictNullChecks (the fields then say undefined)', () => {
    // Line 13 too: after `if (!this.closing) this.closing = …` control flow proves the copy defined.
    const found = analyzeSample(sample, { strict: true });
    assert.deepEqual(found.map((finding) => `${finding.line}:${finding.messageId}`), ['11:conditional', '13:conditional', '15:conditional', '17:conditional', '18:conditional']);
  });

  it('treats fields without initializer as possibly unset without strictPropertyInitialization (typeorm)', () => {
    const code = [
      'declare function connect(): Promise<number>;',
      'class Runner {',
      '  protected connectionPromise: Promise<number>;',
      '  protected assigned: Promise<number>;',
      '  constructor() { this.assigned = connect(); }',
      '  connect(): Promise<number> {',
      '    if (this.connectionPromise) return this.connectionPromise;',
      '    if (this.assigned) return this.assigned;',
      '    return (this.connectionPromise = connect());',
      '  }',
      '}',
      'export { Runner };',
    ].join('\n');
    const loose = analyzeSample(code, { strict: true, strictPropertyInitialization: false });
    assert.deepEqual(loose.map((finding) => `${finding.line}:${finding.messageId}`), ['8:conditional']);
  });

  it('trusts a callback that calls a project method whose finally block exits the process', () => {
    const code = [
      'class Child {',
      '  current: Promise<void> | undefined;',
      '  async exitAfterJob(): Promise<void> {',
      '    try { await this.current; } finally { process.exit(0); }',
      '  }',
      '  async exitNow(): Promise<void> { await this.current; process.exit(0); }',
      '}',
      'declare const process: { on(name: string, cb: () => void): void; exit(code: number): never };',
      'const child = new Child();',
      "process.on('SIGTERM', () => child.exitAfterJob());",
      "process.on('SIGINT', () => child.exitNow());",
      'export {};',
    ].join('\n');
    const found = analyzeSample(code, { strict: true });
    assert.deepEqual(found.map((finding) => `${finding.line}:${finding.messageId}`), ['11:voidReturnArgument']);
  });
});

function analyzeSample(code: string, compilerOptions: ts.CompilerOptions): Array<{ line: number; messageId: string }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'misused-async-'));
  try {
    const file = path.join(directory, 'sample.ts');
    fs.writeFileSync(file, code);
    const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], noEmit: true, ...compilerOptions });
    const sourceFile = program.getSourceFile(file)!;
    return analyzeNoMisusedAsyncCallback({ sourceFile, program, checker: program.getTypeChecker(), options: {} }).map((finding) => ({
      line: sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1,
      messageId: finding.messageId,
    }));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
