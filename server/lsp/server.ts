/**
 * The language server: LSP in, engine findings out. Open buffers go into the projects as overlays
 * (with change ranges, so TypeScript reparses incrementally); a change schedules a debounced check
 * of its document, then of the open documents whose program contains it. Checks run one at a time
 * and yield to the message loop between documents, so a newer edit replaces pending work instead of
 * waiting behind it, and a result is published only for the version it was computed from.
 */
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import { Engine } from '../engine/engine.js';
import type { LintMessage } from '../engine/lint-message.js';
import type { Project } from '../engine/project.js';
import { recommendedSettings, resolveRuleSettings, ruleId as ruleIdOf, type EnabledRule, type RuleSettings } from '../engine/rule-config.js';
import { PLUGIN_NAMESPACE } from '../../rules/plugin.js';
import {
  Commands,
  DEFAULT_SETTINGS,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  SETTINGS_SECTION,
  StatusNotification,
  WorkspaceTrustNotification,
  type AsyncPitfallsSettings,
  type InitializationOptions,
  type ServerState,
  type StatusParams,
  type WorkspaceTrustParams,
} from '../protocol.js';
import type { TextEdit } from '../../rules/core/types.js';
import { fixAll } from '../engine/fix-all.js';
import { fieldWritesKey } from '../engine/field-writes.js';
import { codeActions, minimalEdit, wantsFixAll } from './code-actions.js';
import { offloadCodeActions } from './offload-actions.js';
import { docsUrls, isRuleFailure, toDiagnostic } from './diagnostics.js';
import { EslintConfigs, FLAT_CONFIG_NAMES } from './eslint-config.js';
import { OpenDocuments, type OpenDocument } from './documents.js';
import { parseSettings } from './settings.js';
import { URI } from './uri.js';
import { Workspace, type FileChange } from './workspace.js';

export interface ServerOptions {
  /** The rules to run; the plugin's registry by default. */
  readonly rules?: readonly AsyncPitfallsRule[];
}

interface ResolvedSettings {
  readonly settings: AsyncPitfallsSettings;
  readonly enabledRules: readonly EnabledRule[];
}

interface CheckResult {
  readonly version: number;
  readonly messages: readonly LintMessage[];
}

const ANALYSABLE = /\.(?:[cm]?[jt]sx?)$/u;
const SLOW_CHECK_MS = 250;

export class AsyncPitfallsServer {
  private readonly engine: Engine;
  private readonly documents = new OpenDocuments();
  private readonly workspace: Workspace;
  private readonly urls: Map<string, string>;
  private capabilities: ClientCapabilities = {};
  private globalSettings: unknown;
  private readonly settingsCache = new Map<string, Promise<ResolvedSettings>>();
  private readonly warned = new Set<string>();
  private readonly results = new Map<string, CheckResult>();
  /** Per open document, the property names it assigned when last checked (field-writes.ts). */
  private readonly fieldWrites = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents waiting for a check, in order; edited documents go before their dependents. */
  private queue: string[] = [];
  private working = false;
  private readonly publishedConfigErrors = new Map<string, string>();
  private lastCheckTime: string | undefined;
  private lastCheckDurationMs: number | undefined;
  private state: ServerState = 'starting';
  /** The client said the workspace is trusted: its ESLint config may be loaded (that runs its code). */
  private trusted = false;
  private readonly eslintConfigs = new EslintConfigs();
  private fixAllRuns = 0;
  /** Bumped by every buffer change: a check that sees it move stops (its program is outdated). */
  private editGeneration = 0;

