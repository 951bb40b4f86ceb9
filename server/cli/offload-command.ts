/**
 * `async-pitfalls offload <file>:<function> [--project tsconfig] [--dry-run]`: moves a CPU-bound
 * module-level function onto a worker thread (server/offload) and rewrites every call site in
 * async context across the project. Exit status: 0 done, 1 nothing to rewrite (nothing written),
 * 2 usage error or the function is not safe to move (with the reason).
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../engine/engine.js';
import { ConfigError } from '../engine/tsconfig.js';
import { applyChangesToDisk } from '../offload/apply.js';
import { offloadFunction, type CallSite, type OffloadPlan } from '../offload/index.js';
import type { CliIo } from './main.js';

export const OFFLOAD_USAGE = `Usage: async-pitfalls offload <file>:<function> [options]

Moves a CPU-bound module-level function of the project onto a worker thread: writes
<function>.worker.ts beside the file, a pool (piscina when the project depends on it, otherwise a
small node:worker_threads pool written once as async-pitfalls-worker-pool.ts), and rewrites every
call in async context to \`await <pool>.run(...)\`. Calls elsewhere are listed with the reason.

Options:
  -p, --project <tsconfig>   Use this tsconfig (default: the nearest one)
      --dry-run              Print what would change; write nothing
  -h, --help                 Show this help

Exit status: 0 done, 1 no call site to rewrite (nothing written), 2 usage error or not safe to move.`;

export function offloadCommand(argv: readonly string[], io: CliIo): number {
  let values: { project?: string; 'dry-run'?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { project: { type: 'string', short: 'p' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help === true) {
    io.stdout.write(`${OFFLOAD_USAGE}\n`);
    return 0;
  }
  const spec = positionals[0];
  const separator = spec?.lastIndexOf(':') ?? -1;
  if (spec === undefined || positionals.length > 1 || separator <= 0 || separator === spec.length - 1) {
    return usage(io, positionals.length > 1 ? `one <file>:<function> expected, got ${positionals.length}` : 'expected <file>:<function>, e.g. src/score.ts:scoreDocument');
  }
  const file = path.resolve(io.cwd, spec.slice(0, separator));
  const name = spec.slice(separator + 1);
  const engine = new Engine({ project: values.project === undefined ? undefined : path.resolve(io.cwd, values.project) });
  try {
    const project = values.project !== undefined ? engine.configuredProject(path.resolve(io.cwd, values.project)) : engine.projectFor(file);
    if (project === undefined) return usage(io, `${spec.slice(0, separator)} is not in any project`);
    const program = project.getProgram();
    if (program.getSourceFile(file) === undefined) return usage(io, `${spec.slice(0, separator)} is not part of ${project.configPath ?? 'the inferred project'}`);
    const result = offloadFunction(program, file, name);
    if (!result.ok) {
      io.stderr.write(`async-pitfalls offload: \`${name}\` cannot be moved to a worker thread: ${result.reason}\n`);
      return 2;
    }
    const { plan } = result;
    io.stdout.write(report(plan, io.cwd));
    if (plan.rewritten.length === 0) {
      io.stderr.write(`Nothing written: no call of \`${name}\` is in async context.\n`);
      return 1;
    }
    if (values['dry-run'] === true) return 0;
    const texts = new Map<string, string>();
    for (const change of plan.changes) {
      if (change.kind === 'edit') texts.set(change.fileName, program.getSourceFile(change.fileName)?.text ?? '');
    }
    const written = applyChangesToDisk(plan.changes, texts);
    io.stdout.write(`Wrote ${written.map((fileName) => relative(io.cwd, fileName)).join(', ')}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) return usage(io, error.message);
    throw error;
  } finally {
    engine.dispose();
  }
}

function report(plan: OffloadPlan, cwd: string): string {
  const lines: string[] = [];
  const helpers = plan.moved.filter((name) => name !== plan.target.name);
  const pool = plan.poolKind === 'piscina' ? 'a piscina pool' : 'the node:worker_threads pool helper';
  lines.push(
    `Moving \`${plan.target.name}\`${helpers.length > 0 ? ` (with ${helpers.join(', ')})` : ''} to ${relative(cwd, plan.workerFile)}, run through ${pool} \`${plan.poolName}\` (${plan.moduleFormat === 'esm' ? 'ES module' : 'CommonJS'}).`,
  );
  lines.push(`Call sites rewritten to \`await ${plan.poolName}.run(…)\`: ${plan.rewritten.length}`);
  for (const site of plan.rewritten) lines.push(`  ${where(site, cwd)}  ${site.text}`);
  lines.push(`Left alone: ${plan.leftAlone.length}`);
  for (const site of plan.leftAlone) lines.push(`  ${where(site, cwd)}  ${site.text}: ${site.reason}`);
  for (const note of plan.notes) lines.push(note);
  return `${lines.join('\n')}\n`;
}

function where(site: CallSite, cwd: string): string {
  return `${relative(cwd, site.fileName)}:${site.line}:${site.column}`;
}

function relative(cwd: string, fileName: string): string {
  const result = path.relative(cwd, fileName);
  return result.startsWith('..') ? fileName : result;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`async-pitfalls offload: ${message}\nRun "async-pitfalls offload --help" for usage.\n`);
  return 2;
}
