/**
 * Reading the `asyncPitfalls` settings a client sends: every known key is checked and falls back to
 * its default when it has the wrong shape; unknown keys are ignored. Problems come back as warnings
 * for the log, never as errors: a typo in a setting must not stop analysis.
 */
import { DEFAULT_SETTINGS, type AsyncPitfallsSettings, type RuleSettingValue } from '../protocol.js';

export interface ParsedSettings {
  readonly settings: AsyncPitfallsSettings;
  readonly warnings: readonly string[];
}

/** `trace.server` belongs to the client library (vscode-languageclient reads it), not to the server. */
const KNOWN_KEYS = new Set([...Object.keys(DEFAULT_SETTINGS), 'trace']);

export function parseSettings(raw: unknown): ParsedSettings {
  const warnings: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, warnings };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, warnings: [`Settings "asyncPitfalls" should be an object; using defaults.`] };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) warnings.push(`Unknown setting "asyncPitfalls.${key}" ignored.`);
  }
  const pick = <T>(key: keyof AsyncPitfallsSettings, valid: (value: unknown) => value is T, expected: string): T => {
    const value = input[key];
    if (value === undefined || value === null) return DEFAULT_SETTINGS[key] as T;
    if (valid(value)) return value;
    warnings.push(`Setting "asyncPitfalls.${key}" should be ${expected} (got ${JSON.stringify(value)}); using ${JSON.stringify(DEFAULT_SETTINGS[key])}.`);
    return DEFAULT_SETTINGS[key] as T;
  };
  const isNonNegativeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  return {
    settings: {
      enable: pick('enable', (v): v is boolean => typeof v === 'boolean', 'true or false'),
      run: pick('run', (v): v is 'onType' | 'onSave' => v === 'onType' || v === 'onSave', '"onType" or "onSave"'),
      rules: pick(
        'rules',
        (v): v is Record<string, RuleSettingValue> => typeof v === 'object' && v !== null && !Array.isArray(v),
        'an object of rule settings',
      ),
      maxFileSize: pick('maxFileSize', isNonNegativeNumber, 'a number of characters'),
      debounce: pick('debounce', isNonNegativeNumber, 'a number of milliseconds'),
      useEslintConfig: pick('useEslintConfig', (v): v is boolean => typeof v === 'boolean', 'true or false'),
    },
    warnings,
  };
}
