/**
 * One TypeScript project (a tsconfig, or an inferred project for loose files) behind a
 * LanguageService. The host serves open-buffer text where a surface set one (the editor's unsaved
 * text, a fix being checked) and disk content otherwise, so a program always reflects what the user
 * sees. Programs are rebuilt incrementally by the language service: unchanged files are reused.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { fileStamp, readSourceText, type SourceText } from './source-text.js';
import { compilerOptionsText } from './tsconfig.js';

/** One registry per JSDoc parsing mode (a registry's trees are parsed in one mode only). */
const documentRegistries = new Map<ts.JSDocParsingMode | undefined, ts.DocumentRegistry>();

function documentRegistryFor(mode: ts.JSDocParsingMode | undefined): ts.DocumentRegistry {
  let registry = documentRegistries.get(mode);
  if (!registry) {
    registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, ts.sys.getCurrentDirectory(), mode);
    documentRegistries.set(mode, registry);
  }
  return registry;
}
/**
 * Disk versions move only when a surface says a file changed (no stat per program update). They
 * are shared by every project, like the registry: two projects naming one unchanged file with
 * different versions would make the registry reparse it for each in turn, and every program
 * update would then see a "changed" file (which also stops function-level re-analysis).
 */
const sharedDiskVersions = new Map<string, number>();

/**
 * `path.resolve` of absolute names, remembered: the language service asks for every file's version
 * and snapshot on every program update (hundreds of files per keystroke).
 */
const resolvedPaths = new Map<string, string>();
function resolvedPath(fileName: string): string {
  if (!path.isAbsolute(fileName)) return path.resolve(fileName); // depends on the working directory
  let resolved = resolvedPaths.get(fileName);
  if (resolved === undefined) {
    resolved = path.resolve(fileName);
    if (resolvedPaths.size > 100_000) resolvedPaths.clear();
    resolvedPaths.set(fileName, resolved);
  }
  return resolved;
}

interface Overlay {
  readonly text: string;
  readonly version: number;
  readonly snapshot: OverlaySnapshot;
}

/** How many earlier versions a snapshot remembers to tell TypeScript what changed since them. */
const MAX_SNAPSHOT_CHAIN = 16;

/**
 * The text of an open buffer at one version, remembering the edit that made it from the previous
 * version so the language service can reparse incrementally (`getChangeRange`) instead of from scratch.
 */
class OverlaySnapshot implements ts.IScriptSnapshot {
  constructor(
    readonly text: string,
    private previous: OverlaySnapshot | undefined,
    private readonly changeFromPrevious: ts.TextChangeRange | undefined,
  ) {
    // Forget versions older than the chain TypeScript could still ask about (memory stays bounded).
    let cursor: OverlaySnapshot | undefined = this;
    for (let depth = 0; cursor && depth < MAX_SNAPSHOT_CHAIN; depth++) cursor = cursor.previous;
    if (cursor) cursor.previous = undefined;
  }

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(oldSnapshot: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (oldSnapshot === this) return ts.unchangedTextChangeRange;
    const ranges: ts.TextChangeRange[] = [];
    let cursor: OverlaySnapshot | undefined = this;
    while (cursor && cursor !== oldSnapshot) {
      if (!cursor.changeFromPrevious) return undefined;
      ranges.unshift(cursor.changeFromPrevious);
      cursor = cursor.previous;
    }
    return cursor ? ts.collapseTextChangeRangesAcrossMultipleVersions(ranges) : undefined;
  }
}

export interface ProjectInit {
  /** Absolute tsconfig path; undefined for an inferred project. */
  readonly configPath: string | undefined;
  readonly rootDir: string;
  readonly options: ts.CompilerOptions;
  readonly fileNames: readonly string[];
  readonly projectReferences?: readonly ts.ProjectReference[];
  /**
   * Which JSDoc comments to parse; all when absent (what an editor shows). A batch run can skip
   * those of TypeScript files (`ParseForTypeInfo`): types come from JSDoc only in JavaScript.
   */
  readonly jsDocParsingMode?: ts.JSDocParsingMode;
}

export class Project {
  readonly configPath: string | undefined;
  readonly rootDir: string;
  readonly languageService: ts.LanguageService;
  private options: ts.CompilerOptions;
  private readonly rootFiles: Set<string>;
  private readonly overlays = new Map<string, Overlay>();
  private readonly diskVersions = sharedDiskVersions;
  /** Disk texts read, with the file's size and modification time just before reading ('' when absent). */
  private readonly diskTexts = new Map<string, { version: string; source: SourceText | undefined; stamp: string }>();
  private projectVersion = 0;
  private resolutionCache: ts.ModuleResolutionCache;
  /** The program of the last `getProgram()`, to ask what it contains without updating it. */
  private lastProgram: ts.Program | undefined;
  readonly references: readonly ts.ProjectReference[];
  readonly jsDocParsingMode: ts.JSDocParsingMode | undefined;

