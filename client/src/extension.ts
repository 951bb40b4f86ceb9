/**
 * The VS Code extension: starts the bundled language server over IPC for TypeScript and JavaScript
 * documents, shows its state in a language status item, and adds three commands. Everything else
 * (diagnostics, quick fixes, fix-all on save through `source.fixAll.asyncPitfalls`) is the server's.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { FIX_ALL_KIND, SETTINGS_SECTION, StatusNotification, type InitializationOptions, type StatusParams } from '../../server/protocol.js';
import { CLIENT_ID, Commands, LANGUAGES } from './contributions.js';
import { StatusItem } from './status.js';

const DOCUMENT_SELECTOR = LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Async Pitfalls', { log: true });
  const status = new StatusItem(DOCUMENT_SELECTOR);
  context.subscriptions.push(output, status);

  const languageClient = createClient(await serverModule(context), output);
  client = languageClient;
  context.subscriptions.push(
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) status.showStarting();
      if (newState === State.Stopped) status.showStopped('The language server is not running: see the output.');
    }),
    languageClient.onNotification(StatusNotification.method, (params: StatusParams) => status.update(params)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.restartServer, () => restart(languageClient, output)),
    vscode.commands.registerCommand(Commands.fixAll, () => fixAllInActiveEditor()),
    // The trust state is part of the initialize request: a restart hands the new one over.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: restarting the server so it may use the project\'s ESLint configuration.');
      void restart(languageClient, output);
    }),
  );

  output.info(
    vscode.workspace.isTrusted
      ? 'Workspace trusted: the server may use the project\'s ESLint configuration.'
      : 'Workspace not trusted (Restricted Mode): the server will not load the project\'s ESLint configuration.',
  );
  try {
    await languageClient.start();
  } catch (error) {
    // The client has logged the details; keep the extension (commands, output) usable.
    output.error(`Failed to start the language server: ${errorMessage(error)}`);
    status.showStopped('The language server failed to start: see the output.');
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) await running.stop();
}

function createClient(serverPath: string, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverPath, transport: TransportKind.ipc },
    debug: { module: serverPath, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // A function, so that every (re)start sends the trust state of that moment. Only in a trusted
    // workspace does the server load the project's ESLint config (which runs project code).
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    middleware: settingsMiddleware,
  };
  return new LanguageClient(CLIENT_ID, 'Async Pitfalls', serverOptions, clientOptions);
}

/**
 * The bundled server beside the bundled client (`out/server.js`); when running from a `tsc` build
 * (extension development), the compiled entry under `dist/`.
 */
async function serverModule(context: vscode.ExtensionContext): Promise<string> {
  const bundled = context.asAbsolutePath('out/server.js');
  try {
    await fs.access(bundled);
    return bundled;
  } catch {
    return context.asAbsolutePath('dist/server/lsp/main.js');
  }
}

/**
 * `asyncPitfalls.trace.server` lives in the same section as the server's settings but belongs to
 * the client: leave it out of what the server reads, so it does not warn about an unknown key.
 */
const settingsMiddleware: Middleware = {
  workspace: {
    configuration: async (params, token, next) => {
      const result = await next(params, token);
      if (!Array.isArray(result)) return result;
      return result.map((value: unknown, index) => {
        if (params.items[index]?.section !== SETTINGS_SECTION || typeof value !== 'object' || value === null) return value;
        const { trace: _trace, ...serverSettings } = value as Record<string, unknown>;
        return serverSettings;
      });
    },
  },
};

async function restart(languageClient: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  try {
    if (languageClient.isRunning()) await languageClient.restart();
    else await languageClient.start();
  } catch (error) {
    output.error(`Failed to restart the language server: ${errorMessage(error)}`);
    void vscode.window.showErrorMessage('Async Pitfalls: the language server failed to restart. See the output for details.');
  }
}

/**
 * Applies the server's `source.fixAll.asyncPitfalls` action to the active editor, through the
 * editor's own code action pipeline (the one `editor.codeActionsOnSave` uses), which checks the
 * document version and tells the user when there is nothing to fix.
 */
async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || vscode.languages.match(DOCUMENT_SELECTOR, editor.document) === 0) {
    void vscode.window.showInformationMessage('Async Pitfalls: open a TypeScript or JavaScript file to fix.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: FIX_ALL_KIND, apply: 'first' });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
