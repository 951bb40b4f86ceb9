/**
 * `--cache`: results of earlier runs, reused when nothing they depend on changed.
 *
 * A file's result depends on its own text and on every project file it imports, directly or
 * transitively (types flow through inferred signatures, and the rules follow calls into the bodies
 * of imported functions), on the files that declare globals or augment modules, on the files that
 * write a field a function it imports returns as `this.name` (a held promise, field-writes.ts), on
 * the compiler options and root files of its project, on the declaration files it reads from
 * node_modules, and on the tool itself (version, rule code, rule settings). The cache stores, per project
 * file, a hash of its content, the project files it imports (as TypeScript resolved them), and the
 * shape of what it exports and uses (export-shapes.ts), so a run re-analyses the changed files and
 * the files that use a name whose shape changed, directly or through other files (affected-files.ts):
 * a new export, or a change in a function nobody imports, re-analyses only the file itself.
 *
 * Those files are analysed with a program built from them alone (TypeScript pulls in what they
 * import), not with the whole project's, so a one-file change costs the size of that file's
 * import graph rather than the project's. A change to a file that declares globals, to the
 * project's options or file list, to the installed packages (the same stamp a kept engine checks,
 * tsconfig.ts), or to a declaration file read from node_modules re-analyses the whole project. Nothing here is trusted blindly: a cache from another version, another rule
 * configuration or another format is ignored, and an unreadable one is a cold run.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Engine } from '../engine/engine.js';
import { affectedFiles } from './affected-files.js';
import { exportShape, type ExportShape } from './export-shapes.js';
import { fieldFacts } from '../engine/field-writes.js';
import { Project } from '../engine/project.js';
import { fileStamp } from '../engine/source-text.js';
import type { Target } from '../engine/targets.js';
import { compilerOptionsText, installedPackagesStamp } from '../engine/tsconfig.js';
import type { LintResult } from './formatters/results.js';
import { compiledFiles, DIST_ROOT, packageVersion } from './installation.js';

export const DEFAULT_CACHE_FILE = '.async-pitfalls-cache';
const FORMAT = 4;

interface FileEntry {
  /** sha1 of the file's bytes. */
  hash: string;
  /** Declares globals or augments a module: a change touches every file of the project. */
  global: boolean;
  /** Project files this one imports or references, as TypeScript resolved them. */
  deps: string[];
  /** What it exports and uses; undefined when unknown (a change then reaches every importer). */
  shape?: ExportShape;
  /** Its module specifiers → the project file each resolved to ('' for a package or nothing). */
  modules?: Record<string, string>;
  /** Property names it assigns, and fields its functions return as `this.name` (field-writes.ts). */
  fieldWrites?: string[];
  returnedFields?: string[];
  /** The file's last result, when it was a target. */
  result?: LintResult;
}

interface ProjectEntry {
  /** Compiler options, root files and references. */
  key: string;
  /** Files read from outside the project (node_modules declarations): their `fileStamp`. */
  externals: Record<string, string>;
  files: Record<string, FileEntry>;
}

interface CacheData {
  format: number;
  toolKey: string;
  projects: Record<string, ProjectEntry>;
  lastRun?: CacheRunStats;
}

export interface CacheRunStats {
  /** Targets analysed in this run. */
  analysedFiles: number;
  /** Their paths. */
  analysed: string[];
  /** Targets whose result came from the cache. */
  reusedFiles: number;
  /** Source files in the programs built for the analysed targets (0 when none was needed). */
  programFiles: number;
  /** Projects whose options, file list, globals or external declarations changed. */
  invalidatedProjects: number;
  /** Why results could not be reused at all, per project (for whoever wonders why a run was cold). */
  coldReasons: string[];
}

interface ProjectPlan {
  readonly id: string;
  readonly project: Project;
  readonly setup: { options: ts.CompilerOptions; rootFiles: readonly string[]; references: readonly ts.ProjectReference[] };
  readonly key: string;
  /** The entry carried over from the last run, or a fresh one when it could not be trusted. */
  readonly entry: ProjectEntry;
  readonly invalidated: boolean;
  readonly coldReason?: string;
  /** Hashes of the project files read while planning, to store without reading them again. */
  readonly hashes: Map<string, string>;
  /** Targets of this project to analyse. */
  readonly dirty: Set<string>;
  /** The files' records as they are now (the changed files' read again). */
  readonly records: Readonly<Record<string, FileEntry>>;
  /** The program to analyse them with, when it is not the project's own. */
  subset?: Project;
}

