/**
 * The engines a daemon (daemon/server.ts) keeps between runs, one per rule configuration, each
 * brought up to what the disk holds before it serves a run (Engine.syncWithDisk).
 */
import { Engine, type EngineSettings } from '../../engine/engine.js';
import { fieldFacts } from '../../engine/field-writes.js';
import { exportShape } from '../export-shapes.js';
import type { KeptEngines } from '../main.js';

/** Engines kept at once: each holds its projects' programs (a few hundred MB for a large project). */
const MAX_ENGINES = 3;

export class KeptEnginesByKey implements KeptEngines {
  /** Least recently used first. */
  private readonly engines = new Map<string, Engine>();

  engineFor(settings: EngineSettings): Engine {
    const key = JSON.stringify({ ...settings, rules: settings.rules?.map((rule) => rule.name) });
    let engine = this.engines.get(key);
    if (engine) {
      this.engines.delete(key);
      engine.syncWithDisk();
    } else {
      engine = new Engine(settings);
    }
    this.engines.set(key, engine);
    for (const [oldKey, oldEngine] of this.engines) {
      if (this.engines.size <= MAX_ENGINES) break;
      oldEngine.dispose();
      this.engines.delete(oldKey);
    }
    return engine;
  }

  /**
   * Builds and binds the programs the last run did not need (all its results came from the cache),
   * and works out the facts the cache keeps per file (cache.ts), so the first change after the
   * daemon started costs a program update rather than a whole build. Trees, their bindings and
   * those facts outlive the program: later programs reuse the trees of unchanged files.
   */
  prepareLatest(): void {
    const latest = [...this.engines.values()].at(-1);
    for (const project of latest?.projects() ?? []) {
      if (project.hasProgram) continue;
      const program = project.getProgram();
      program.getTypeChecker();
      for (const sourceFile of program.getSourceFiles()) {
        if (program.isSourceFileDefaultLibrary(sourceFile) || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
        exportShape(sourceFile);
        fieldFacts(sourceFile);
      }
    }
  }

  /** After a run that failed inside: its engine's state is not trusted again. */
  dropAll(): void {
    for (const engine of this.engines.values()) engine.dispose();
    this.engines.clear();
  }

  get size(): number {
    return this.engines.size;
  }

  /** The projects the kept engines hold, each once (two rule configurations may hold the same one). */
  projects(): string[] {
    return [...new Set([...this.engines.values()].flatMap((engine) => engine.projects().map((project) => project.configPath ?? project.rootDir)))];
  }
}
