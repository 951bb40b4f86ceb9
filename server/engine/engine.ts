/**
 * The engine: projects in, findings out. It finds the project of each file (nearest tsconfig,
 * its references, or an inferred project), keeps one LanguageService program per project for as
 * long as it lives, runs every enabled core analysis directly on the TypeScript AST (no ESLint, no
 * ESTree), applies `eslint-disable` comments as ESLint would, and returns ESLint-shaped messages.
 * The CLI and the language server both drive it; nothing thrown by a file or a rule escapes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';
import type { Finding } from '../../rules/core/types.js';
import { PLUGIN_NAMESPACE } from '../../rules/plugin.js';
import { allRules } from '../../rules/registry.js';
import { collectDisableDirectives, type DisableDirectives } from './disable-directives.js';
import { describeFix, interpolate, mergeEdits, positionOf, type LintMessage } from './lint-message.js';
import { Project } from './project.js';
import { recommendedSettings, resolveRuleSettings, type EnabledRule, type RuleSettings } from './rule-config.js';
import { IncrementalAnalyses, type IncrementalStats } from './incremental-analyses.js';
import { fileStamp } from './source-text.js';
import { ConfigError, findNearestTsconfig, inferredProjectOptions, installedPackagesStamp, loadTsconfig, type ParsedTsconfig } from './tsconfig.js';

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export interface EngineSettings {
  /** The rules known to this engine; the plugin's rules unless a test brings its own. */
  readonly rules?: readonly AsyncPitfallsRule[];
  /** ESLint-style rule settings; the `recommended` config when absent. */
  readonly ruleSettings?: RuleSettings;
  /** Files larger than this (in UTF-16 code units of text) are reported and not analysed. */
  readonly maxFileSize?: number;
  /** Use this tsconfig for every file it contains instead of the nearest one. */
  readonly project?: string;
  /**
   * Remember each file's findings and, when only one function body changed since, analyse just
   * the functions that may depend on it (incremental.ts). For the language server.
   */
  readonly incremental?: boolean;
  /** With `incremental`, also run the full analysis and throw when the results differ (tests). */
  readonly verifyIncremental?: boolean;
  /** Which JSDoc comments the projects parse (project.ts); all when absent. */
  readonly jsDocParsingMode?: ts.JSDocParsingMode;
}

export interface FileLintResult {
  readonly filePath: string;
  /** The text analysed (BOM removed); undefined when the file could not be read. */
  readonly text: string | undefined;
  readonly hasBom: boolean;
  readonly messages: readonly LintMessage[];
  /** The tsconfig whose program analysed the file, or undefined for an inferred project. */
  readonly configPath: string | undefined;
}

export type ConfigErrorPolicy = 'throw' | 'infer';
export type { IncrementalStats } from './incremental-analyses.js';

export class Engine {
  readonly rules: readonly AsyncPitfallsRule[];
  readonly enabledRules: readonly EnabledRule[];
  readonly maxFileSize: number;
  private readonly knownRuleIds: ReadonlySet<string>;
  private readonly forcedProject: string | undefined;
  private readonly jsDocParsingMode: ts.JSDocParsingMode | undefined;
  private readonly configuredProjects = new Map<string, Project>();
  private readonly inferredProjects = new Map<string, Project>();
  /** What each configured project's program was built on besides its files (setupStamp). */
  private readonly setupStamps = new Map<string, string>();
  /** A source file's text never changes (an edit makes a new one): its directives are computed once. */
  private readonly fileLevelBySourceFile = new WeakMap<ts.SourceFile, FileLevelMessages>();
  /** Config errors seen, by tsconfig path, so each is reported once. */
  readonly configErrors = new Map<string, ConfigError>();
  /** Per tsconfig: problems that do not stop its analysis (a reference to a missing project). */
  private readonly referenceWarnings = new Map<string, string[]>();
  /** The tsconfigs asked for since the engine was made or last synced with the disk. */
  private readonly visitedConfigs = new Set<string>();
  readonly incrementalStats: IncrementalStats = { full: 0, partial: 0, unitsAnalysed: 0, unitsAnalysedByRule: {}, returnTypesPrinted: 0, lastFullReason: '' };
  private readonly incremental: IncrementalAnalyses | undefined;

