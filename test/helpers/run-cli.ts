/** Runs the CLI's `main()` in this process with captured output (real files, real engine). */
import { PassThrough } from 'node:stream';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { allRules } from '../../rules/registry.js';
import { main, type KeptEngines } from '../../server/cli/main.js';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `keptEngines`: engines that outlive the run, as in the daemon (server/cli/daemon/server.ts). */
export function runCliInProcess(args: readonly string[], cwd: string, rules: readonly AsyncPitfallsRule[] = allRules, keptEngines?: KeptEngines): CliRun {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const status = main(args, { stdout, stderr, cwd }, rules, keptEngines);
  return { status, stdout: out, stderr: err };
}