export class LintCache {
  private readonly plans = new Map<Project, ProjectPlan>();
  private readonly stats: CacheRunStats = { analysedFiles: 0, analysed: [], reusedFiles: 0, programFiles: 0, invalidatedProjects: 0, coldReasons: [] };
  /** Results recorded in this run, by target file. */
  private readonly recorded = new Map<string, { result: LintResult; fileChanged: boolean }>();

  private constructor(
    private readonly location: string,
    private readonly toolKey: string,
    private readonly targets: readonly Target[],
    /** The projects' programs are kept up to date between runs (the daemon): analyse with them. */
    private readonly warmPrograms: boolean,
  ) {}

  /** Reads the cache at `location` and decides, per target, whether its stored result still holds. */
  static open(engine: Engine, targets: readonly Target[], location: string, options: { fix: boolean; warmPrograms?: boolean }): LintCache {
    const resolvedLocation = isDirectory(location) ? path.join(location, DEFAULT_CACHE_FILE) : location;
    const cache = new LintCache(resolvedLocation, toolKey(engine), targets, options.warmPrograms === true);
    const read = readCacheFile(resolvedLocation, cache.toolKey);
    const stored = typeof read === 'string' ? undefined : read;
    const byProject = new Map<Project, Target[]>();
    for (const target of targets) byProject.set(target.project, [...(byProject.get(target.project) ?? []), target]);
    for (const [project, projectTargets] of byProject) {
      const plan = planProject(project, projectTargets, stored?.projects[projectId(project)], options.fix);
      if (plan.invalidated) {
        cache.stats.invalidatedProjects++;
        cache.stats.coldReasons.push(`${plan.id}: ${typeof read === 'string' ? read : plan.coldReason}`);
      }
      cache.plans.set(project, plan);
    }
    return cache;
  }

  /** The stored result of a target that nothing it depends on has changed since. */
  cachedResult(target: Target): LintResult | undefined {
    const plan = this.plans.get(target.project);
    if (!plan || plan.dirty.has(target.file)) return undefined;
    return plan.entry.files[target.file]?.result;
  }

  /**
   * The project to analyse a target with: a program of just the files to re-analyse, when it can be
   * and the project's own program is not already built and kept up to date.
   */
  projectFor(target: Target): Project {
    const plan = this.plans.get(target.project);
    if (!plan || plan.invalidated || this.warmPrograms) return target.project;
    if (!plan.subset) {
      const globals = Object.entries(plan.entry.files).filter(([, entry]) => entry.global).map(([file]) => file);
      const roots = [...new Set([...plan.dirty, ...globals.filter((file) => plan.setup.rootFiles.includes(file)), ...fieldWriters(plan.records, plan.dirty)])];
      plan.subset = new Project({
        configPath: target.project.configPath,
        rootDir: target.project.rootDir,
        options: plan.setup.options,
        fileNames: roots,
        projectReferences: plan.setup.references,
        jsDocParsingMode: target.project.jsDocParsingMode,
      });
    }
    return plan.subset;
  }

  /** A target's result in this run; `fileChanged` when --fix rewrote the file. */
  record(target: Target, result: LintResult, fileChanged: boolean): void {
    this.recorded.set(target.file, { result, fileChanged });
  }

