/**
 * Helpers for the offload tests: load a fixture copy's program, apply an offload to the copy,
 * compile it with the TypeScript compiler, and run its entry point with Node.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { applyChangesToDisk } from '../../server/offload/apply.js';
import type { OffloadPlan } from '../../server/offload/index.js';
import { fixturesRoot } from '../helpers/fixtures.js';

const repositoryRoot = path.resolve(fixturesRoot, '..');

export function loadProgram(projectDir: string): ts.Program {
  const configPath = path.join(projectDir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')) });
  assert.ok(parsed, `cannot read ${configPath}`);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}

/** Type-checks the project and emits it into `outDir`; returns the diagnostics, formatted. */
export function compile(projectDir: string, outDir: string): string[] {
  const configPath = path.join(projectDir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { outDir }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(parsed);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((diagnostic) =>
    ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => projectDir, getNewLine: () => '\n' }).trim(),
  );
}

export function applyPlan(program: ts.Program, plan: OffloadPlan): void {
  const texts = new Map<string, string>();
  for (const change of plan.changes) if (change.kind === 'edit') texts.set(change.fileName, (program.getSourceFile(change.fileName) as ts.SourceFile).text);
  applyChangesToDisk(plan.changes, texts);
}

export interface RunOutput {
  readonly [key: string]: unknown;
  readonly ticksDuringCall: number;
}

/** Runs a compiled entry point and parses the JSON line it prints. */
export function runEntry(file: string, args: readonly string[]): RunOutput {
  const stdout = execFileSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as RunOutput;
}

/** The output without the tick count, which is what the offload is meant to change. */
export function results(output: RunOutput): Record<string, unknown> {
  const { ticksDuringCall: _ticks, ...rest } = output;
  return rest;
}

/** A copy of `fixtures/<name>` without any node_modules (see linkNodeTypes). */
export function copyFixtureWithOwnModules(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `async-pitfalls-${name}-`));
  fs.cpSync(path.join(fixturesRoot, name), target, { recursive: true });
  return target;
}

/** Links the repository's @types/node into the copy's own node_modules (after npm, which prunes what it did not install). */
export function linkNodeTypes(projectDir: string): void {
  fs.mkdirSync(path.join(projectDir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(repositoryRoot, 'node_modules', '@types', 'node'), path.join(projectDir, 'node_modules', '@types', 'node'), 'dir');
}

/**
 * Installs piscina from the npm registry into the copy (never into the repository: it is not one
 * of async-pitfalls' dependencies). Returns why it could not, or undefined when it is installed.
 */
export function installPiscina(projectDir: string): string | undefined {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', projectDir, 'piscina@^5'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status === 0 && fs.existsSync(path.join(projectDir, 'node_modules', 'piscina', 'package.json'))) return undefined;
  return (result.error?.message ?? `${result.stderr}`.trim().split('\n').slice(-3).join(' ')) || `npm exited with ${String(result.status)}`;
}
