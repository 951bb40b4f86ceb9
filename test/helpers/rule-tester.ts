/**
 * RuleTester wired to mocha and to a real typed project (fixtures/rule-tester), so every rule
 * suite runs with the same parser, type information and @types/node as users get.
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const ruleTesterProject = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'rule-tester');

/** A RuleTester that lints samples as `fixtures/rule-tester/file.ts` with full type information. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        project: './tsconfig.json',
        tsconfigRootDir: ruleTesterProject,
        ecmaFeatures: { jsx: true },
      },
    },
  });
}

/** A RuleTester without type information (plain parser), for rules that must cope without it. */
export function createUntypedRuleTester(): RuleTester {
  return new RuleTester();
}
