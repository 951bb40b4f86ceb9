/**
 * `async-pitfalls [paths…]`: the CLI. Parses arguments, lets the engine analyse every target file
 * with its project's program, optionally applies safe fixes, prints a report, and exits 0 (clean),
 * 1 (errors, or more warnings than allowed) or 2 (usage or configuration error).
 */
// First: it has to see TypeScript being loaded.
import { storeCompileCache } from './compile-cache.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { allRules } from '../../rules/registry.js';
import { Engine, type EngineSettings } from '../engine/engine.js';
import { fixAll } from '../engine/fix-all.js';
import { recommendedSettings, RuleConfigError, withFullRuleIds } from '../engine/rule-config.js';
import { collectTargets, UsageError } from '../engine/targets.js';
import { ConfigError } from '../engine/tsconfig.js';
import { parseCliArguments, USAGE, type CliArguments } from './args.js';
import { offloadCommand } from './offload-command.js';
import { DEFAULT_CACHE_FILE, LintCache } from './cache.js';
import { formatSarif } from './formatters/sarif.js';
import { formatStylish } from './formatters/stylish.js';
import { toLintResult, type LintResult } from './formatters/results.js';
import { ProgressLine } from './progress.js';
import { packageVersion } from './installation.js';
import { writeFileAtomically } from './write-file-atomically.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  /** The environment the run is for (the daemon's own may be another's); process.env when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Engines kept between runs (the daemon, daemon/server.ts); main then neither creates nor disposes one. */
export interface KeptEngines {
  engineFor(settings: EngineSettings): Engine;
}

const EXIT_CLEAN = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

/** `rules` is the plugin's rule list; tests hand in their own to exercise the CLI's plumbing. */
export function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  rules: readonly AsyncPitfallsRule[] = allRules,
  keptEngines?: KeptEngines,
): number {
  if (argv[0] === 'offload') return offloadCommand(argv.slice(1), io);
  let args: CliArguments;
  try {
    args = parseCliArguments(argv);
  } catch (error) {
    io.stderr.write(`async-pitfalls: ${(error as Error).message}\nRun "async-pitfalls --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_CLEAN;
  }
  if (args.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_CLEAN;
  }
  let engine: Engine | undefined;
  try {
    const settings: EngineSettings = {
      rules,
      ruleSettings: { ...recommendedSettings(rules), ...withFullRuleIds(args.rules) },
      maxFileSize: args.maxFileSize,
      project: args.project === undefined ? undefined : path.resolve(io.cwd, args.project),
      // No editor shows these programs' documentation: JSDoc is parsed only where it gives types (JavaScript).
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
    };
    engine = keptEngines ? keptEngines.engineFor(settings) : new Engine(settings);
    if (args.project !== undefined) engine.configuredProject(path.resolve(io.cwd, args.project));
    const results = run(engine, args, io, keptEngines !== undefined);
    if (results.length > 0 && !keptEngines) storeCompileCache();
    for (const warning of engine.configWarnings) io.stderr.write(`async-pitfalls: warning: ${warning}\n`);
    const report = format(results, args, io, rules);
    if (args.outputFile === undefined) io.stdout.write(report);
    else fs.writeFileSync(path.resolve(io.cwd, args.outputFile), report);
    return exitCode(results, args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RuleConfigError || error instanceof ConfigError) {
      io.stderr.write(`async-pitfalls: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    if (!keptEngines) engine?.dispose();
  }
}

/** `warmPrograms`: the engine's programs outlive this run, so files to analyse use them rather than a program of their own. */
function run(engine: Engine, args: CliArguments, io: CliIo, warmPrograms: boolean): LintResult[] {
  const targets = collectTargets(engine, args.paths, io.cwd);
  const progress = new ProgressLine(io.stderr, targets.length);
  const results: LintResult[] = [];
  const cacheFile = path.resolve(io.cwd, args.cacheLocation ?? DEFAULT_CACHE_FILE);
  const cache = args.cache || args.daemon ? LintCache.open(engine, targets, cacheFile, { fix: args.fix, warmPrograms }) : undefined;
  let version = 1;
  try {
    for (const [index, target] of targets.entries()) {
      progress.update(index, target.file);
      const cached = cache?.cachedResult(target);
      if (cached) {
        results.push(cached);
        continue;
      }
      const project = cache?.projectFor(target) ?? target.project;
      const result = engine.lintFile(target.file, project);
      if (!args.fix || result.text === undefined || !result.messages.some((m) => m.fix && !m.fatal)) {
        results.push(toLintResult(result.filePath, result.messages));
        cache?.record(target, results[results.length - 1] as LintResult, false);
        continue;
      }
      const fixed = fixAll(engine, project, target.file, result.text, version);
      version += 11;
      if (fixed.text !== result.text) {
        writeFileAtomically(target.file, fixed.text, result.hasBom);
        io.stderr.write(`Fixed ${fixed.fixCount} problem${fixed.fixCount === 1 ? '' : 's'} in ${path.relative(io.cwd, target.file)}\n`);
      }
      project.removeOverlay(target.file);
      project.markChangedOnDisk(target.file);
      results.push(toLintResult(result.filePath, fixed.messages, fixed.text === result.text ? undefined : fixed.text));
      cache?.record(target, results[results.length - 1] as LintResult, fixed.text !== result.text);
    }
    cache?.save();
  } finally {
    progress.done();
    cache?.dispose();
  }
  return results;
}

function format(results: readonly LintResult[], args: CliArguments, io: CliIo, rules: readonly AsyncPitfallsRule[]): string {
  switch (args.format) {
    case 'json':
      return `${JSON.stringify(results)}\n`;
    case 'sarif':
      return formatSarif(results, { rules, version: packageVersion(), cwd: io.cwd });
    case 'stylish':
      return formatStylish(results, { color: args.outputFile === undefined && io.stdout.isTTY === true && !(io.env ?? process.env).NO_COLOR });
  }
}

function exitCode(results: readonly LintResult[], args: CliArguments, io: CliIo): number {
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
  if (errors > 0) return EXIT_PROBLEMS;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr.write(`async-pitfalls found too many warnings (maximum: ${args.maxWarnings}).\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_CLEAN;
}