  /** Throws RuleConfigError for unknown rules and invalid options. */
  constructor(settings: EngineSettings = {}) {
    this.rules = settings.rules ?? allRules;
    this.enabledRules = resolveRuleSettings(this.rules, settings.ruleSettings ?? recommendedSettings(this.rules));
    this.maxFileSize = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.knownRuleIds = new Set(this.rules.map((rule) => `${PLUGIN_NAMESPACE}/${rule.name}`));
    this.forcedProject = settings.project === undefined ? undefined : path.resolve(settings.project);
    this.jsDocParsingMode = settings.jsDocParsingMode;
    this.incremental = settings.incremental === true ? new IncrementalAnalyses(this.incrementalStats, settings.verifyIncremental === true) : undefined;
  }

  /**
   * Problems that do not stop the analysis (a reference to a missing project), each once, of the
   * projects asked for since the engine was made or, when kept between runs, since the last
   * `syncWithDisk`: what a run that started from nothing would have found.
   */
  get configWarnings(): ReadonlySet<string> {
    return new Set([...this.visitedConfigs].flatMap((configPath) => this.referenceWarnings.get(configPath) ?? []));
  }

  /**
   * Whether the edits of a file analysed since the last call may have changed which properties it
   * assigns (field-writes.ts); always true without incremental analysis.
   */
  takeFieldWritesTouched(fileName: string): boolean {
    return this.incremental?.takeFieldWritesTouched(path.resolve(fileName)) ?? true;
  }

  /** Forgets what was remembered about a file for incremental analysis (it was closed). */
  forgetFile(fileName: string): void {
    this.incremental?.forget(path.resolve(fileName));
  }

  /**
   * The project that analyses `fileName`. With `'throw'`, an unusable tsconfig throws its
   * ConfigError; with `'infer'` it is remembered in `configErrors` and the file goes to an
   * inferred project. With `requireMembership`, a file its tsconfig excludes gives undefined.
   * `tsconfigLookups`: see findNearestTsconfig.
   */
  projectFor(fileName: string, policy: ConfigErrorPolicy = 'throw', requireMembership = false, tsconfigLookups?: Map<string, string | undefined>): Project | undefined {
    const absolute = path.resolve(fileName);
    const configPath = this.forcedProject ?? findNearestTsconfig(path.dirname(absolute), tsconfigLookups);
    if (configPath !== undefined) {
      try {
        const owner = this.configuredOwner(configPath, absolute, new Set());
        if (owner) return owner;
        if (requireMembership) return undefined;
      } catch (error) {
        if (!(error instanceof ConfigError) || policy === 'throw') throw error;
        this.configErrors.set(configPath, error);
      }
    }
    return this.inferredProjectFor(absolute);
  }

  /** Lints files, each with the program of its project (one program per project for the whole call). */
  lintFiles(fileNames: readonly string[], policy: ConfigErrorPolicy = 'throw'): FileLintResult[] {
    return fileNames.map((fileName) => {
      const project = this.projectFor(fileName, policy);
      return project ? this.lintFile(fileName, project) : this.lintFile(fileName, this.inferredProjectFor(path.resolve(fileName)));
    });
  }

