/**
 * async-pitfalls/no-misused-async-callback: promises passed, assigned, tested or spread where
 * nobody handles them. The analysis is rules/core/no-misused-async-callback; this is its ESLint face.
 */
import { createRule } from './create-rule.js';
import {
  analyzeNoMisusedAsyncCallback,
  READS,
  RULE_NAME,
  type NoMisusedAsyncCallbackMessageId,
  type NoMisusedAsyncCallbackOptions,
} from './core/no-misused-async-callback/index.js';

export type Options = [NoMisusedAsyncCallbackOptions];
export type MessageIds = NoMisusedAsyncCallbackMessageId;

export const noMisusedAsyncCallback = createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow promise-returning functions where a void return is expected, and promises used as conditions or spread into objects.',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      voidReturnArgument:
        'Promise-returning function passed to {{ callee }}, which expects a function returning void: the promise is ignored, so a rejection goes unhandled and nothing waits for the work.',
      voidReturnForEach:
        'forEach does not wait for an async callback: the code after it runs before the work is done, and a rejection goes unhandled.',
      voidReturnProperty:
        'Promise-returning function given to property {{ name }}, whose type expects a void return: the caller ignores the promise and its rejection.',
      voidReturnVariable:
        'Promise-returning function assigned where a function returning void is expected: callers ignore the promise and its rejection.',
      voidReturnReturnValue:
        'Promise-returning function returned where a function returning void is expected: the caller ignores the promise and its rejection.',
      voidReturnAttribute:
        'Promise-returning function given to JSX attribute {{ name }}, which expects a void return: the promise and its rejection are ignored.',
      voidReturnInheritedMethod:
        '{{ name }} returns a promise but overrides a void-returning method of {{ base }}: callers through {{ base }} ignore the promise and its rejection.',
      conditional: 'This promise is always truthy: the condition does not wait for its value. Await it to test the value.',
      predicate:
        '{{ method }} does not await its predicate: the promise it returns is always truthy. Resolve the values first (e.g. `const keep = await Promise.all(items.map(predicate))`) and pass {{ method }} a synchronous test of the results.',
      spread: 'Spreading a promise copies none of its result (a promise has no own enumerable properties). Await it first.',
      forEachToForOf: 'Run one item after another: rewrite as `for (… of {{ receiver }})` awaiting each (sequential, unlike forEach)',
      forEachToPromiseAll: 'Run all items at once and wait for them: `await Promise.all({{ receiver }}.map(…))` (concurrent, like forEach)',
      awaitCondition: 'Await the promise and test its value',
      awaitSpread: 'Await the promise and spread its value',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checksConditionals: { type: 'boolean', description: 'Report promises tested for truthiness and async array predicates.' },
          checksSpreads: { type: 'boolean', description: 'Report promises spread into object literals.' },
          checksVoidReturn: {
            description: 'Report promise-returning functions in void-return positions (`true`: the defaults, JSX attributes off).',
            oneOf: [
              { type: 'boolean' },
              {
                type: 'object',
                additionalProperties: false,
                properties: {
                  arguments: { type: 'boolean' },
                  attributes: { type: 'boolean' },
                  inheritedMethods: { type: 'boolean' },
                  properties: { type: 'boolean' },
                  returns: { type: 'boolean' },
                  variables: { type: 'boolean' },
                },
              },
            ],
          },
        },
      },
    ],
  },
  defaultOptions: [{ checksConditionals: true, checksSpreads: true, checksVoidReturn: true }],
  analyze: analyzeNoMisusedAsyncCallback,
  reads: READS,
});