  constructor(
    private readonly connection: Connection,
    options: ServerOptions = {},
  ) {
    // The size limit is the server's setting (per resource), checked before the engine runs.
    // Incremental: after an edit inside one function body, only the functions that may depend on it
    // are analysed again. The environment switch makes every such result be checked against a full
    // analysis (the edit fuzzer sets it).
    this.engine = new Engine({
      ...(options.rules ? { rules: options.rules } : {}),
      maxFileSize: Number.POSITIVE_INFINITY,
      incremental: true,
      verifyIncremental: process.env['ASYNC_PITFALLS_VERIFY_INCREMENTAL'] === '1',
    });
    this.urls = docsUrls(this.engine.rules);
    this.workspace = new Workspace(this.engine, () => this.documents.all());
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.guard('initialized', () => this.initialized()));
    c.onDidOpenTextDocument((params) =>
      this.guard('didOpen', () => {
        const { uri, languageId, version, text } = params.textDocument;
        const document = this.documents.open(uri, languageId, version, text);
        if (!this.isAnalysable(document)) return;
        this.workspace.updateOverlay(document);
        this.schedule(uri, 0, 'front');
      }),
    );
    c.onDidChangeTextDocument((params) =>
      this.guard('didChange', () => {
        const document = this.documents.change(params.textDocument.uri, params.textDocument.version, params.contentChanges);
        if (!document || !this.isAnalysable(document)) return;
        this.editGeneration++;
        this.workspace.updateOverlay(document);
        void this.settingsFor(document.uri).then((resolved) => {
          if (resolved.settings.run === 'onType') this.schedule(document.uri, resolved.settings.debounce, 'front');
        });
      }),
    );
    c.onDidSaveTextDocument((params) =>
      this.guard('didSave', () => {
        const document = this.documents.get(params.textDocument.uri);
        if (!document || !this.isAnalysable(document)) return;
        void this.settingsFor(document.uri).then((resolved) => {
          if (resolved.settings.run === 'onSave') this.schedule(document.uri, 0, 'front');
        });
      }),
    );
    c.onDidCloseTextDocument((params) =>
      this.guard('didClose', () => {
        const document = this.documents.close(params.textDocument.uri);
        // A check under way must not publish for the closed document, nor finish on a program
        // that lost this buffer (found by the edit fuzzer, seeds 1 and 2).
        this.editGeneration++;
        this.cancel(params.textDocument.uri);
        this.results.delete(params.textDocument.uri);
        this.settingsCache.delete(params.textDocument.uri);
        this.fieldWrites.delete(params.textDocument.uri);
        if (!document) return;
        this.workspace.closeDocument(document.filePath);
        this.engine.forgetFile(document.filePath);
        void c.sendDiagnostics({ uri: document.uri, diagnostics: [] });
        // Other open files may have seen the unsaved text of this one: they now see the disk again.
        for (const dependent of this.workspace.dependentsOf(document.filePath)) this.schedule(dependent.uri, 0, 'back');
      }),
    );
    c.onDidChangeConfiguration((params) =>
      this.guard('didChangeConfiguration', () => {
        const settings = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
        if (settings !== undefined) this.globalSettings = settings;
        this.settingsCache.clear();
        this.warned.clear();
        this.recheckAll();
      }),
    );
    c.onNotification(WorkspaceTrustNotification.method, (params: WorkspaceTrustParams) =>
      this.guard('workspaceTrust', () => {
        if (this.trusted === (params?.trusted === true)) return;
        this.trusted = params?.trusted === true;
        this.connection.console.info(`Workspace ${this.trusted ? 'trusted: ESLint flat configs may be loaded' : 'not trusted: ESLint configs are not loaded'}.`);
        this.settingsCache.clear();
        this.recheckAll();
      }),
    );
    c.onDidChangeWatchedFiles((params) =>
      this.guard('didChangeWatchedFiles', () => {
        this.editGeneration++; // programs change under a check under way
        if (params.changes.some((change) => FLAT_CONFIG_NAMES.some((name) => change.uri.endsWith(`/${name}`)))) {
          this.eslintConfigs.clear();
          this.settingsCache.clear();
          this.recheckAll();
        }
        const changes = params.changes
          .filter((change) => URI.isFile(change.uri))
          .map((change) => ({ filePath: URI.toPath(change.uri), type: changeType(change.type) }));
        const { configsTouched, fileSetChanged, changedFiles, fieldWritesChanged } = this.workspace.applyWatchedChanges(changes);
        if (configsTouched) this.publishConfigErrors();
        if (configsTouched || fileSetChanged || fieldWritesChanged) {
          this.recheckAll();
          return;
        }
        const affected = new Set(changedFiles.flatMap((filePath) => this.workspace.dependentsOf(filePath).map((document) => document.uri)));
        for (const uri of affected) this.schedule(uri, 0, 'back');
      }),
    );
    c.onCodeAction((params) => this.guardAsync('codeAction', [], () => this.codeActions(params)));
    c.onExecuteCommand((params) => this.guardAsync('executeCommand', null, () => this.executeCommand(params)));
    c.onShutdown(() => {
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      this.queue = [];
      this.engine.dispose();
    });
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    const options = params.initializationOptions as InitializationOptions | null | undefined;
    if (options && typeof options === 'object' && SETTINGS_SECTION in options) this.globalSettings = options[SETTINGS_SECTION];
    this.trusted = options?.workspaceTrusted === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND, 'refactor.rewrite'], resolveProvider: false },
        executeCommandProvider: { commands: [Commands.showDocumentation] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
      },
      serverInfo: { name: 'async-pitfalls-language-server', version: serverVersion() },
    };
  }

  private initialized(): void {
    const workspace = this.capabilities.workspace;
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
          { globPattern: '**/{tsconfig,jsconfig}*.json' },
          { globPattern: '**/package.json' },
        ],
      });
    }
    this.setState('idle');
    this.connection.console.info(`async-pitfalls language server ${serverVersion()} ready (${this.engine.rules.length} rules, TypeScript ${ts.version}).`);
  }

  // ---- scheduling ----------------------------------------------------------------------------

  /** Checks `uri` after `delay` ms; a newer call for the same document replaces the pending one. */
  private schedule(uri: string, delay: number, position: 'front' | 'back'): void {
    // A dependent already waiting (or about to be checked for its own edit) needs nothing more.
    if (position === 'back' && (this.timers.has(uri) || this.queue.includes(uri))) return;
    const existing = this.timers.get(uri);
    if (existing) clearTimeout(existing);
    this.queue = this.queue.filter((queued) => queued !== uri);
    const enqueue = (): void => {
      this.timers.delete(uri);
      this.queue = this.queue.filter((queued) => queued !== uri);
      if (position === 'front') this.queue.unshift(uri);
      else this.queue.push(uri);
      void this.work();
    };
    if (delay <= 0 && position === 'back') enqueue();
    else this.timers.set(uri, setTimeout(enqueue, delay));
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.queue = this.queue.filter((queued) => queued !== uri);
  }

  private recheckAll(): void {
    for (const document of this.documents.all()) if (this.isAnalysable(document)) this.schedule(document.uri, 0, 'back');
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (this.queue.length > 0) {
        const uri = this.queue.shift() as string;
        this.setState('checking');
        try {
          await this.check(uri);
        } catch (error) {
          this.connection.console.error(`Checking ${uri} failed: ${(error as Error).stack ?? String(error)}`);
        }
        // Let newer messages (edits, cancellations) in before the next document.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.working = false;
      this.setState(this.publishedConfigErrors.size > 0 ? 'error' : 'idle');
    }
  }

  // ---- checking ------------------------------------------------------------------------------

  private async check(uri: string): Promise<void> {
    const opened = this.documents.get(uri);
    if (!opened) return;
    const resolved = await this.settingsFor(uri);
    const document = this.documents.get(uri);
    if (!document || document.document.version !== opened.document.version) return; // a newer check is on its way
    const { version } = document.document;
    if (!resolved.settings.enable) return this.publish(document, version, []);
    const text = document.document.getText();
    if (text.length > resolved.settings.maxFileSize) {
      this.logOnce(`size:${uri}`, 'info', `Skipped ${document.filePath}: ${text.length} characters is over the asyncPitfalls.maxFileSize limit of ${resolved.settings.maxFileSize}.`);
      return this.publish(document, version, []);
    }
    if (text.includes('\u0000')) {
      this.logOnce(`binary:${uri}`, 'info', `Skipped ${document.filePath}: it contains NUL characters (binary file).`);
      return this.publish(document, version, []);
    }
    // eslint-disable-next-line async-pitfalls/no-blocking-in-async -- the TypeScript compiler API is synchronous; the work loop yields to the message loop between documents
    const project = this.workspace.projectFor(document);
    this.publishConfigErrors();
    if (!project.hasProgram) await this.loadProject(project);
    if (this.documents.get(uri)?.document.version !== version) return;

    const started = performance.now();
    const result = await this.lintInSteps(document, project, resolved.enabledRules);
    if (!result) {
      // An edit arrived mid-check: the program this check started on is gone. Its own document is
      // rescheduled by that edit; any other goes back in line.
      if (this.documents.get(uri)?.document.version === version) this.schedule(uri, 0, 'back');
      return;
    }
    const duration = performance.now() - started;
    this.lastCheckTime = new Date().toISOString();
    this.lastCheckDurationMs = Math.round(duration * 10) / 10;
    if (duration > SLOW_CHECK_MS) this.connection.console.log(`Checked ${document.filePath} (version ${version}) in ${duration.toFixed(0)} ms.`);
    for (const message of result.messages) {
      if (isRuleFailure(message)) this.logOnce(`fail:${uri}:${version}:${message.ruleId}`, 'error', `${message.message} (${document.filePath})`);
    }
    const messages = result.messages.filter((message) => !isRuleFailure(message));
    const previous = this.results.get(uri);
    this.publish(document, version, messages);

    const sourceFile = project.lastBuiltProgram?.getSourceFile(document.filePath);
    const edited = previous !== undefined && previous.version !== version;
    // After the publish, and not at all when a newer edit is already waiting (its own check compares
    // with the last version that got this far).
    setImmediate(() => {
      if (this.documents.get(uri)?.document.version === version) this.scheduleDependents(document, sourceFile, edited);
    });
  }

  /**
   * The program changed for every open file that contains this one: check them after it. When the
   * file assigns other property names than before, a method anywhere may stop (or start) handing
   * back a promise only its constructor stored (held-promise.ts): every open file.
   */
  private scheduleDependents(document: OpenDocument, sourceFile: ts.SourceFile | undefined, edited: boolean): void {
    const { uri } = document;
    const writesBefore = this.fieldWrites.get(uri);
    let writes = writesBefore;
    // The engine says whether the edits analysed since it was last asked may have changed which
    // properties the file assigns (they touched an assignment to one).
    const touched = this.engine.takeFieldWritesTouched(document.filePath);
    if (sourceFile !== undefined && (writesBefore === undefined || touched)) {
      writes = fieldWritesKey(sourceFile);
      this.fieldWrites.set(uri, writes);
    }
    if (!edited) return;
    const everyOpenFile = writesBefore !== undefined && writes !== writesBefore;
    const dependents = everyOpenFile ? this.documents.all().filter((other) => other.uri !== uri && this.isAnalysable(other)) : this.workspace.dependentsOf(document.filePath);
    for (const dependent of dependents) this.schedule(dependent.uri, 0, 'back');
  }

  /**
   * The engine's analysis, one rule at a time with the message loop let in between, so a newer
   * edit stops an older check instead of waiting for it. Undefined when an edit arrived (the rules
   * would otherwise see different programs); the messages equal one `lintFile` call with all rules.
   */
  private async lintInSteps(document: OpenDocument, project: Project, enabledRules: readonly EnabledRule[]): Promise<{ messages: readonly LintMessage[] } | undefined> {
    const generation = this.editGeneration;
    const steps = enabledRules.length > 0 ? enabledRules.map((rule) => [rule]) : [[]];
    const messages: LintMessage[] = [];
    for (const [index, step] of steps.entries()) {
      if (index > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.editGeneration !== generation) return undefined;
      }
      // eslint-disable-next-line async-pitfalls/no-blocking-in-async -- the TypeScript compiler API is synchronous; the loop yields between rules
      const result = this.engine.lintFile(document.filePath, project, step);
      // File problems, parse errors and unknown-rule directives come with every step: keep the first step's.
      messages.push(...(index === 0 ? result.messages : result.messages.filter((message) => message.ruleId === step[0]?.ruleId)));
    }
    // The same stable order one call gives: by position, then in rule order.
    return { messages: messages.sort((a, b) => a.line - b.line || a.column - b.column) };
  }

  private publish(document: OpenDocument, version: number, messages: readonly LintMessage[]): void {
    this.results.set(document.uri, { version, messages });
    const diagnostics: Diagnostic[] = messages.map((message) => toDiagnostic(document.document, message, this.urls));
    void this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  private async loadProject(project: Project): Promise<void> {
    const name = project.configPath ?? `inferred project in ${project.rootDir}`;
    const files = project.rootFileNames().length;
    this.setState('loading', `Loading ${name}`);
    const progress = this.capabilities.window?.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('async-pitfalls', undefined, `Loading project ${name} (${files} files)`);
    // Let the begin notification leave before the synchronous program build.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = performance.now();
    try {
      const program = project.getProgram();
      this.connection.console.info(`Loaded ${name}: ${program.getSourceFiles().length} source files in ${(performance.now() - started).toFixed(0)} ms.`);
    } catch (error) {
      this.connection.console.error(`Loading ${name} failed: ${(error as Error).stack ?? String(error)}`);
    } finally {
      progress?.done();
      this.setState('checking');
    }
  }

  /** tsconfig problems: one diagnostic on the tsconfig and one message, until it is fixed. */
  private publishConfigErrors(): void {
    // Problems that do not stop the analysis (a reference to a project that does not exist): said once.
    for (const warning of this.engine.configWarnings) this.logOnce(`config-warning:${warning}`, 'warn', `tsconfig warning: ${warning}`, `async-pitfalls: ${warning}`);
    const current = this.workspace.configErrors();
    for (const [configPath, error] of current) {
      if (this.publishedConfigErrors.get(configPath) === error.message) continue;
      this.publishedConfigErrors.set(configPath, error.message);
      const position = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
      void this.connection.sendDiagnostics({
        uri: URI.fromPath(configPath),
        diagnostics: [{ range: { start: position, end: position }, severity: 1, source: DIAGNOSTIC_SOURCE, message: `${error.message.replace(`${error.file}:${error.line}:${error.column}: `, '')} — files of this project are analysed in an inferred project until it is fixed.` }],
      });
      this.showMessage(MessageType.Error, `async-pitfalls: ${configPath} cannot be used (${error.message}). Its files are analysed with default compiler options.`);
      this.connection.console.error(`tsconfig error: ${error.message}`);
    }
    for (const configPath of [...this.publishedConfigErrors.keys()]) {
      if (current.has(configPath)) continue;
      this.publishedConfigErrors.delete(configPath);
      void this.connection.sendDiagnostics({ uri: URI.fromPath(configPath), diagnostics: [] });
      this.connection.console.info(`tsconfig ${configPath} is usable again.`);
    }
  }

  // ---- settings ------------------------------------------------------------------------------

  private settingsFor(uri: string): Promise<ResolvedSettings> {
    let cached = this.settingsCache.get(uri);
    if (!cached) {
      const raw: Promise<unknown> = this.capabilities.workspace?.configuration
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
            (value: unknown) => value ?? this.globalSettings,
            (error: unknown) => {
              this.logOnce('config-request', 'warn', `workspace/configuration failed (${String(error)}); using the last known settings.`);
              return this.globalSettings;
            },
          )
        : Promise.resolve(this.globalSettings);
      cached = raw
        .then((value) => this.resolveSettings(value, URI.toPath(uri)))
        .catch((error: unknown) => {
          this.logOnce(`settings-failed:${String(error)}`, 'error', `Reading the settings failed (${(error as Error).stack ?? String(error)}); using the defaults.`);
          return { settings: DEFAULT_SETTINGS, enabledRules: this.enabledRulesFor({}, recommendedSettings(this.engine.rules), 'defaults') };
        });
      this.settingsCache.set(uri, cached);
    }
    return cached;
  }

  private async resolveSettings(raw: unknown, filePath: string): Promise<ResolvedSettings> {
    const { settings, warnings } = parseSettings(raw);
    for (const warning of warnings) this.logOnce(`setting:${warning}`, 'warn', warning, `async-pitfalls: ${warning}`);
    if (this.trusted && settings.useEslintConfig) {
      const fromEslint = await this.eslintConfigs.ruleSettingsFor(filePath);
      switch (fromEslint.kind) {
        case 'configured':
          this.logOnce(`eslint:${fromEslint.configFile}`, 'info', `Using the rule settings of ${fromEslint.configFile} (as eslint in CI).`);
          return { settings, enabledRules: this.enabledRulesFor(fromEslint.rules, {}, fromEslint.configFile) };
        case 'ignored':
          this.logOnce(`eslint-ignored:${filePath}`, 'info', `${filePath} is ignored by ${fromEslint.configFile}: not analysed.`);
          return { settings, enabledRules: [] };
        case 'error':
          this.logOnce(`eslint-error:${fromEslint.configFile}:${fromEslint.message}`, 'warn', `Could not load ${fromEslint.configFile} (${fromEslint.message}); using the asyncPitfalls settings.`);
          break;
        case 'none':
        case 'not-configured':
          break;
      }
    }
    return { settings, enabledRules: this.enabledRulesFor(settings.rules, recommendedSettings(this.engine.rules), 'asyncPitfalls.rules') };
  }

  /** `base`, overridden rule by rule; a bad entry is reported and that rule keeps its base setting. */
  private enabledRulesFor(userRules: AsyncPitfallsSettings['rules'], base: RuleSettings, origin: string): EnabledRule[] {
    const merged: Record<string, RuleSettings[string]> = { ...base };
    const known = new Set(this.engine.rules.map((rule) => ruleIdOf(rule)));
    for (const [key, value] of Object.entries(userRules)) {
      const id = key.startsWith(`${PLUGIN_NAMESPACE}/`) ? key : `${PLUGIN_NAMESPACE}/${key}`;
      if (!known.has(id)) {
        this.logOnce(`rule:${key}`, 'warn', `Unknown rule "${key}" in ${origin} ignored. Known rules: ${[...known].join(', ')}.`);
        continue;
      }
      try {
        resolveRuleSettings(this.engine.rules, { [id]: value as RuleSettings[string] });
        merged[id] = value as RuleSettings[string];
      } catch (error) {
        this.logOnce(`rule:${key}:${JSON.stringify(value)}`, 'warn', `${(error as Error).message} Using the default for this rule.`);
      }
    }
    return resolveRuleSettings(this.engine.rules, merged);
  }

  // ---- code actions and commands -------------------------------------------------------------

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const opened = this.documents.get(params.textDocument.uri);
    if (!opened || !this.isAnalysable(opened)) return [];
    const resolved = await this.settingsFor(opened.uri);
    const document = this.documents.get(params.textDocument.uri);
    if (!document || !resolved.settings.enable) return [];
    // eslint-disable-next-line async-pitfalls/no-blocking-in-async -- usually the cached result; otherwise one synchronous TypeScript analysis
    const messages = this.currentMessages(document, resolved.enabledRules);
    const workspaceEdit = this.capabilities.workspace?.workspaceEdit;
    const fixable = messages.some((message) => message.fixEdits !== undefined && message.fixEdits.length > 0);
    // eslint-disable-next-line async-pitfalls/no-blocking-in-async -- synchronous TypeScript analyses, one per fix pass, only when fixes exist
    const fixAllEdits = wantsFixAll(params.context.only) && fixable ? this.fixAllEdits(document, resolved.enabledRules) : undefined;
    return [
      ...codeActions({
        document: document.document,
        messages,
        range: params.range,
        contextDiagnostics: params.context.diagnostics,
        only: params.context.only,
        docsUrls: this.urls,
        versionedEdits: workspaceEdit?.documentChanges === true,
        ...(fixAllEdits ? { fixAllEdits } : {}),
      }),
      ...offloadCodeActions({
        document: document.document,
        filePath: document.filePath,
        // eslint-disable-next-line async-pitfalls/no-blocking-in-async -- the project is already loaded for this open document; the TypeScript API is synchronous
        program: this.workspace.projectFor(document).getProgram(),
        range: params.range,
        messages,
        only: params.context.only,
        resourceOperations: workspaceEdit?.documentChanges === true && workspaceEdit.resourceOperations?.includes('create') === true,
        versionOf: (filePath) => this.documents.get(URI.fromPath(filePath))?.document.version ?? null,
        diagnosticOf: (message) => toDiagnostic(document.document, message, this.urls),
        log: (key, message) => this.logOnce(key, 'info', message),
      }),
    ];
  }

  /**
   * Every safe fix, pass after pass until none is left, exactly as `async-pitfalls --fix` and
   * `eslint --fix` do, as one minimal edit. The passes run in the project's overlay, which then
   * gets the buffer's text back.
   */
  private fixAllEdits(document: OpenDocument, enabledRules: readonly EnabledRule[]): TextEdit[] {
    const project = this.workspace.projectFor(document);
    const original = document.document.getText();
    this.fixAllRuns++;
    this.editGeneration++; // a check between two of its rules would otherwise see the passes' programs
    try {
      // Versions no buffer ever has, so TypeScript never confuses a pass with a real version.
      const result = fixAll(this.engine, project, document.filePath, original, -this.fixAllRuns * 1000, enabledRules);
      const edit = minimalEdit(original, result.text);
      return edit ? [edit] : [];
    } finally {
      project.setOverlay(document.filePath, original, document.document.version);
    }
  }

  /** Findings of the document's current version: the published ones, or computed now if they are older. */
  private currentMessages(document: OpenDocument, enabledRules: readonly EnabledRule[]): readonly LintMessage[] {
    const version = document.document.version;
    const cached = this.results.get(document.uri);
    if (cached?.version === version) return cached.messages;
    const project = this.workspace.projectFor(document);
    const result = this.engine.lintFile(document.filePath, project, enabledRules);
    return result.messages.filter((message) => !isRuleFailure(message));
  }

  private async executeCommand(params: ExecuteCommandParams): Promise<null> {
    if (params.command === Commands.showDocumentation) {
      const url = params.arguments?.[0];
      if (typeof url !== 'string') return null;
      if (this.capabilities.window?.showDocument?.support) await this.connection.window.showDocument({ uri: url, external: true });
      else this.showMessage(MessageType.Info, `async-pitfalls documentation: ${url}`);
    }
    return null;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private isAnalysable(document: OpenDocument): boolean {
    if (!URI.isFile(document.uri)) {
      this.logOnce(`scheme:${document.uri}`, 'info', `Not analysing ${document.uri}: only files on disk belong to a project.`);
      return false;
    }
    return ANALYSABLE.test(document.filePath);
  }

  private setState(state: ServerState, message?: string): void {
    this.state = state;
    const params: StatusParams = {
      state,
      projectCount: this.engine.projects().length,
      documentCount: this.documents.size,
      ...(this.lastCheckTime ? { lastCheckTime: this.lastCheckTime } : {}),
      ...(this.lastCheckDurationMs !== undefined ? { lastCheckDurationMs: this.lastCheckDurationMs } : {}),
      ...(message ? { message } : {}),
      analyses: { partial: this.engine.incrementalStats.partial, full: this.engine.incrementalStats.full },
    };
    void this.connection.sendNotification(StatusNotification.method, params);
  }

  /** Logs a message once per key; `shown`, when given, also goes to the user as a warning to act on. */
  private logOnce(key: string, level: 'info' | 'warn' | 'error', message: string, shown?: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    if (this.warned.size > 10_000) this.warned.clear();
    this.connection.console[level](message);
    if (shown !== undefined) this.showMessage(MessageType.Warning, shown);
  }

  /** A plain notification (no buttons), which every client shows without answering. */
  private showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.connection.console.error(`${what} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private async guardAsync<T>(what: string, fallback: T, action: () => T | Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.connection.console.error(`${what} failed: ${(error as Error).stack ?? String(error)}`);
      return fallback;
    }
  }

  get currentState(): ServerState {
    return this.state;
  }
}

function changeType(type: FileChangeType): FileChange {
  return type === FileChangeType.Created ? 'created' : type === FileChangeType.Deleted ? 'deleted' : 'changed';
}

function serverVersion(): string {
  try {
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
