/**
 * Builds the ESLint plugin object from a list of rules: `{ meta, rules, configs }`, where the
 * flat configs register the plugin under the `async-pitfalls` namespace.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { AsyncPitfallsRule } from './create-rule.js';

export const PLUGIN_NAMESPACE = 'async-pitfalls';

export interface AsyncPitfallsPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Readonly<Record<string, AsyncPitfallsRule>>;
  readonly configs: {
    readonly recommended: TSESLint.FlatConfig.Config;
    readonly strict: TSESLint.FlatConfig.Config;
  };
}

export function createPlugin(rules: readonly AsyncPitfallsRule[], name: string, version: string): AsyncPitfallsPlugin {
  const configs = {} as { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
  const plugin: AsyncPitfallsPlugin = {
    meta: { name, version },
    rules: Object.fromEntries(rules.map((rule) => [rule.name, rule])),
    configs,
  };
  const pluginRef = plugin as unknown as TSESLint.FlatConfig.Plugin;
  configs.recommended = {
    name: `${PLUGIN_NAMESPACE}/recommended`,
    plugins: { [PLUGIN_NAMESPACE]: pluginRef },
    rules: Object.fromEntries(
      rules.filter((rule) => rule.meta.docs?.recommended === 'recommended').map((rule) => [`${PLUGIN_NAMESPACE}/${rule.name}`, 'error']),
    ),
  };
  configs.strict = {
    name: `${PLUGIN_NAMESPACE}/strict`,
    plugins: { [PLUGIN_NAMESPACE]: pluginRef },
    rules: Object.fromEntries(rules.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.name}`, 'error'])),
  };
  return plugin;
}
