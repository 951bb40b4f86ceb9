/**
 * The rule settings ESLint would use for a file, read from the workspace's flat config, so the
 * editor reports what `eslint` reports in CI. Loading a flat config executes the project's code:
 * the server does it only when the client says the workspace is trusted (and the user did not turn
 * it off). ESLint comes from the project when it has one, else from this package.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_NAMESPACE } from '../../rules/plugin.js';
import type { RuleSettings } from '../engine/rule-config.js';

export const FLAT_CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

export type EslintRuleSettings =
  | { readonly kind: 'none' }
  /** The config does not mention our rules: the server's own settings apply. */
  | { readonly kind: 'not-configured'; readonly configFile: string }
  /** ESLint ignores the file: nothing is reported, as in CI. */
  | { readonly kind: 'ignored'; readonly configFile: string }
  | { readonly kind: 'configured'; readonly configFile: string; readonly rules: RuleSettings }
  | { readonly kind: 'error'; readonly configFile: string; readonly message: string };

interface EslintLike {
  calculateConfigForFile(filePath: string): Promise<{ rules?: Record<string, unknown> } | undefined>;
  isPathIgnored(filePath: string): Promise<boolean>;
}

/** The nearest flat config at or above the file's folder (as ESLint looks it up). */
export async function findFlatConfig(filePath: string): Promise<string | undefined> {
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    for (const name of FLAT_CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (await exists(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export class EslintConfigs {
  private readonly instances = new Map<string, Promise<EslintLike>>();

  /** Forget loaded configs (a config file or the project's dependencies changed). */
  clear(): void {
    this.instances.clear();
  }

  async ruleSettingsFor(filePath: string): Promise<EslintRuleSettings> {
    const configFile = await findFlatConfig(filePath);
    if (!configFile) return { kind: 'none' };
    try {
      const eslint = await this.instanceFor(configFile);
      if (await eslint.isPathIgnored(filePath)) return { kind: 'ignored', configFile };
      const config = await eslint.calculateConfigForFile(filePath);
      if (!config) return { kind: 'ignored', configFile };
      const ours = Object.entries(config.rules ?? {}).filter(([id]) => id.startsWith(`${PLUGIN_NAMESPACE}/`));
      if (ours.length === 0) return { kind: 'not-configured', configFile };
      return { kind: 'configured', configFile, rules: Object.fromEntries(ours) as RuleSettings };
    } catch (error) {
      this.instances.delete(configFile);
      return { kind: 'error', configFile, message: (error as Error).message };
    }
  }

  private instanceFor(configFile: string): Promise<EslintLike> {
    let instance = this.instances.get(configFile);
    if (!instance) {
      instance = createEslint(path.dirname(configFile));
      this.instances.set(configFile, instance);
    }
    return instance;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function createEslint(cwd: string): Promise<EslintLike> {
  let entry: string;
  try {
    entry = require.resolve('eslint', { paths: [cwd] });
  } catch {
    entry = require.resolve('eslint');
  }
  const module = (await import(pathToFileURL(entry).href)) as { ESLint?: new (options: { cwd: string }) => EslintLike; default?: { ESLint?: new (options: { cwd: string }) => EslintLike } };
  const ESLint = module.ESLint ?? module.default?.ESLint;
  if (!ESLint) throw new Error(`${entry} does not export ESLint`);
  return new ESLint({ cwd });
}