  /** Stores what this run learnt (written atomically), and frees the programs built for it. */
  save(): void {
    for (const target of this.targets) {
      if (this.recorded.has(target.file)) {
        this.stats.analysedFiles++;
        this.stats.analysed.push(target.file);
      }
      else if (this.cachedResult(target)) this.stats.reusedFiles++;
    }
    const projects: Record<string, ProjectEntry> = {};
    for (const plan of this.plans.values()) projects[plan.id] = this.updatedEntry(plan);
    const data: CacheData = { format: FORMAT, toolKey: this.toolKey, projects, lastRun: this.stats };
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.location), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(data));
      fs.renameSync(temporary, this.location);
      written.set(this.location, { stamp: fileStamp(this.location), data });
    } catch {
      fs.rmSync(temporary, { force: true }); // a cache that cannot be written only costs time next run
    }
  }

  dispose(): void {
    for (const plan of this.plans.values()) plan.subset?.dispose();
  }

  private updatedEntry(plan: ProjectPlan): ProjectEntry {
    const previous = plan.entry.files;
    const files: Record<string, FileEntry> = {};
    for (const [file, entry] of Object.entries(previous)) {
      files[file] = { hash: entry.hash, global: entry.global, deps: entry.deps, shape: entry.shape, modules: entry.modules, fieldWrites: entry.fieldWrites, returnedFields: entry.returnedFields };
    }
    const externals = { ...plan.entry.externals };
    const analysed = plan.subset ?? (plan.dirty.size > 0 ? plan.project : undefined);
    const program = analysed?.hasProgram ? analysed.getProgram() : undefined;
    if (program) {
      this.stats.programFiles += program.getSourceFiles().length;
      const graph = dependencyGraph(program);
      const projectFiles = program.getSourceFiles().filter((sourceFile) => !program.isSourceFileDefaultLibrary(sourceFile));
      for (const sourceFile of projectFiles) {
        const file = path.resolve(sourceFile.fileName);
        if (!isProjectFile(file)) {
          externals[file] = fileStamp(file);
          continue;
        }
        // Without the import graph every change has to count as touching the whole project.
        files[file] = {
          hash: plan.hashes.get(file) ?? hashFile(file),
          global: graph === undefined || declaresGlobals(sourceFile),
          deps: [...(graph?.deps.get(file) ?? [])],
          // Without a shape its exports all change with it or with anything it imports.
          shape: graph === undefined || graph.ambiguous.has(file) ? undefined : exportShape(sourceFile),
          modules: graph?.modules.get(file) ?? {},
          ...fieldFacts(sourceFile),
        };
      }
    }
    // A result survives when it was produced in this run, or when neither its file nor any name
    // it uses (before or after this run) changed.
    const changed = Object.keys(files).filter((file) => previous[file]?.hash !== files[file]?.hash);
    const stale = affectedFiles(previous, files, changed);
    for (const [file, entry] of Object.entries(files)) {
      const recorded = this.recorded.get(file);
      if (recorded?.fileChanged) entry.hash = ''; // rewritten by --fix: analyse it and its dependents next time
      else if (recorded) entry.result = recorded.result;
      else if (!stale.has(file) && !plan.dirty.has(file) && previous[file]?.result) entry.result = previous[file].result;
    }
    return { key: plan.key, externals, files };
  }
}

function planProject(project: Project, targets: readonly Target[], stored: ProjectEntry | undefined, fix: boolean): ProjectPlan {
  const setup = projectSetup(project);
  const key = sha1(JSON.stringify({ options: compilerOptionsText(setup.options), roots: [...setup.rootFiles].sort(), references: setup.references, packages: installedPackagesStamp(project.rootDir) }));
  const hashes = new Map<string, string>();
  const base = { id: projectId(project), project, setup, key, hashes };
  const everything = (coldReason: string): ProjectPlan => ({ ...base, entry: { key, externals: {}, files: {} }, invalidated: true, coldReason, dirty: new Set(targets.map((t) => t.file)), records: {} });
  if (!stored) return everything('not in the cache');
  if (stored.key !== key) return everything('compiler options, file list or installed packages changed');
  for (const [file, stamp] of Object.entries(stored.externals)) if (fileStamp(file) !== stamp) return everything(`${file} changed`);

  const changed: string[] = [];
  const now: Record<string, FileEntry> = { ...stored.files };
  for (const [file, entry] of Object.entries(stored.files)) {
    const hash = hashFile(file);
    hashes.set(file, hash);
    if (hash === entry.hash) continue;
    const sourceFile = hash === '' ? undefined : parseAlone(file);
    if (entry.global || (hash !== '' && declaresGlobals(sourceFile))) return everything(`${file} declares globals and changed`);
    changed.push(file);
    // Its imports are resolved as in the last program; an import added since is unknown, and a
    // name that mentions it counts as changed.
    now[file] = { ...entry, shape: sourceFile ? exportShape(sourceFile) : undefined, ...(sourceFile ? fieldFacts(sourceFile) : { fieldWrites: [], returnedFields: [] }) };
  }
  const affected = affectedFiles(stored.files, now, changed);
  const dirty = new Set<string>();
  for (const target of targets) {
    const result = stored.files[target.file]?.result;
    const needsFix = fix && result !== undefined && result.messages.some((m) => m.fix !== undefined);
    if (affected.has(target.file) || result === undefined || needsFix) dirty.add(target.file);
  }
  return { ...base, entry: stored, invalidated: false, dirty, records: now };
}

