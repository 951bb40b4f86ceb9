/** Runs the CLI's `main()` in this process with captured output (real files, real engine). */
import { PassThrough } from 'node:stream';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { allRules } from '../../rules/registry.js';
import { main } from '../../server/cli/main.js';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCliInProcess(args: readonly string[], cwd: string, rules: readonly AsyncPitfallsRule[] = allRules): CliRun {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const status = main(args, { stdout, stderr, cwd }, rules);
  return { status, stdout: out, stderr: err };
}