  constructor(init: ProjectInit) {
    this.configPath = init.configPath;
    this.rootDir = init.rootDir;
    this.options = init.options;
    this.rootFiles = new Set(init.fileNames);
    this.references = init.projectReferences ?? [];
    this.jsDocParsingMode = init.jsDocParsingMode;
    // getModuleResolutionCache is read by the language service but missing from its public host type.
    const host: ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache } = {
      jsDocParsingMode: this.jsDocParsingMode,
      getProjectVersion: () => String(this.projectVersion),
      getCompilationSettings: () => this.options,
      getProjectReferences: () => this.references,
      getScriptFileNames: () => [...this.rootFiles],
      getScriptVersion: (fileName) => this.versionOf(fileName),
      getScriptSnapshot: (fileName) => {
        const overlay = this.overlays.get(resolvedPath(fileName));
        if (overlay) return overlay.snapshot;
        const source = this.sourceOf(fileName);
        return source === undefined ? undefined : ts.ScriptSnapshot.fromString(source.text);
      },
      getCurrentDirectory: () => this.rootDir,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) => this.overlays.has(resolvedPath(fileName)) || ts.sys.fileExists(fileName),
      readFile: (fileName, encoding) => this.overlays.get(resolvedPath(fileName))?.text ?? ts.sys.readFile(fileName, encoding),
      readDirectory: (...args) => ts.sys.readDirectory(...args),
      directoryExists: (dir) => ts.sys.directoryExists(dir),
      getDirectories: (dir) => ts.sys.getDirectories(dir),
      realpath: (p) => ts.sys.realpath?.(p) ?? p,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      // One resolution cache for the project's life (until files appear or vanish): without it every
      // program update re-resolves every import and re-reads every package.json scope.
      getModuleResolutionCache: () => this.resolutionCache,
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, options, containingSourceFile) =>
        literals.map((literal) =>
          ts.resolveModuleName(literal.text, containingFile, options, host, this.resolutionCache, redirectedReference, ts.getModeForUsageLocation(containingSourceFile, literal, options)),
        ),
    };
    this.resolutionCache = this.createResolutionCache();
    this.languageService = ts.createLanguageService(host, documentRegistryFor(this.jsDocParsingMode));
  }

  /** The options its programs are built with (its tsconfig's as last loaded, or the inferred ones). */
  get compilerOptions(): ts.CompilerOptions {
    return this.options;
  }

  get isInferred(): boolean {
    return this.configPath === undefined;
  }

  /** The current program; cheap when nothing changed since the last call. */
  getProgram(): ts.Program {
    let program: ts.Program | undefined;
    try {
      program = this.languageService.getProgram();
    } catch (error) {
      // TypeScript 6.0's incremental parser fails an internal assertion on some edits ("Debug
      // Failure. Expected 1638 >= 1698" in adjustIntersectingElement; found by the edit fuzzer,
      // seed 7, reproduced with two texts and a correct change range) and leaves the old tree half
      // adjusted. Parse the open buffers from scratch instead of trusting that tree.
      if (!this.forgetChangeRanges()) throw error;
      program = this.languageService.getProgram();
    }
    if (!program) throw new Error(`TypeScript could not build a program for ${this.configPath ?? this.rootDir}`);
    this.lastProgram = program;
    return program;
  }

  containsFile(fileName: string): boolean {
    return this.rootFiles.has(resolvedPath(fileName));
  }

  rootFileNames(): string[] {
    return [...this.rootFiles];
  }

  addRootFile(fileName: string): void {
    const absolute = resolvedPath(fileName);
    if (this.rootFiles.has(absolute)) return;
    this.rootFiles.add(absolute);
    this.invalidateResolutions();
    this.projectVersion++;
  }

  removeRootFile(fileName: string): void {
    if (this.rootFiles.delete(resolvedPath(fileName))) {
      this.invalidateResolutions();
      this.projectVersion++;
    }
  }

  /** Whether the file is a root of this project or part of its last built program. */
  usesFile(fileName: string): boolean {
    const absolute = resolvedPath(fileName);
    return this.rootFiles.has(absolute) || this.lastProgram?.getSourceFile(absolute) !== undefined;
  }

  /** The program of the last `getProgram()`, without updating it (undefined before the first). */
  get lastBuiltProgram(): ts.Program | undefined {
    return this.lastProgram;
  }

  /** Whether a program has been built since the project was created or last changed. */
  get hasProgram(): boolean {
    return this.lastProgram !== undefined;
  }

  /**
   * Use `text` instead of the file's disk content (an unsaved buffer, a fix under test). With
   * `change` (the edit from the overlay's previous version to this one), TypeScript reparses only
   * the changed part. A file this project does not use does not make it rebuild its program.
   */
  setOverlay(fileName: string, text: string, version: number, change?: ts.TextChangeRange): void {
    const absolute = resolvedPath(fileName);
    const previous = this.overlays.get(absolute);
    const snapshot = new OverlaySnapshot(text, previous?.snapshot, previous && change ? change : undefined);
    this.overlays.set(absolute, { text, version, snapshot });
    if (!previous) this.invalidateResolutions(); // a file that did not exist on disk may exist now
    if (!previous || this.usesFile(absolute) || !this.lastProgram) this.projectVersion++;
  }

  /** Makes the next program parse every overlay from scratch; false when there was nothing to forget. */
  private forgetChangeRanges(): boolean {
    if (this.overlays.size === 0) return false;
    for (const [fileName, overlay] of this.overlays) {
      this.overlays.set(fileName, { ...overlay, version: overlay.version, snapshot: new OverlaySnapshot(overlay.text, undefined, undefined) });
    }
    this.projectVersion++;
    return true;
  }

  removeOverlay(fileName: string): void {
    const absolute = resolvedPath(fileName);
    if (this.overlays.delete(absolute)) {
      this.invalidateResolutions();
      this.diskTexts.delete(absolute);
      this.diskVersions.set(absolute, (this.diskVersions.get(absolute) ?? 0) + 1);
      this.projectVersion++;
    }
  }

  /** The file changed on disk: re-read it at the next program update. */
  markChangedOnDisk(fileName: string): void {
    const absolute = resolvedPath(fileName);
    this.diskVersions.set(absolute, (this.diskVersions.get(absolute) ?? 0) + 1);
    this.diskTexts.delete(absolute);
    this.invalidateResolutions(); // it may have been created or deleted, or be a package.json
    this.projectVersion++;
  }

  updateCompilerSetup(options: ts.CompilerOptions, fileNames: readonly string[]): void {
    this.options = options;
    this.resolutionCache = this.createResolutionCache();
    this.rootFiles.clear();
    for (const fileName of fileNames) this.rootFiles.add(resolvedPath(fileName));
    this.projectVersion++;
  }

  /** `updateCompilerSetup`, unless the options and root files are those the project has. */
  updateCompilerSetupIfChanged(options: ts.CompilerOptions, fileNames: readonly string[]): void {
    const roots = new Set(fileNames.map(resolvedPath));
    const sameRoots = roots.size === this.rootFiles.size && [...roots].every((fileName) => this.rootFiles.has(fileName));
    if (!sameRoots || compilerOptionsText(options) !== compilerOptionsText(this.options)) this.updateCompilerSetup(options, fileNames);
  }

  /** The text a program of this project sees for `fileName` (BOM removed), with how it was read. */
  sourceOf(fileName: string): SourceText | undefined {
    const absolute = resolvedPath(fileName);
    const overlay = this.overlays.get(absolute);
    if (overlay) return { text: overlay.text, hasBom: false, readError: undefined };
    const version = this.versionOf(absolute);
    const cached = this.diskTexts.get(absolute);
    if (cached?.version === version) return cached.source;
    const stamp = fileStamp(absolute);
    const source = stamp === '' ? undefined : readSourceText(absolute);
    this.diskTexts.set(absolute, { version, source, stamp });
    return source;
  }

  /**
   * Files read from disk whose size or modification time moved since they were read: what a
   * long-lived process (the CLI's daemon) must mark changed before it trusts its programs again.
   * Files an open buffer shadows are not disk texts and are not listed.
   */
  filesChangedOnDisk(): string[] {
    const changed: string[] = [];
    for (const [fileName, read] of this.diskTexts) if (fileStamp(fileName) !== read.stamp) changed.push(fileName);
    return changed;
  }

  dispose(): void {
    this.languageService.dispose();
    this.lastProgram = undefined; // the program (and its checker) is what a disposed project must not keep alive
  }

  private createResolutionCache(): ts.ModuleResolutionCache {
    const canonical = ts.sys.useCaseSensitiveFileNames ? (name: string) => name : (name: string) => name.toLowerCase();
    return ts.createModuleResolutionCache(this.rootDir, canonical, this.options);
  }

  /** Module resolutions may differ now (files created, deleted, shadowed by a buffer). */
  private invalidateResolutions(): void {
    this.resolutionCache.clear();
  }

  private versionOf(fileName: string): string {
    const absolute = resolvedPath(fileName);
    const overlay = this.overlays.get(absolute);
    return overlay ? `o${overlay.version}` : `d${this.diskVersions.get(absolute) ?? 0}`;
  }
}
