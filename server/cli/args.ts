/** Command-line arguments of `async-pitfalls`, parsed strictly: anything unknown is a usage error. */
import { parseArgs } from 'node:util';
import type { RuleSetting } from '../engine/rule-config.js';
import { UsageError } from '../engine/targets.js';

export type OutputFormat = 'stylish' | 'json' | 'sarif';

export interface CliArguments {
  readonly paths: readonly string[];
  readonly project: string | undefined;
  readonly fix: boolean;
  readonly format: OutputFormat;
  readonly maxWarnings: number | undefined;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly maxFileSize: number | undefined;
  readonly outputFile: string | undefined;
  readonly cache: boolean;
  readonly cacheLocation: string | undefined;
  readonly daemon: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: async-pitfalls [paths...] [options]

Finds floating promises, misused async callbacks, blocking calls in async code and needlessly
sequential awaits. Paths are files or folders (default: the current folder); each file is analysed
with the program of its nearest tsconfig.json.

Options:
  -p, --project <tsconfig>   Use this tsconfig for the files it contains
      --fix                  Apply safe fixes (never suggestions) and write the files
  -f, --format <name>        stylish (default), json (ESLint's JSON shape) or sarif (SARIF 2.1.0)
  -o, --output-file <file>   Write the report to a file instead of standard output
      --max-warnings <n>     Exit 1 when there are more than n warnings
      --rule <id=setting>    Set a rule: id=off|warn|error, or id='["warn", {options}]' (repeatable)
      --max-file-size <n>    Skip files larger than n bytes (suffix k or m; default 2m)
      --cache                Reuse results of files that did not change, nor what they use of other files
      --cache-location <p>   Cache file or folder (default: .async-pitfalls-cache)
      --daemon               --cache, with the programs kept in a background process between runs
                             (it stops after 15 idle minutes, or with "async-pitfalls daemon stop")
  -h, --help                 Show this help
  -v, --version              Show the version

Subcommands:
  offload <file>:<function>  Move a CPU-bound function onto a worker thread and rewrite its async
                             call sites (see "async-pitfalls offload --help")
  daemon status|stop         Whether the background process of --daemon runs; stop it

Exit status: 0 clean, 1 errors found (or too many warnings), 2 usage or configuration error.`;

export function parseCliArguments(argv: readonly string[]): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: 'string', short: 'p' },
        fix: { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        daemon: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`Unknown format "${format}": use stylish, json or sarif.`);
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    project: values.project,
    fix: values.fix ?? false,
    format,
    maxWarnings: values['max-warnings'] === undefined ? undefined : nonNegativeInteger(values['max-warnings'], '--max-warnings'),
    rules: Object.fromEntries((values.rule ?? []).map(parseRuleArgument)),
    maxFileSize: values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']),
    outputFile: values['output-file'],
    cache: values.cache ?? false,
    cacheLocation: values['cache-location'],
    daemon: values.daemon ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parseRuleArgument(argument: string): [string, RuleSetting] {
  const separator = argument.indexOf('=');
  if (separator <= 0) throw new UsageError(`--rule expects id=setting, got "${argument}".`);
  const id = argument.slice(0, separator).trim();
  const value = argument.slice(separator + 1).trim();
  if (value.startsWith('[')) {
    try {
      return [id, JSON.parse(value) as RuleSetting];
    } catch (error) {
      throw new UsageError(`--rule ${id}: the setting is not valid JSON (${(error as Error).message}).`);
    }
  }
  return [id, (/^\d+$/u.test(value) ? Number(value) : value) as RuleSetting];
}

function nonNegativeInteger(value: string, flag: string): number {
  if (!/^\d+$/u.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}".`);
  return Number(value);
}

function parseSize(value: string): number {
  const match = /^(\d+)([km]?)$/iu.exec(value.trim());
  if (!match) throw new UsageError(`--max-file-size expects a size such as 500k or 4m, got "${value}".`);
  const unit = (match[2] ?? '').toLowerCase();
  return Number(match[1]) * (unit === 'm' ? 1024 * 1024 : unit === 'k' ? 1024 : 1);
}
