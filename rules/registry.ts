/**
 * Every rule the plugin, the engine and the language server know. Adding a rule means adding it
 * here; nothing else in the plugin, the configs or the engine lists rules by name.
 */
import type { AsyncPitfallsRule } from './create-rule.js';
import { noMisusedAsyncCallback } from './no-misused-async-callback.js';
import { noFloatingPromise } from './no-floating-promise.js';
import { noBlockingInAsync } from './no-blocking-in-async.js';
import { noSequentialAwait } from './no-sequential-await.js';

export const allRules: readonly AsyncPitfallsRule[] = [
  noFloatingPromise,
  noMisusedAsyncCallback,
  noBlockingInAsync,
  noSequentialAwait,
];
