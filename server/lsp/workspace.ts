/**
 * The projects behind the open documents, on top of the engine: which project analyses each open
 * file, the open buffers' text in every project (so an edit in one file is what every program sees),
 * tsconfig errors, and what a watched-file change invalidates. All projects share TypeScript's one
 * DocumentRegistry (in project.ts), so a file in several programs is parsed once.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Engine } from '../engine/engine.js';
import { fieldWritesKey } from '../engine/field-writes.js';
import type { Project } from '../engine/project.js';
import { readSourceText } from '../engine/source-text.js';
import type { ConfigError } from '../engine/tsconfig.js';
import { affectsOnlyImporters, transitiveImporters } from './dependents.js';
import type { OpenDocument } from './documents.js';

export type FileChange = 'created' | 'changed' | 'deleted';

export interface WatchedChangeResult {
  /** tsconfig files whose state (error or not) may have changed. */
  readonly configsTouched: boolean;
  /** Source files were created or deleted, or a package.json changed: any open file may see it. */
  readonly fileSetChanged: boolean;
  /** Closed files whose disk content changed (their open importers need a new check). */
  readonly changedFiles: readonly string[];
  /**
   * One of them now assigns other property names: a method elsewhere may hand back a promise its
   * constructor stored only while no other code writes the field (held-promise.ts), so any open
   * file may see it.
   */
  readonly fieldWritesChanged: boolean;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/u;
const CONFIG_FILE = /^(?:tsconfig|jsconfig)(?:\..*)?\.json$/u;

export class Workspace {
  /** Projects that hold the open buffers as overlays. */
  private readonly synced = new Set<Project>();
  private readonly owners = new Map<string, Project>();

  constructor(
    readonly engine: Engine,
    private readonly openDocuments: () => readonly OpenDocument[],
  ) {}

  /** The project that analyses an open document (found once, until a tsconfig changes). */
  projectFor(document: OpenDocument): Project {
    let project = this.owners.get(document.filePath);
    if (project && this.engine.projects().includes(project)) return project;
    project = this.engine.projectFor(document.filePath, 'infer') as Project;
    this.owners.set(document.filePath, project);
    this.syncNewProjects();
    return project;
  }

  /** The buffer text changed (or was opened): every project sees it. */
  updateOverlay(document: OpenDocument): void {
    this.syncNewProjects();
    for (const project of this.synced) project.setOverlay(document.filePath, document.document.getText(), document.document.version, document.change);
  }

  closeDocument(filePath: string): void {
    for (const project of this.synced) project.removeOverlay(filePath);
    const owner = this.owners.get(filePath);
    this.owners.delete(filePath);
    if (owner?.isInferred) owner.removeRootFile(filePath);
    // The last open file of a tsconfig project closed: drop its program (and checker), which would
    // otherwise stay in memory for the server's life. Opening one of its files loads it again.
    if (owner?.configPath !== undefined && ![...this.owners.values()].includes(owner)) {
      this.engine.forgetConfiguredProject(owner.configPath);
      this.synced.delete(owner);
    }
  }

  /**
   * Open documents (other than `filePath`) whose findings may change when `filePath` does: those
   * that import it (transitively) in their program, or every file of a program in which it is a
   * script or declares globals.
   */
  dependentsOf(filePath: string): OpenDocument[] {
    const importersByProject = new Map<Project, Set<string> | undefined>();
    return this.openDocuments().filter((document) => {
      if (document.filePath === filePath) return false;
      const owner = this.owners.get(document.filePath);
      if (owner === undefined || !owner.usesFile(filePath)) return false;
      if (!importersByProject.has(owner)) importersByProject.set(owner, this.importersIn(owner, filePath));
      const importers = importersByProject.get(owner);
      return importers === undefined || importers.has(document.filePath);
    });
  }

  /** Who imports `filePath` in the project's program; undefined means "possibly everyone". */
  private importersIn(project: Project, filePath: string): Set<string> | undefined {
    const program = project.lastBuiltProgram;
    const sourceFile = program?.getSourceFile(filePath);
    if (!program || !sourceFile || !affectsOnlyImporters(sourceFile)) return undefined;
    return transitiveImporters(program, filePath);
  }

  configErrors(): ReadonlyMap<string, ConfigError> {
    return this.engine.configErrors;
  }

  /** Applies watched-file events to the projects; the caller re-checks open documents after. */
  applyWatchedChanges(changes: readonly { filePath: string; type: FileChange }[]): WatchedChangeResult {
    let configsTouched = false;
    let fileSetChanged = false;
    let fieldWritesChanged = false;
    const changedFiles: string[] = [];
    const open = new Set(this.openDocuments().map((document) => document.filePath));
    for (const { filePath, type } of changes) {
      const base = path.basename(filePath);
      if (CONFIG_FILE.test(base)) {
        configsTouched = true;
        const known = this.engine.configuredProjectPaths().includes(filePath) || this.engine.configErrors.has(filePath);
        if (type === 'deleted') this.engine.forgetConfiguredProject(filePath);
        else if (known) this.engine.reloadConfiguredProject(filePath);
        continue;
      }
      if (base === 'package.json') {
        fileSetChanged = true; // type roots and inferred project roots may move
        continue;
      }
      if (!SOURCE_FILE.test(base)) continue;
      if (type !== 'changed') fileSetChanged = true;
      if (open.has(filePath)) continue; // the buffer, not the disk, is what the user sees
      changedFiles.push(filePath);
      if (type === 'changed' && !fieldWritesChanged) fieldWritesChanged = this.fieldWritesChangedOnDisk(filePath);
      for (const project of this.engine.projects()) {
        if (type !== 'changed' || project.usesFile(filePath)) project.markChangedOnDisk(filePath);
      }
    }
    if (fileSetChanged) {
      for (const configPath of this.engine.configuredProjectPaths()) this.engine.reloadConfiguredProject(configPath);
    }
    if (configsTouched || fileSetChanged) this.reassignOwners();
    return { configsTouched, fileSetChanged, changedFiles, fieldWritesChanged };
  }

  /** Whether the disk text of a file the programs read assigns other property names than the text they read. */
  private fieldWritesChangedOnDisk(filePath: string): boolean {
    const before = this.engine.projects().map((project) => project.lastBuiltProgram?.getSourceFile(filePath)).find((file) => file !== undefined);
    if (!before) return false; // no program read it: no finding depends on it yet
    const now = readSourceText(filePath);
    if (now.readError !== undefined) return true;
    return fieldWritesKey(before) !== fieldWritesKey(ts.createSourceFile(filePath, now.text, ts.ScriptTarget.Latest, false));
  }

  /** Finds each open document's project again (a tsconfig appeared, broke, was fixed or now lists it). */
  private reassignOwners(): void {
    for (const document of this.openDocuments()) {
      const previous = this.owners.get(document.filePath);
      this.owners.delete(document.filePath);
      const next = this.projectFor(document);
      if (previous && previous !== next && previous.isInferred) previous.removeRootFile(document.filePath);
    }
  }

  /** Gives projects the engine created since the last call the text of every open buffer. */
  private syncNewProjects(): void {
    const current = new Set(this.engine.projects());
    for (const project of this.synced) if (!current.has(project)) this.synced.delete(project);
    for (const project of current) {
      if (this.synced.has(project)) continue;
      this.synced.add(project);
      for (const document of this.openDocuments()) project.setOverlay(document.filePath, document.document.getText(), document.document.version);
    }
  }
}
