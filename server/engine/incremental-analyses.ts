/**
 * The engine's memory for incremental analysis: per open file and rule configuration, the findings
 * of the last analysis and what it saw (incremental.ts decides what an edit lets us keep).
 */
import type * as ts from 'typescript';
import type { AnalysisReads, Finding } from '../../rules/core/types.js';
import { collectFileUnits, inferredSignature, writtenReturnMayBeThenable, type AnalysisUnit, type FileUnits, type InferredSignature } from './analysis-units.js';
import { fieldReturnedInOtherFile } from './field-writes.js';
import { planReanalysis, programView, type ProgramView, type ReanalysisPlan } from './incremental.js';
import type { EnabledRule } from './rule-config.js';

/** How the analyses were done, for logs and benchmarks. */
export interface IncrementalStats {
  full: number;
  partial: number;
  /** Units analysed by the partial analyses. */
  unitsAnalysed: number;
  /** The same, by rule id. */
  readonly unitsAnalysedByRule: Record<string, number>;
  /** Inferred return types printed on a checker (to compare them across an edit). */
  returnTypesPrinted: number;
  lastFullReason: string;
}

interface Remembered {
  readonly view: ProgramView;
  readonly findings: readonly Finding[];
}

export class IncrementalAnalyses {
  /** filePath → rule configuration key → last analysis. */
  private readonly remembered = new Map<string, Map<string, Remembered>>();
  private readonly unitsBySourceFile = new WeakMap<ts.SourceFile, FileUnits>();
  private readonly viewsByProgram = new WeakMap<ts.Program, WeakMap<ts.SourceFile, ProgramView>>();
  /** One plan per pair of views and kind of reads, shared by the rules of one check. */
  private readonly plans = new WeakMap<ProgramView, { readonly next: ProgramView; readonly plans: Map<string, ReanalysisPlan> }>();
  private readonly ruleKeys = new WeakMap<EnabledRule, string>();
  private readonly signaturesRecorded = new WeakSet<ProgramView>();
  /** Per file, whether the last edit may have changed which properties it assigns (unknown: yes). */
  private readonly fieldWritesTouched = new Map<string, boolean>();

  constructor(
    private readonly stats: IncrementalStats,
    private readonly verify: boolean,
  ) {}

  findings(enabled: EnabledRule, filePath: string, sourceFile: ts.SourceFile, program: ts.Program, checker: ts.TypeChecker): Finding[] {
    const analyze = (scope?: ReanalysisPlan & { kind: 'units' }): Finding[] =>
      enabled.rule.analysis.analyze({ sourceFile, program, checker, options: enabled.options, ...(scope ? { scope: scope.scope } : {}) });
    const key = this.ruleKey(enabled);
    let byRule = this.remembered.get(filePath);
    if (!byRule) {
      byRule = new Map();
      this.remembered.set(filePath, byRule);
    }
    const previous = byRule.get(key);
    // Forget first: if the rule throws, the next check must not start from a stale memory.
    byRule.delete(key);
    const view = this.viewOf(sourceFile, program);
    const plan = previous ? this.planFor(previous.view, view, program, checker, enabled.rule.analysis.reads) : undefined;
    if (previous?.view.units !== view.units) this.fieldWritesTouched.set(filePath, (this.fieldWritesTouched.get(filePath) ?? false) || plan?.kind !== 'units' || plan.writesFields);
    let findings: Finding[] | undefined;
    if (plan?.kind === 'units') {
      const kept = plan.keep((previous as Remembered).findings);
      if (kept) {
        const scoped = plan.indexes.length === 0 ? [] : analyze(plan).filter((finding) => plan.owns(finding));
        findings = [...kept, ...scoped];
        this.stats.partial++;
        this.stats.unitsAnalysed += plan.indexes.length;
        this.stats.unitsAnalysedByRule[enabled.ruleId] = (this.stats.unitsAnalysedByRule[enabled.ruleId] ?? 0) + plan.indexes.length;
        if (this.verify) this.compareWithFull(findings, analyze(), enabled, filePath);
      } else {
        this.stats.lastFullReason = 'a kept finding overlaps the edit, or its fix depends on names the edit changed';
      }
    } else {
      this.stats.lastFullReason = plan?.reason ?? 'first analysis';
    }
    if (!findings) {
      findings = analyze();
      this.stats.full++;
    }
    // Signatures serve the next edit of this file. A re-check because another file changed (the same
    // tree: an open importer, after every keystroke elsewhere) records none; its next edit is then
    // planned as if types changed.
    if (previous?.view.units !== view.units) {
      this.recordSignatures(view, checker, plan?.kind === 'units' ? { previous: (previous as Remembered).view, analysed: plan.indexes } : undefined);
    }
    view.units.settle();
    byRule.set(key, { view, findings });
    return findings;
  }