/**
 * The files a program for `files` must hold besides what they import: those writing a field that a
 * function among their imports returns as `this.name` (a held promise is proved by every write of
 * its field, field-writes.ts). A record without these facts counts as writing and returning everything.
 */
function fieldWriters(records: Readonly<Record<string, FileEntry>>, files: ReadonlySet<string>): string[] {
  const reachable = new Set<string>();
  const pending = [...files];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reachable.has(file)) continue;
    reachable.add(file);
    pending.push(...(records[file]?.deps ?? []));
  }
  let anyField = false;
  const returned = new Set<string>();
  for (const file of reachable) {
    const fields = records[file]?.returnedFields;
    if (fields === undefined && records[file] !== undefined) anyField = true;
    for (const field of fields ?? []) returned.add(field);
  }
  if (!anyField && returned.size === 0) return [];
  return Object.entries(records)
    .filter(([file, entry]) => !reachable.has(file) && (entry.fieldWrites === undefined || entry.fieldWrites.some((name) => anyField || returned.has(name))))
    .map(([file]) => file);
}

/** What the project was set up with: its tsconfig as the engine loaded it for this run (no second parse). */
function projectSetup(project: Project): ProjectPlan['setup'] {
  return { options: project.compilerOptions, rootFiles: project.rootFileNames(), references: project.references };
}

function projectId(project: Project): string {
  return project.configPath ?? `inferred:${project.rootDir}`;
}

/**
 * Which project files each file imports or references, and what each of its module specifiers
 * resolved to, as the program resolved them; undefined when this TypeScript does not expose its
 * resolutions (then any change re-analyses the project).
 */
function dependencyGraph(program: ts.Program): { deps: Map<string, Set<string>>; modules: Map<string, Record<string, string>>; ambiguous: Set<string> } | undefined {
  type Each<R> = (callback: (resolution: R, name: string, mode: unknown, filePath: string) => void) => void;
  const internal = program as unknown as {
    forEachResolvedModule?: Each<ts.ResolvedModuleWithFailedLookupLocations>;
    forEachResolvedTypeReferenceDirective?: Each<ts.ResolvedTypeReferenceDirectiveWithFailedLookupLocations>;
  };
  if (typeof internal.forEachResolvedModule !== 'function' || typeof internal.forEachResolvedTypeReferenceDirective !== 'function') return undefined;
  const graph = new Map<string, Set<string>>();
  const modules = new Map<string, Record<string, string>>();
  const ambiguous = new Set<string>();
  const add = (from: string, to: string | undefined): void => {
    if (to === undefined) return;
    const target = path.resolve(to);
    if (!isProjectFile(target)) return;
    const source = path.resolve(from);
    let deps = graph.get(source);
    if (!deps) graph.set(source, (deps = new Set()));
    deps.add(target);
  };
  internal.forEachResolvedModule.call(program, (resolution, name, _mode, filePath) => {
    const resolved = resolution.resolvedModule?.resolvedFileName;
    add(filePath, resolved);
    const source = path.resolve(filePath);
    let specifiers = modules.get(source);
    if (!specifiers) modules.set(source, (specifiers = {}));
    const target = resolved === undefined || !isProjectFile(path.resolve(resolved)) ? '' : path.resolve(resolved);
    const known = Object.prototype.hasOwnProperty.call(specifiers, name) ? specifiers[name] : undefined;
    if (known === undefined) specifiers[name] = target;
    else if (known !== target) ambiguous.add(source); // one specifier, two files (import and require under NodeNext)
  });
  internal.forEachResolvedTypeReferenceDirective.call(program, (resolution, _name, _mode, filePath) => add(filePath, resolution.resolvedTypeReferenceDirective?.resolvedFileName));
  for (const sourceFile of program.getSourceFiles()) {
    for (const reference of sourceFile.referencedFiles) add(sourceFile.fileName, path.resolve(path.dirname(sourceFile.fileName), reference.fileName));
  }
  return { deps: graph, modules, ambiguous };
}

