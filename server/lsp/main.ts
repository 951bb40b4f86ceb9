/**
 * Entry point of `async-pitfalls-language-server`. The transport comes from the command line
 * (`--stdio`, `--node-ipc`, `--socket=<port>`, `--pipe=<name>`), as vscode-languageserver reads it.
 * Nothing thrown anywhere ends the process: errors are logged to the client.
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { allRules } from '../../rules/registry.js';
import { AsyncPitfallsServer } from './server.js';

const USAGE = `Usage: async-pitfalls-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

The async-pitfalls language server (Language Server Protocol). Start it from an editor's LSP client,
for example Neovim: vim.lsp.start_client({ cmd = { 'async-pitfalls-language-server', '--stdio' } }).`;

export function main(argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${(require('../../../package.json') as { version: string }).version}\n`);
    return;
  }
  if (!argv.some((arg) => /^--(?:stdio|node-ipc|socket|pipe)/u.test(arg))) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  const rules = new Map([...allRules, ...extraRules()].map((rule) => [rule.name, rule]));
  new AsyncPitfallsServer(connection, { rules: [...rules.values()] }).listen();
}

/**
 * Rules from modules named in ASYNC_PITFALLS_EXTRA_RULES (path-separated list of files exporting
 * `rules`). Used by the server's own tests to run test-only rules through the built binary; a rule
 * of the same name as a registered one replaces it.
 */
function extraRules(): AsyncPitfallsRule[] {
  const list = process.env['ASYNC_PITFALLS_EXTRA_RULES'];
  if (!list) return [];
  const rules: AsyncPitfallsRule[] = [];
  for (const modulePath of list.split(path.delimiter).filter(Boolean)) {
    const loaded = require(path.resolve(modulePath)) as { rules?: readonly AsyncPitfallsRule[] };
    rules.push(...(loaded.rules ?? []));
  }
  return rules;
}

if (require.main === module) main();
