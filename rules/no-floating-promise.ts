/**
 * async-pitfalls/no-floating-promise: the ESLint face of rules/core/no-floating-promise.
 * Options keep typescript-eslint's `no-floating-promises` names and meanings so configs migrate unchanged.
 */
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { createRule } from './create-rule.js';
import {
  analyzeNoFloatingPromise,
  DEFAULT_OPTIONS,
  READS,
  RULE_NAME,
  type NoFloatingPromiseMessageId,
  type NoFloatingPromiseOptions,
} from './core/no-floating-promise/index.js';

export type Options = [NoFloatingPromiseOptions];
export type MessageIds = NoFloatingPromiseMessageId;

const specifierName: JSONSchema4 = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

const typeOrValueSpecifiers: JSONSchema4 = {
  type: 'array',
  items: {
    oneOf: [
      { type: 'string' },
      {
        type: 'object',
        additionalProperties: false,
        properties: { from: { type: 'string', enum: ['file'] }, name: specifierName, path: { type: 'string' } },
        required: ['from', 'name'],
      },
      {
        type: 'object',
        additionalProperties: false,
        properties: { from: { type: 'string', enum: ['lib'] }, name: specifierName },
        required: ['from', 'name'],
      },
      {
        type: 'object',
        additionalProperties: false,
        properties: { from: { type: 'string', enum: ['package'] }, name: specifierName, package: { type: 'string' } },
        required: ['from', 'name', 'package'],
      },
    ],
  },
};

const unhandled = 'This promise is neither awaited nor handled: if it rejects, the rejection is unhandled (Node exits), and the code after it runs before it settles. Await it, return it, or end it with `.catch(…)`{{ voidHint }}.';

export const noFloatingPromise = createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every promise to be awaited, returned, handled with `.catch`/`.then(…, onRejected)`, or explicitly `void`ed.',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      floating: unhandled,
      floatingInTry:
        'This promise is neither awaited nor handled, and the surrounding try/catch does not catch this rejection: it happens after the try block has ended. Await it so the catch sees it (in an async function), or end it with `.catch(…)`.',
      floatingArray:
        'This array of promises is neither awaited nor handled: each rejection is unhandled and the code after it runs before they settle. Wrap it in `await Promise.all(…)` (or `Promise.allSettled`).',
      floatingUselessRejectionHandler:
        'The rejection handler given here is not a function, so it is ignored and a rejection of this promise stays unhandled. Pass a function, or await the promise.',
      floatingUnreadLocal:
        'The promise stored in `{{ name }}` is never read again: nothing awaits it or handles its rejection. Await it, or end it with `.catch(…)`.',
      addAwait: 'Add `await` (waits here; a rejection becomes an exception in this function)',
      addVoid: 'Add `void` (keeps running in the background; a rejection still goes unhandled)',
      addCatch: 'Add `.catch(…)` (handles the rejection; the code after it still runs before the promise settles)',
      awaitAll: 'Wrap in `await Promise.all(…)` (waits for all; the first rejection becomes an exception here)',
      voidAll: 'Wrap in `void Promise.all(…)` (one promise for all; its rejection still goes unhandled)',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreVoid: { type: 'boolean', description: 'Whether `void <promise>` counts as handled (default true).' },
          ignoreIIFE: { type: 'boolean', description: 'Whether to ignore immediately invoked function expressions (default false).' },
          checkThenables: { type: 'boolean', description: 'Whether every thenable counts, not only the built-in Promise (default false).' },
          allowForKnownSafeCalls: { ...typeOrValueSpecifiers, description: 'Functions whose returned promise may float.' },
          allowForKnownSafePromises: { ...typeOrValueSpecifiers, description: 'Promise types that may float.' },
          checkUnreadLocals: { type: 'boolean', description: 'Report locals that store a promise and are never read again (default true).' },
          checkMaybePromises: {
            type: 'boolean',
            description: 'Report values typed "maybe a promise" such as `void | Promise<void>` or `T | Promise<T>` (default false).',
          },
          catchHandler: { type: 'string', description: 'Source text of the handler the "Add .catch" suggestion inserts.' },
        },
      },
    ],
  },
  defaultOptions: [
    {
      ignoreVoid: DEFAULT_OPTIONS.ignoreVoid,
      ignoreIIFE: DEFAULT_OPTIONS.ignoreIIFE,
      checkThenables: DEFAULT_OPTIONS.checkThenables,
      allowForKnownSafeCalls: DEFAULT_OPTIONS.allowForKnownSafeCalls,
      allowForKnownSafePromises: DEFAULT_OPTIONS.allowForKnownSafePromises,
      checkUnreadLocals: DEFAULT_OPTIONS.checkUnreadLocals,
      checkMaybePromises: DEFAULT_OPTIONS.checkMaybePromises,
    },
  ],
  analyze: analyzeNoFloatingPromise,
  reads: READS,
});
