/**
 * The single wrapper every rule is built with. A rule file gives `meta` (messages, schema,
 * defaults) and its core analysis; this turns it into an ESLint rule (through typescript-eslint's
 * RuleCreator, so the docs URL and default options behave like theirs) and keeps the analysis on
 * the rule object so the engine can run the very same code without ESLint.
 */
import type { TSESLint } from '@typescript-eslint/utils';
// The subpath, not the package root: the root loads all of typescript-estree (~0.2 s at every CLI start).
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type { Analysis, AnalysisReads } from './core/types.js';
import { reportFindings } from './eslint-adapter.js';

export const DOCS_BASE_URL = 'https://github.com/async-pitfalls/async-pitfalls/blob/main/docs/rules/';

export interface AsyncPitfallsDocs {
  /** Which shipped config turns the rule on: `recommended` (and strict) or only `strict`. */
  readonly recommended: 'recommended' | 'strict';
  /** Whether the rule needs type information (typed linting) to run at all. */
  readonly requiresTypeChecking: boolean;
}

export interface RuleAnalysis<Options extends readonly unknown[]> {
  readonly analyze: Analysis<Options[0]>;
  readonly requiresTypeChecking: boolean;
  readonly reads: AnalysisReads;
}

// `any` in the default: a list of rules holds rules of different option types, and the engine
// passes each rule only options its own schema validated.
export type AsyncPitfallsRule<MessageIds extends string = string, Options extends readonly unknown[] = any> =
  TSESLint.RuleModule<MessageIds, Options, AsyncPitfallsDocs> & {
    readonly name: string;
    readonly analysis: RuleAnalysis<Options>;
  };

const ruleCreator = ESLintUtils.RuleCreator<AsyncPitfallsDocs>((name) => `${DOCS_BASE_URL}${name}.md`);

export interface CreateRuleArguments<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: ESLintUtils.NamedCreateRuleMeta<MessageIds, AsyncPitfallsDocs, Options>;
  readonly defaultOptions: Options;
  readonly analyze: Analysis<Options[0]>;
  readonly reads: AnalysisReads;
}

export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  args: CreateRuleArguments<Options, MessageIds>,
): AsyncPitfallsRule<MessageIds, Options> {
  const { name, meta, defaultOptions, analyze, reads } = args;
  const requiresTypeChecking = meta.docs.requiresTypeChecking;
  const rule = ruleCreator<Options, MessageIds>({
    name,
    meta: { ...meta, defaultOptions },
    create: (context, optionsWithDefault) => ({
      Program: (node) => {
        reportFindings(context, node, analyze, optionsWithDefault[0], requiresTypeChecking);
      },
    }),
  });
  return Object.assign(rule, { analysis: { analyze, requiresTypeChecking, reads } });
}