  /** Lints one file; `enabledRules` replaces the engine's configuration (the server's per-folder settings). */
  lintFile(fileName: string, project: Project, enabledRules: readonly EnabledRule[] = this.enabledRules): FileLintResult {
    const filePath = path.resolve(fileName);
    const base = { filePath, configPath: project.configPath };
    const source = project.sourceOf(filePath);
    if (source === undefined) return { ...base, text: undefined, hasBom: false, messages: [fileProblem(`File not found: ${filePath}`, 2)] };
    if (source.readError !== undefined) {
      return { ...base, text: undefined, hasBom: source.hasBom, messages: [fileProblem(source.readError, source.readError.startsWith('Cannot read') ? 2 : 1)] };
    }
    if (source.text.length > this.maxFileSize) {
      const size = `${(source.text.length / 1024 / 1024).toFixed(1)} MB`;
      const limit = `${(this.maxFileSize / 1024 / 1024).toFixed(1)} MB`;
      return { ...base, text: source.text, hasBom: source.hasBom, messages: [fileProblem(`File skipped: ${size} is over the ${limit} limit (raise it with --max-file-size).`, 1)] };
    }
    let messages: LintMessage[];
    try {
      messages = this.analyse(project, filePath, enabledRules);
    } catch (error) {
      messages = [fileProblem(`Could not analyse this file: ${(error as Error).message}`, 2)];
    }
    return { ...base, text: source.text, hasBom: source.hasBom, messages };
  }

