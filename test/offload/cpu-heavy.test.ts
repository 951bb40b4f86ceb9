/** The `cpuHeavy` option of no-blocking-in-async: calls to project functions marked CPU-bound, in async context. */
import { noBlockingInAsync } from '../../rules/no-blocking-in-async.js';
import { createTypedRuleTester } from '../helpers/rule-tester.js';

const score = 'function score(text: string): number {\n  let total = 0;\n  for (let i = 0; i < 1e6; i++) total += text.length;\n  return total;\n}\n';
const arrow = 'const rank = (values: number[]): number[] => [...values].sort((a, b) => a - b);\n';
const options = [{ cpuHeavy: ['score', 'rank'] }] as const;
const message = (name: string) => ({ callee: `${name}()`, name });

createTypedRuleTester().run('no-blocking-in-async: cpuHeavy', noBlockingInAsync, {
  valid: [
    // Not marked.
    { code: `${score}export async function run() { return score('x'); }`, options: [{ cpuHeavy: ['other'] }] },
    // No option: nothing to report (the function does not reach a blocking API).
    `${score}export async function run() { return score('x'); }`,
    // Synchronous function, module top level, a callback that runs later.
    { code: `${score}export function run() { return score('x'); }`, options },
    { code: `${score}export const total = score('x');`, options },
    { code: `${score}export async function run() { setTimeout(() => score('x'), 10); }`, options },
    // Allowed wins.
    { code: `${score}export async function run() { return score('x'); }`, options: [{ cpuHeavy: ['score'], allow: ['score'] }] },
    // A method of the same name on some object is not the project function.
    { code: `${score}export async function run(o: { score(t: string): number }) { return o.score('x'); }`, options },
    // A file specifier that names another file.
    { code: `${score}export async function run() { return score('x'); }`, options: [{ cpuHeavy: [{ from: 'file', name: 'score', path: 'other.ts' }] }] },
  ],
  invalid: [
    {
      code: `${score}export async function run() { return score('x'); }`,
      options,
      errors: [{ messageId: 'cpuHeavy', data: message('score'), line: 6, column: 38, endColumn: 48 }],
    },
    {
      // A const arrow, and a synchronous callback that runs at once inside the async function.
      code: `${arrow}export async function run(lists: number[][]) { return lists.map((list) => rank(list)); }`,
      options,
      errors: [{ messageId: 'cpuHeavy', data: message('rank'), line: 2 }],
    },
    {
      code: `${score}export async function run() { return score('x'); }`,
      options: [{ cpuHeavy: [{ from: 'file', name: 'score' }] }],
      errors: [{ messageId: 'cpuHeavy', data: message('score') }],
    },
    {
      // Blocking through a chain and marked: reported once, as the chain (it names the call to change).
      code: `import * as fs from 'node:fs';\nfunction score(p: string) { return fs.readFileSync(p, 'utf8').length; }\nexport async function run() { return score('x'); }`,
      options: [{ cpuHeavy: ['score'] }],
      errors: [{ messageId: 'blockingHelper' }],
    },
  ],
});
