/**
 * A minimal LSP client for the protocol tests: spawns the BUILT server binary over stdio, answers
 * the requests a real editor answers (configuration, progress, registration), and records what the
 * server sends (diagnostics by URI, messages, log lines, status notifications).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '../../..');
export const serverBin = path.join(repoRoot, 'bin', 'async-pitfalls-language-server.js');
export const testRulesModule = path.join(repoRoot, 'dist', 'test', 'server', 'test-rules.js');

export interface ClientOptions {
  /** What `workspace/configuration` answers for the `asyncPitfalls` section (per scope URI if a function). */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  /** Advertise `workspace/configuration` support. Default true. */
  configurationSupport?: boolean;
  extraRules?: boolean;
  rootPath: string;
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: { type: number; message: string }[] = [];
  readonly statuses: Record<string, unknown>[] = [];
  readonly progress: unknown[] = [];
  readonly registrations: string[] = [];
  /** Called for every publishDiagnostics, in arrival order (the stress tests check versions with it). */
  readonly publishListeners: ((params: PublishDiagnosticsParams) => void)[] = [];
  private readonly waiters: (() => void)[] = [];
  stderr = '';
  settings: ClientOptions['settings'];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();

  constructor(private readonly options: ClientOptions) {
    this.settings = options.settings;
    this.process = spawn(process.execPath, [serverBin, '--stdio'], {
      cwd: options.rootPath,
      env: { ...process.env, ...(options.extraRules === false ? {} : { ASYNC_PITFALLS_EXTRA_RULES: testRulesModule }) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const listener of this.publishListeners) listener(params);
      this.notify();
    });
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params);
      this.notify();
    });
    this.connection.onNotification('asyncPitfalls/status', (params: Record<string, unknown>) => {
      this.statuses.push(params);
      this.notify();
    });
    this.connection.onNotification('$/progress', (params: unknown) => {
      this.progress.push(params);
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => (typeof this.settings === 'function' ? (this.settings as (uri: string | undefined) => unknown)(item.scopeUri) : this.settings) ?? null),
    );
    this.connection.onRequest('window/showDocument', () => ({ success: true }));
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uriOf(this.options.rootPath),
      workspaceFolders: [{ uri: uriOf(this.options.rootPath), name: 'root' }],
      capabilities: {
        workspace: {
          configuration: this.options.configurationSupport !== false,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        window: { workDoneProgress: true, showDocument: { support: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(filePath: string, text: string, languageId = 'typescript'): Promise<string> {
    const uri = uriOf(filePath);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    let text = this.texts.get(uri) ?? '';
    for (const change of changes) text = 'range' in change ? applyLspEdits(text, [{ range: change.range, newText: change.text }]) : change.text;
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Replaces the whole text through an incremental change spanning the document. */
  async replaceAll(uri: string, text: string): Promise<number> {
    const old = this.texts.get(uri) ?? '';
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end: positionAt(old, old.length) }, text }]);
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  textOf(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Waits until `predicate` holds (checked after every notification), or fails after `timeoutMs`. */
  async waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`Timed out waiting for ${what}.\nServer log:\n${this.logs.map((l) => l.message).join('\n')}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Diagnostics published for exactly the document's current version. */
  async diagnosticsFor(uri: string, version = this.versionOf(uri), timeoutMs?: number): Promise<Diagnostic[]> {
    const published = await this.waitFor(`diagnostics for ${uri} v${version}`, () => {
      const params = this.diagnostics.get(uri);
      return params && params.version === version ? params : undefined;
    }, timeoutMs);
    return published.diagnostics;
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    return result ?? [];
  }

  /** Applies a workspace edit to the client's copy and sends it as a change, as an editor does. */
  async applyEdit(uri: string, edit: WorkspaceEdit): Promise<string> {
    const edits = editsFor(uri, edit, this.versionOf(uri));
    const next = applyLspEdits(this.textOf(uri), edits);
    await this.replaceAll(uri, next);
    return next;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once('exit', (code) => resolve(code));
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export function editsFor(uri: string, edit: WorkspaceEdit, expectedVersion?: number): TextEdit[] {
  if (edit.documentChanges) {
    const change = edit.documentChanges.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as
      | { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }
      | undefined;
    if (!change) return [];
    if (expectedVersion !== undefined && change.textDocument.version !== expectedVersion) {
      throw new Error(`Edit is for version ${change.textDocument.version}, document is at ${expectedVersion}`);
    }
    return change.edits;
  }
  return edit.changes?.[uri] ?? [];
}

export function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const e of withOffsets) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

export function rangeOfText(text: string, needle: string, from = 0): Range {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`"${needle}" not in text`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}