  /** Runs the enabled analyses on one file of a project's current program. */
  analyse(project: Project, filePath: string, enabledRules: readonly EnabledRule[] = this.enabledRules): LintMessage[] {
    const program = project.getProgram();
    const sourceFile = program.getSourceFile(filePath);
    if (!sourceFile) return [fileProblem(`The file is not part of the TypeScript program of ${project.configPath ?? 'its inferred project'}.`, 2)];
    const checker = program.getTypeChecker();
    const messages: LintMessage[] = [];
    // The language server calls this once per rule for one edit: what belongs to the file (its first
    // syntax error, which may need a second parse, and its directives) is computed once per tree.
    let fileLevel = this.fileLevelBySourceFile.get(sourceFile);
    if (!fileLevel) {
      fileLevel = fileLevelMessages(program, sourceFile, (id) => id.startsWith(`${PLUGIN_NAMESPACE}/`) && !this.knownRuleIds.has(id));
      this.fileLevelBySourceFile.set(sourceFile, fileLevel);
    }
    const { directives } = fileLevel;
    messages.push(...fileLevel.messages);
    for (const enabled of enabledRules) {
      let findings: Finding[];
      try {
        findings = this.incremental
          ? this.incremental.findings(enabled, filePath, sourceFile, program, checker)
          : enabled.rule.analysis.analyze({ sourceFile, program, checker, options: enabled.options });
      } catch (error) {
        messages.push({ ...fileProblem(`Rule ${enabled.ruleId} failed on this file: ${(error as Error).stack ?? String(error)}`, 2), ruleId: enabled.ruleId });
        continue;
      }
      for (const finding of findings) {
        const message = toLintMessage(sourceFile, enabled, finding);
        if (!directives.isSuppressed(enabled.ruleId, message.line, message.column)) messages.push(message);
      }
    }
    return messages.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** Every project this engine has built, for surfaces that refresh or dispose them. */
  projects(): Project[] {
    return [...this.configuredProjects.values(), ...this.inferredProjects.values()];
  }

  /**
   * Re-reads a tsconfig this engine has loaded (it changed, or files were created or deleted under
   * it). The project keeps its language service when the tsconfig still parses; when it does not,
   * the project is dropped and the error remembered, so its files go to inferred projects.
   */
  reloadConfiguredProject(configPath: string): ConfigError | undefined {
    const absolute = path.resolve(configPath);
    this.configErrors.delete(absolute);
    const existing = this.configuredProjects.get(absolute);
    try {
      const parsed = loadTsconfig(absolute);
      existing?.updateCompilerSetup(parsed.options, parsed.fileNames);
      return undefined;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      existing?.dispose();
      this.configuredProjects.delete(absolute);
      this.configErrors.set(absolute, error);
      return error;
    }
  }

  /**
   * Brings an engine kept between runs (the CLI's daemon) up to what the disk holds now: files read
   * since that changed are read again, a tsconfig that no longer parses is dropped, one whose options
   * or file list changed is reloaded (unchanged files' trees are kept), and inferred projects, whose
   * roots are the loose files of earlier runs, are dropped. So is a project whose referenced projects
   * or installed packages changed (setupStamp): resolutions into them are not worth tracking one by
   * one. Warnings then cover the projects the next run asks for, as in a run that starts from nothing.
   */
  syncWithDisk(): void {
    for (const project of this.inferredProjects.values()) project.dispose();
    this.inferredProjects.clear();
    this.visitedConfigs.clear();
    for (const [configPath, project] of [...this.configuredProjects]) {
      let parsed;
      try {
        parsed = loadTsconfig(configPath);
      } catch {
        this.forgetConfiguredProject(configPath); // the next run that needs it reports why
        continue;
      }
      if (this.setupStamps.get(configPath) !== setupStamp(project.rootDir, parsed.projectReferences)) {
        this.forgetConfiguredProject(configPath);
        continue;
      }
      project.updateCompilerSetupIfChanged(parsed.options, parsed.fileNames);
      for (const fileName of project.filesChangedOnDisk()) project.markChangedOnDisk(fileName);
    }
  }

  /** Drops a configured project (its tsconfig was deleted); the next `projectFor` decides anew. */
  forgetConfiguredProject(configPath: string): void {
    const absolute = path.resolve(configPath);
    this.configuredProjects.get(absolute)?.dispose();
    this.configuredProjects.delete(absolute);
    this.setupStamps.delete(absolute);
    this.referenceWarnings.delete(absolute);
    this.configErrors.delete(absolute);
  }

  /** The tsconfig paths of the configured projects this engine has loaded. */
  configuredProjectPaths(): string[] {
    return [...this.configuredProjects.keys()];
  }

  dispose(): void {
    for (const project of this.projects()) project.dispose();
    this.configuredProjects.clear();
    this.inferredProjects.clear();
    this.incremental?.clear();
  }

  private configuredOwner(configPath: string, fileName: string, visited: Set<string>): Project | undefined {
    if (visited.has(configPath)) return undefined; // reference cycles
    visited.add(configPath);
    const project = this.configuredProject(configPath);
    if (project.containsFile(fileName)) return project;
    for (const reference of project.references) {
      const referencedConfig = ts.resolveProjectReferencePath(reference);
      if (!fs.existsSync(referencedConfig)) continue;
      const owner = this.configuredOwner(path.resolve(referencedConfig), fileName, visited);
      if (owner) return owner;
    }
    return undefined;
  }

  /** The project of a tsconfig (built once per engine). Throws ConfigError when it cannot be used. */
  configuredProject(configPath: string): Project {
    configPath = path.resolve(configPath);
    this.visitedConfigs.add(configPath);
    const existing = this.configuredProjects.get(configPath);
    if (existing) return existing;
    const parsed = loadTsconfig(configPath);
    this.referenceWarnings.set(configPath, missingReferenceWarnings(parsed));
    const project = new Project({
      configPath: parsed.configPath,
      rootDir: path.dirname(parsed.configPath),
      options: parsed.options,
      fileNames: parsed.fileNames,
      projectReferences: parsed.projectReferences,
      jsDocParsingMode: this.jsDocParsingMode,
    });
    this.configuredProjects.set(configPath, project);
    this.setupStamps.set(configPath, setupStamp(project.rootDir, parsed.projectReferences));
    return project;
  }

  private inferredProjectFor(fileName: string): Project {
    const rootDir = inferredRoot(fileName);
    let project = this.inferredProjects.get(rootDir);
    if (!project) {
      project = new Project({ configPath: undefined, rootDir, options: inferredProjectOptions(rootDir), fileNames: [], jsDocParsingMode: this.jsDocParsingMode });
      this.inferredProjects.set(rootDir, project);
    }
    project.addRootFile(fileName);
    return project;
  }
}

/** Loose files share one inferred project per package (nearest package.json), else per folder. */
function inferredRoot(fileName: string): string {
  for (let dir = path.dirname(fileName); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(fileName);
  }
}

function toLintMessage(sourceFile: ts.SourceFile, enabled: EnabledRule, finding: Finding): LintMessage {
  const messages = enabled.rule.meta.messages as Readonly<Record<string, string>>;
  const start = positionOf(sourceFile, finding.start);
  const end = positionOf(sourceFile, finding.end);
  const text = sourceFile.text;
  return {
    ruleId: enabled.ruleId,
    severity: enabled.severity,
    message: interpolate(messages[finding.messageId] ?? finding.messageId, finding.data),
    messageId: finding.messageId,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    start: finding.start,
    end: finding.end,
    ...(finding.fix ? { fix: mergeEdits(text, finding.fix.edits), fixEdits: finding.fix.edits, fixDesc: describeFix(messages, finding.fix) } : {}),
    ...(finding.suggestions && finding.suggestions.length > 0
      ? {
          suggestions: finding.suggestions.map((suggestion) => ({
            desc: describeFix(messages, suggestion),
            messageId: suggestion.messageId,
            fix: mergeEdits(text, suggestion.edits),
            edits: suggestion.edits,
          })),
        }
      : {}),
  };
}

interface FileLevelMessages {
  readonly directives: DisableDirectives;
  /** The first syntax error and directives naming unknown rules of ours. */
  readonly messages: readonly LintMessage[];
}

function fileLevelMessages(program: ts.Program, sourceFile: ts.SourceFile, isOwnUnknownRule: (ruleId: string) => boolean): FileLevelMessages {
  const messages: LintMessage[] = [];
  const syntaxError = firstSyntaxError(program, sourceFile);
  if (syntaxError?.start !== undefined) {
    const at = positionOf(sourceFile, syntaxError.start);
    messages.push({
      ruleId: null, severity: 2, fatal: true,
      message: `Parsing error: ${ts.flattenDiagnosticMessageText(syntaxError.messageText, '\n')}`,
      line: at.line, column: at.column, endLine: at.line, endColumn: at.column,
      start: syntaxError.start, end: syntaxError.start,
    });
  }
  const directives = collectDisableDirectives(sourceFile, isOwnUnknownRule);
  for (const unknown of directives.unknownRules) {
    const start = positionOf(sourceFile, unknown.start);
    const end = positionOf(sourceFile, unknown.end);
    messages.push({
      ruleId: unknown.ruleId, severity: 2,
      message: `Definition for rule '${unknown.ruleId}' was not found.`,
      line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
      start: unknown.start, end: unknown.end,
    });
  }
  return { directives, messages };
}

/**
 * The first syntax error as a fresh parse reports it. TypeScript's incremental parser (the editor's
 * path) recovers from errors differently from a full parse (the CLI's and ESLint's), so it can name a
 * different first error for the same text; only files with errors pay for the second parse.
 */
function firstSyntaxError(program: ts.Program, sourceFile: ts.SourceFile): ts.Diagnostic | undefined {
  if (program.getSyntacticDiagnostics(sourceFile).length === 0) return undefined;
  const fresh = ts.createSourceFile(sourceFile.fileName, sourceFile.text, {
    languageVersion: sourceFile.languageVersion,
    impliedNodeFormat: sourceFile.impliedNodeFormat,
  });
  return (fresh as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.[0];
}

function fileProblem(message: string, severity: 1 | 2): LintMessage {
  return { ruleId: null, severity, fatal: severity === 2, message, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
}

/**
 * What a program is built on besides its files: the referenced projects (which, and their tsconfigs:
 * TypeScript reads them while building) and the installed packages.
 */
function setupStamp(rootDir: string, references: readonly ts.ProjectReference[] | undefined): string {
  const referenced = (references ?? []).map((reference) => `${reference.path}:${fileStamp(ts.resolveProjectReferencePath(reference))}`);
  return JSON.stringify([referenced, installedPackagesStamp(rootDir)]);
}

function missingReferenceWarnings(parsed: ParsedTsconfig): string[] {
  return (parsed.projectReferences ?? [])
    .map((reference) => ts.resolveProjectReferencePath(reference))
    .filter((referenced) => !fs.existsSync(referenced))
    .map((referenced) => `${parsed.configPath}: referenced project ${referenced} does not exist; analysing without it.`);
}
