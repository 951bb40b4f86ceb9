/**
 * async-pitfalls/no-blocking-in-async: synchronous, event-loop-blocking calls in async code.
 * The analysis is rules/core/no-blocking-in-async; this is its ESLint face.
 */
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { createRule } from './create-rule.js';
import {
  analyzeNoBlockingInAsync,
  DEFAULT_IGNORE_FILES,
  DEFAULT_MAX_DEPTH,
  READS,
  RULE_NAME,
  type NoBlockingInAsyncOptions,
} from './core/no-blocking-in-async/index.js';

export type Options = [NoBlockingInAsyncOptions];
export type MessageIds =
  | 'blocking'
  | 'existsSync'
  | 'blockingConfigured'
  | 'busyWait'
  | 'blockingHelper'
  | 'cpuHeavy'
  | 'useFsPromises'
  | 'useAccess'
  | 'usePromisifiedExec'
  | 'usePromisified'
  | 'useAwaitMethod'
  | 'useWaitAsync'
  | 'useTimersSleep';

const names: JSONSchema4 = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** typescript-eslint's type/value specifier: a name, or where it is declared. */
const specifier: JSONSchema4 = {
  oneOf: [
    { type: 'string' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'name'],
      properties: { from: { type: 'string', enum: ['file'] }, name: names, path: { type: 'string' } },
    },
    { type: 'object', additionalProperties: false, required: ['from', 'name'], properties: { from: { type: 'string', enum: ['lib'] }, name: names } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'name', 'package'],
      properties: { from: { type: 'string', enum: ['package'] }, name: names, package: { type: 'string' } },
    },
  ],
};

export const noBlockingInAsync = createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow synchronous, event-loop-blocking calls (fs/child_process/zlib/crypto *Sync, Atomics.wait, busy-waits) in async code.',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      blocking: '`{{ name }}` blocks the event loop inside async code ({{ kind }}): every other request waits. Use {{ counterpart }}.',
      existsSync:
        '`{{ name }}` blocks the event loop inside async code, and has no async twin with the same meaning: open or read the file and handle ENOENT, or check with `await access(…)` from node:fs/promises.',
      blockingConfigured: '`{{ name }}` is configured as blocking (additionalBlocking) and runs inside async code: every other request waits.',
      busyWait: 'This loop busy-waits on the clock inside async code: it blocks the event loop until the time is up. Use `await setTimeout(ms)` from node:timers/promises.',
      blockingHelper: '{{ callee }} blocks: {{ chain }}. Change the {{ change }} to its async counterpart and make the functions on the way async.',
      cpuHeavy:
        '{{ callee }} is marked CPU-bound (cpuHeavy) and runs on the event loop inside async code: every other request waits while it computes. Run `{{ name }}` in a worker thread (the editor\'s refactoring, or `async-pitfalls offload`).',
      useFsPromises: 'Replace with `await {{ name }}(…)` from node:fs/promises (other code may run while it waits)',
      useAccess:
        'Replace with `await access(…).then(() => true, () => false)` from node:fs/promises (same answer, still a check-then-use race: prefer handling ENOENT)',
      usePromisifiedExec: 'Replace with `await promisify({{ name }})(…)` (the child\'s stderr is captured instead of printed; other code may run while it waits)',
      usePromisified: 'Replace with `await promisify({{ name }})(…)` (runs on the libuv thread pool; other code may run while it waits)',
      useAwaitMethod: 'Replace with `await ….{{ name }}()` (other code may run while it waits)',
      useWaitAsync: 'Replace with `await Atomics.waitAsync(…).value` (other code runs while it waits)',
      useTimersSleep: 'Replace the busy-wait with `await setTimeout(…)` from node:timers/promises (other code runs while it waits)',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          additionalBlocking: { type: 'array', items: specifier, description: 'More functions that block (reported without a fix).' },
          allow: { type: 'array', items: specifier, description: 'Calls never reported: catalog APIs or project helpers.' },
          interprocedural: { type: 'boolean', description: 'Follow calls into synchronous project functions.' },
          maxDepth: { type: 'integer', minimum: 1, maximum: 50, description: 'Longest chain of project functions followed.' },
          ignoreFiles: { type: 'array', items: { type: 'string' }, description: 'Globs of files to skip (replaces the default test-file globs).' },
          cpuHeavy: { type: 'array', items: specifier, description: 'Project functions marked CPU-bound: calls to them in async code are reported.' },
        },
      },
    ],
  },
  defaultOptions: [{ additionalBlocking: [], allow: [], interprocedural: true, maxDepth: DEFAULT_MAX_DEPTH, ignoreFiles: [...DEFAULT_IGNORE_FILES], cpuHeavy: [] }],
  analyze: analyzeNoBlockingInAsync,
  reads: READS,
});
