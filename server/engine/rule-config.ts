/**
 * Rule settings as users write them (ESLint's shape: `'error'`, `2`, `['warn', { … }]`), checked
 * the way ESLint checks them: severities by name or number, options validated with the same
 * validator (ajv 6) against the rule's own `meta.schema`, then merged over the rule's defaults
 * with typescript-eslint's `applyDefault`.
 */
// The subpath, not the package root: the root loads all of typescript-estree and ESLint's API.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import Ajv from 'ajv';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { PLUGIN_NAMESPACE } from '../../rules/plugin.js';

export type Severity = 1 | 2;
export type SeveritySetting = 'off' | 'warn' | 'error' | 0 | 1 | 2;
export type RuleSetting = SeveritySetting | readonly [SeveritySetting, ...unknown[]];
/** Keys may be written with or without the `async-pitfalls/` prefix. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

export interface EnabledRule {
  readonly rule: AsyncPitfallsRule;
  /** `async-pitfalls/<name>` */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly options: unknown;
}

export class RuleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleConfigError';
  }
}

const ajv = new Ajv({ meta: false, useDefaults: true, validateSchema: false, missingRefs: 'ignore', verbose: true, schemaId: 'auto' });
// ajv 6 ships its draft-04 meta-schema only as JSON, hence require.
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));

export function ruleId(rule: AsyncPitfallsRule): string {
  return `${PLUGIN_NAMESPACE}/${rule.name}`;
}

/** The rules `recommended` turns on, at `error`, with default options. */
export function recommendedSettings(rules: readonly AsyncPitfallsRule[]): RuleSettings {
  return Object.fromEntries(rules.filter((rule) => rule.meta.docs?.recommended === 'recommended').map((rule) => [ruleId(rule), 'error']));
}

/** The same settings with every key written `async-pitfalls/<rule>`, so later layers override earlier ones. */
export function withFullRuleIds(settings: RuleSettings): RuleSettings {
  return Object.fromEntries(
    Object.entries(settings).map(([key, setting]) => [key.includes('/') ? key : `${PLUGIN_NAMESPACE}/${key}`, setting]),
  );
}

/**
 * Resolves settings against the known rules. Unknown rule ids and invalid options are errors
 * (thrown as RuleConfigError with a message naming the rule), as ESLint treats them.
 */
export function resolveRuleSettings(rules: readonly AsyncPitfallsRule[], settings: RuleSettings): EnabledRule[] {
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const enabled: EnabledRule[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    const name = key.startsWith(`${PLUGIN_NAMESPACE}/`) ? key.slice(PLUGIN_NAMESPACE.length + 1) : key;
    const rule = byName.get(name);
    if (!rule) {
      throw new RuleConfigError(`Unknown rule "${key}". Known rules: ${[...byName.keys()].map((n) => `${PLUGIN_NAMESPACE}/${n}`).join(', ')}.`);
    }
    const [severitySetting, ...userOptions] = Array.isArray(setting) ? (setting as readonly unknown[]) : [setting];
    const severity = toSeverity(severitySetting, key);
    if (severity === 0) continue;
    validateOptions(rule, userOptions, key);
    const defaults = (rule.meta.defaultOptions ?? []) as readonly unknown[];
    const options = ESLintUtils.applyDefault(defaults as unknown[], userOptions as unknown[]);
    enabled.push({ rule, ruleId: ruleId(rule), severity, options: options[0] });
  }
  return enabled;
}

function toSeverity(value: unknown, key: string): 0 | Severity {
  switch (value) {
    case 0:
    case 'off':
      return 0;
    case 1:
    case 'warn':
      return 1;
    case 2:
    case 'error':
      return 2;
    default:
      throw new RuleConfigError(
        `Configuration for rule "${key}" is invalid: severity should be one of "off", "warn", "error", 0, 1 or 2 (you passed ${JSON.stringify(value)}).`,
      );
  }
}

function validateOptions(rule: AsyncPitfallsRule, userOptions: readonly unknown[], key: string): void {
  const schema = rule.meta.schema;
  const fullSchema = Array.isArray(schema) ? { type: 'array', items: schema, minItems: 0, maxItems: schema.length } : schema;
  if (fullSchema === undefined) return;
  const validate = ajv.compile(fullSchema as object);
  // ajv's useDefaults writes into what it validates: validate a copy.
  if (validate(structuredClone([...userOptions]))) return;
  const details = (validate.errors ?? [])
    .map((error) => `Value ${JSON.stringify(error.data)} ${error.message ?? 'is invalid'}${error.dataPath ? ` at ${error.dataPath}` : ''}`)
    .join('; ');
  throw new RuleConfigError(`Configuration for rule "${key}" is invalid: ${details}.`);
}