  /** Whether the edits analysed since the last call may have changed which properties the file assigns (unknown: yes). */
  takeFieldWritesTouched(filePath: string): boolean {
    const touched = this.fieldWritesTouched.get(filePath) ?? true;
    this.fieldWritesTouched.set(filePath, false);
    return touched;
  }

  forget(filePath: string): void {
    this.remembered.delete(filePath);
    this.fieldWritesTouched.delete(filePath);
  }

  clear(): void {
    this.remembered.clear();
  }

  private viewOf(sourceFile: ts.SourceFile, program: ts.Program): ProgramView {
    let views = this.viewsByProgram.get(program);
    if (!views) {
      views = new WeakMap();
      this.viewsByProgram.set(program, views);
    }
    let view = views.get(sourceFile);
    if (!view) {
      let units = this.unitsBySourceFile.get(sourceFile);
      if (!units) {
        units = collectFileUnits(sourceFile);
        this.unitsBySourceFile.set(sourceFile, units);
      }
      view = programView(sourceFile, program, units);
      views.set(sourceFile, view);
    }
    return view;
  }

  private planFor(previous: ProgramView, next: ProgramView, program: ts.Program, checker: ts.TypeChecker, reads: AnalysisReads): ReanalysisPlan {
    let known = this.plans.get(previous);
    if (known?.next !== next) {
      known = { next, plans: new Map() };
      this.plans.set(previous, known);
    }
    const readsKey = `${reads.synchronousCallees}/${reads.fieldWritesAnywhere}`;
    let plan = known.plans.get(readsKey);
    if (!plan) {
      plan = planReanalysis(previous, next, {
        signatureOf: (view, index) => (view === next ? this.signature(next, index, checker) : view.signatures.get(index)),
        mayReturnPromise: (index) => (next.units.units[index] as AnalysisUnit).facts.mayReturnPromise && writtenReturnMayBeThenable(checker, next.units.nodes[index] as ts.Node),
        fieldReturnedElsewhere: (name) => fieldReturnedInOtherFile(program, next.units.sourceFile.fileName, name),
      }, reads);
      known.plans.set(readsKey, plan);
    }
    return plan;
  }

  private signature(view: ProgramView, index: number, checker: ts.TypeChecker): InferredSignature {
    let signature = view.signatures.get(index);
    if (signature === undefined) {
      signature = inferredSignature(checker, view.units.nodes[index] as ts.Node);
      this.stats.returnTypesPrinted++;
      view.signatures.set(index, signature);
    }
    return signature;
  }

  /**
   * The next edit can only compare inferred signatures recorded now: TypeScript's incremental
   * parser reuses this tree's nodes for the next one. Units a partial analysis did not touch
   * keep the signatures recorded before.
   */
  private recordSignatures(view: ProgramView, checker: ts.TypeChecker, partial: { previous: ProgramView; analysed: readonly number[] } | undefined): void {
    if (this.signaturesRecorded.has(view)) return;
    this.signaturesRecorded.add(view);
    view.units.units.forEach((unit, index) => {
      if (unit.facts.typesSeeThrough.length === 0 || view.signatures.has(index)) return;
      const carried = partial && !partial.analysed.includes(index) ? partial.previous.signatures.get(index) : undefined;
      if (carried !== undefined) view.signatures.set(index, carried);
      else this.signature(view, index, checker);
    });
  }

  private ruleKey(enabled: EnabledRule): string {
    let key = this.ruleKeys.get(enabled);
    if (key === undefined) {
      key = `${enabled.ruleId}\u0000${JSON.stringify(enabled.options)}`;
      this.ruleKeys.set(enabled, key);
    }
    return key;
  }

  private compareWithFull(partial: readonly Finding[], complete: readonly Finding[], enabled: EnabledRule, filePath: string): void {
    const order = (findings: readonly Finding[]): string[] => findings.map((finding) => JSON.stringify(finding)).sort();
    const a = order(partial);
    const b = order(complete);
    if (a.length === b.length && a.every((line, i) => line === b[i])) return;
    throw new Error(`incremental analysis of ${enabled.ruleId} differs from a full one in ${filePath}:\n  incremental: ${a.join('\n               ')}\n  full:        ${b.join('\n               ')}`);
  }
}
