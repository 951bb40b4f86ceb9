/**
 * What the language server and its clients (the VS Code extension, tests, other editors) agree on
 * beyond the LSP itself: the settings section, the custom status notification and the commands.
 * Defined once here and imported by both sides. No runtime dependency: only names and types, so a
 * client bundles nothing of the server by importing it.
 */

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'asyncPitfalls';

/** When findings are computed: on every change (debounced) or only when the file is saved. */
export type RunMode = 'onType' | 'onSave';

/** ESLint-style rule settings: `'error'`, `'warn'`, `'off'`, `0..2`, or `[severity, options]`. */
export type RuleSettingValue = 'off' | 'warn' | 'error' | 0 | 1 | 2 | readonly unknown[];

/** The `asyncPitfalls` settings section, per resource (workspace folder or file). */
export interface AsyncPitfallsSettings {
  /** Analyse files at all. Default true. */
  readonly enable: boolean;
  /** Default `onType`. */
  readonly run: RunMode;
  /**
   * Per-rule severity and options, keyed `async-pitfalls/<rule>` or `<rule>`, applied over the
   * `recommended` configuration (so `{ "no-floating-promise": "off" }` turns one rule off).
   */
  readonly rules: Readonly<Record<string, RuleSettingValue>>;
  /** Files larger than this many characters are skipped (with a log line). Default 2 MiB. */
  readonly maxFileSize: number;
  /** Milliseconds to wait after a change before analysing (newer changes restart the wait). Default 50. */
  readonly debounce: number;
  /**
   * In a trusted workspace whose ESLint flat config configures our rules, use the config's rule
   * settings (what `eslint` reports in CI) instead of `rules`. Loading the config runs project code,
   * so the server never does it unless the client says the workspace is trusted. Default true.
   */
  readonly useEslintConfig: boolean;
}

export const DEFAULT_SETTINGS: AsyncPitfallsSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  maxFileSize: 2 * 1024 * 1024,
  debounce: 50,
  useEslintConfig: true,
};

/** `initializationOptions` the server understands. */
export interface InitializationOptions {
  /** The user trusts the workspace (VS Code: `workspace.isTrusted`); project code may run. Default false. */
  readonly workspaceTrusted?: boolean;
  /** Settings for clients that cannot answer `workspace/configuration`. */
  readonly asyncPitfalls?: Partial<AsyncPitfallsSettings>;
}

/** Client → server: the workspace's trust changed (VS Code: `workspace.onDidGrantWorkspaceTrust`). */
export const WorkspaceTrustNotification = {
  method: 'asyncPitfalls/workspaceTrust',
} as const;
export interface WorkspaceTrustParams {
  readonly trusted: boolean;
}

export type ServerState = 'starting' | 'loading' | 'checking' | 'idle' | 'error';

/** Parameters of the `asyncPitfalls/status` notification (server → client). */
export interface StatusParams {
  readonly state: ServerState;
  /** Projects (tsconfig and inferred) the server keeps. */
  readonly projectCount: number;
  /** Open documents the server tracks. */
  readonly documentCount: number;
  /** ISO time the last analysis finished, if any. */
  readonly lastCheckTime?: string;
  /** How long the last analysis of one file took, in milliseconds. */
  readonly lastCheckDurationMs?: number;
  /** A short human-readable explanation for `error` (and `loading`) states. */
  readonly message?: string;
  /**
   * Rule runs since start that re-analysed only the functions an edit touched (`partial`) or the
   * whole file (`full`).
   */
  readonly analyses?: { readonly partial: number; readonly full: number };
}

/** The custom status notification: method name and parameter type in one value. */
export const StatusNotification = {
  method: 'asyncPitfalls/status',
} as const satisfies { readonly method: string };
export type StatusNotificationMethod = typeof StatusNotification.method;

/** Commands the server executes through `workspace/executeCommand`. */
export const Commands = {
  /** Arguments: `[url: string]`. Opens a rule's documentation in the client. */
  showDocumentation: 'asyncPitfalls.showDocumentation',
} as const;

/** The code action kind of "fix all safe problems" (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.asyncPitfalls';

/** The diagnostics' `source`. */
export const DIAGNOSTIC_SOURCE = 'async-pitfalls';
