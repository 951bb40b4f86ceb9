/**
 * How much work the type checker does for each rule on a real project, counted instead of timed:
 * the types, instantiations and symbols TypeScript creates while the rules run are the same on
 * every run, so a change that saves checker work shows even on a busy machine (wall times on the
 * shared 2-core machine move by ±15 % between runs). Run manually, after `npx tsc -p .`:
 *
 *   node dist/bench/checker-work.js --project <tsconfig> <file or folder>...
 *
 * Prints one line per rule alone, then all rules together (the rows do not add up: rules share
 * what the checker has worked out), then the same counts for typescript-eslint's typed rules that
 * users would run instead, together (`no-floating-promises`, `no-misused-promises`; the other two
 * the bench compares with ask no types), read from the program typescript-eslint builds. The milliseconds are
 * only a hint: later rows reuse the files the first one parsed (one document registry per process).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ESLint, type Linter, type Rule } from 'eslint';
import * as ts from 'typescript';
import tseslint from 'typescript-eslint';
import { Engine } from '../server/engine/engine.js';
import { allRules } from '../rules/registry.js';
import { PLUGIN_NAMESPACE } from '../rules/plugin.js';

/** The counters `tsc --extendedDiagnostics` prints; on the checker object, missing from the public typings. */
type CountingChecker = ts.TypeChecker & { getTypeCount(): number; getInstantiationCount(): number; getSymbolCount(): number };

function sourceFiles(entry: string, into: string[]): void {
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    into.push(entry);
    return;
  }
  for (const child of fs.readdirSync(entry, { withFileTypes: true })) {
    if (child.name === 'node_modules' || child.name.startsWith('.')) continue;
    const full = path.join(entry, child.name);
    if (child.isDirectory()) sourceFiles(full, into);
    else if (/\.[cm]?tsx?$/u.test(child.name) && !/\.d\.[cm]?ts$/u.test(child.name)) into.push(full);
  }
}

function measure(tsconfig: string, files: readonly string[], enabled: ReadonlySet<string>): string {
  const ruleSettings = Object.fromEntries(allRules.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.name}`, enabled.has(rule.name) ? 'error' : 'off'] as const));
  const engine = new Engine({ project: tsconfig, ruleSettings, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo });
  try {
    const project = engine.configuredProject(tsconfig);
    const started = performance.now();
    const results = engine.lintFiles(files);
    const ms = performance.now() - started;
    const checker = project.getProgram().getTypeChecker() as CountingChecker;
    const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
    return `types ${checker.getTypeCount()}, instantiations ${checker.getInstantiationCount()}, symbols ${checker.getSymbolCount()}; ${findings} findings; ${ms.toFixed(0)} ms`;
  } finally {
    engine.dispose();
  }
}

/** typescript-eslint's equivalents on the same files, counting what their program's checker created. */
async function measureTypescriptEslint(tsconfig: string, files: readonly string[], rules: readonly string[]): Promise<string> {
  let checker: CountingChecker | undefined;
  const counter: Rule.RuleModule = {
    create: (context) => ({
      'Program:exit': () => {
        checker = (context.sourceCode.parserServices as { program: ts.Program }).program.getTypeChecker() as CountingChecker;
      },
    }),
  };
  const config: Linter.Config = {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser, parserOptions: { project: tsconfig, tsconfigRootDir: path.dirname(tsconfig) } },
    plugins: { '@typescript-eslint': tseslint.plugin as unknown as ESLint.Plugin, counter: { rules: { count: counter } } },
    rules: { ...Object.fromEntries(rules.map((rule) => [`@typescript-eslint/${rule}`, 'error'])), 'counter/count': 'error' },
  };
  const eslint = new ESLint({ cwd: path.dirname(tsconfig), overrideConfigFile: true, overrideConfig: config, allowInlineConfig: false, warnIgnored: false });
  const started = performance.now();
  const results = await eslint.lintFiles([...files]);
  const ms = performance.now() - started;
  const findings = results.reduce((sum, result) => sum + result.messages.filter((m) => m.ruleId?.startsWith('@typescript-eslint/')).length, 0);
  if (!checker) return 'no file was linted';
  return `types ${checker.getTypeCount()}, instantiations ${checker.getInstantiationCount()}, symbols ${checker.getSymbolCount()}; ${findings} findings; ${ms.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--project');
  const tsconfig = at >= 0 ? argv[at + 1] : undefined;
  const entries = argv.filter((arg, i) => arg !== '--project' && i !== at + 1);
  if (tsconfig === undefined || entries.length === 0) throw new Error('usage: checker-work.js --project <tsconfig> <file or folder>...');
  const files: string[] = [];
  for (const entry of entries) sourceFiles(path.resolve(entry), files);
  console.log(`${files.length} files, ${path.resolve(tsconfig)}`);
  for (const rule of allRules) console.log(`${rule.name.padEnd(28)} ${measure(path.resolve(tsconfig), files, new Set([rule.name]))}`);
  console.log(`${'all rules'.padEnd(28)} ${measure(path.resolve(tsconfig), files, new Set(allRules.map((rule) => rule.name)))}`);
  // Once: typescript-eslint keeps its program for the rest of the process, so a second row would count both.
  console.log(`${'typescript-eslint, both'.padEnd(28)} ${await measureTypescriptEslint(path.resolve(tsconfig), files, ['no-floating-promises', 'no-misused-promises'])}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
