/**
 * ESLint face of the no-sequential-await analysis (rules/core/no-sequential-await): independent
 * awaits that run one after another, with a Promise.all rewrite offered as a suggestion.
 */
import { createRule } from './create-rule.js';
import { analyzeSequentialAwaits, READS, type NoSequentialAwaitMessageId, type NoSequentialAwaitOptions } from './core/no-sequential-await/index.js';

export type Options = [NoSequentialAwaitOptions];
export type MessageIds = NoSequentialAwaitMessageId;

const verbList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

export const noSequentialAwait = createRule<Options, MessageIds>({
  name: 'no-sequential-await',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report independent awaits that run one after another and offer to start them together with Promise.all.',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      sequentialAwaits:
        '{{ calls }} do not depend on each other but are awaited one after another, so their latencies add up; start them together with Promise.all.',
      sequentialLoop:
        '{{ call }} is awaited in every iteration although the iterations do not depend on each other, so they run one at a time; start them together with Promise.all.',
      sequentialLoopLimited:
        '{{ call }} is awaited in every iteration although the iterations do not depend on each other; run them through a concurrency limiter (at most {{ maxConcurrency }} at a time, e.g. p-limit or a semaphore) instead of one at a time.',
      usePromiseAll:
        'Start them together with Promise.all (changes error handling: the first rejection rejects at once, the other calls still run and later calls start even if an earlier one fails)',
      usePromiseAllMap:
        'Run the iterations together with Promise.all (changes error handling: the first rejection rejects at once while the other iterations keep running; no iteration waits for an earlier one to succeed)',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxConcurrency: { type: 'integer', minimum: 1, description: 'Point loops at a limiter with this many calls at a time instead of offering Promise.all.' },
          readVerbs: { ...verbList, description: 'More call-name verbs that only read (e.g. "resolve", "probe").' },
          mutationVerbs: { ...verbList, description: 'More call-name verbs that change shared state and keep their order.' },
          sequentialVerbs: { ...verbList, description: 'More call-name verbs that pace or serialize work on purpose (sleep, lock, …).' },
          mergeDroppedResults: { type: 'boolean', description: 'Also merge `await f();` statements whose value is dropped, as holes (off: they are awaited for an effect).' },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{}],
  analyze: analyzeSequentialAwaits,
  reads: READS,
});