/** A script (no imports or exports), `declare global`, or `declare module 'x'` in a module. */
function declaresGlobals(sourceFile: ts.SourceFile | undefined): boolean {
  if (!sourceFile) return true;
  if (/\.json$/iu.test(sourceFile.fileName)) return false;
  if (!ts.isExternalModule(sourceFile)) return true;
  return sourceFile.statements.some((statement) => ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0));
}

function parseAlone(file: string): ts.SourceFile | undefined {
  try {
    return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  } catch {
    return undefined;
  }
}

/** Files of the project itself, as opposed to installed packages' declarations. */
function isProjectFile(file: string): boolean {
  return !file.split(path.sep).includes('node_modules');
}

function hashFile(file: string): string {
  const stamp = fileStamp(file);
  const known = hashesByStamp.get(file);
  if (stamp !== '' && known?.stamp === stamp) return known.hash;
  let hash: string;
  try {
    hash = sha1(fs.readFileSync(file));
  } catch {
    return ''; // deleted or unreadable: changed
  }
  if (stamp !== '') hashesByStamp.set(file, { stamp, hash });
  return hash;
}

/**
 * Hashes read in this process, by the file's size, modification time and inode when it was read: a
 * daemon's runs (daemon/server.ts) read again only the files that moved since the last run.
 */
const hashesByStamp = new Map<string, { stamp: string; hash: string }>();

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

function isDirectory(location: string): boolean {
  if (location.endsWith(path.sep) || location.endsWith('/')) return true;
  try {
    return fs.statSync(location).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What this process last wrote to each cache file, with the file's stamp right after: a daemon's
 * next run takes it instead of parsing the file again (tens of MB for thousands of files) when the
 * file is still the one it wrote. Taken out when read, so a run that fails before it saves leaves
 * nothing half-updated behind.
 */
const written = new Map<string, { stamp: string; data: CacheData }>();

/** The cache, or why there is none to use. */
function readCacheFile(location: string, key: string): CacheData | string {
  const ours = written.get(location);
  written.delete(location);
  let data: CacheData;
  try {
    data = ours !== undefined && ours.stamp === fileStamp(location) ? ours.data : (JSON.parse(fs.readFileSync(location, 'utf8')) as CacheData);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no cache yet' : 'the cache file could not be read';
  }
  if (data.format !== FORMAT) return 'the cache has another format';
  if (data.toolKey !== key) return 'another version of the rules, other rule settings or another size limit';
  return data;
}

/**
 * What makes results differ apart from the files: this package's version and code (by content: a
 * changed rule changes its findings, a rebuild that writes the same code does not), TypeScript's version, the rule settings and the size limit.
 */
function toolKey(engine: Engine): string {
  let key = toolKeys.get(engine);
  if (key === undefined) toolKeys.set(engine, (key = computeToolKey(engine)));
  return key;
}

/** Per engine: its rules and settings do not change, nor does the code a process runs (the daemon is replaced when it would). */
const toolKeys = new WeakMap<Engine, string>();

function computeToolKey(engine: Engine): string {
  const code = ['rules', path.join('server', 'engine')].flatMap(compiledFiles).map((file) => `${path.relative(DIST_ROOT, file)}:${hashFile(file)}`);
  const version = packageVersion();
  const rules = engine.enabledRules.map((enabled) => ({ id: enabled.ruleId, severity: enabled.severity, options: enabled.options }));
  return sha1(JSON.stringify({ format: FORMAT, version, typescript: ts.version, code: code.sort(), rules, maxFileSize: engine.maxFileSize }));
}

