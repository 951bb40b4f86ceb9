/**
 * no-sequential-await: independent awaits that run one after another although they could run
 * together. Two shapes are reported: straight-line runs of awaited calls (straight-line.ts) and
 * loops whose iterations are independent and only collect results (loops.ts). Each finding offers
 * a Promise.all rewrite as a suggestion, never as a fix: with Promise.all the first rejection
 * rejects at once while the other calls keep running, and later calls start even when an earlier
 * one fails.
 */
import ts = require('typescript');
import { createVerbLists } from '../call-verbs.js';
import type { Analysis, AnalysisReads, Finding } from '../types.js';
import { effectCollectorFor } from './effects.js';
import { buildLoopFix } from './fix-loop.js';
import { buildPromiseAllFix } from './fix-promise-all.js';
import { SequentialIntent } from './intent.js';
import { analyzeLoop } from './loops.js';
import { ownFunctionVerbsFor } from './own-functions.js';
import { findRuns } from './straight-line.js';

export const RULE_NAME = 'no-sequential-await';

/** Whether two awaits are independent depends on the side effects of the functions they call, synchronous ones included. */
export const READS: AnalysisReads = { synchronousCallees: true, fieldWritesAnywhere: false };

export interface NoSequentialAwaitOptions {
  /** When set, loops are pointed at a concurrency limiter instead of an unbounded Promise.all. */
  readonly maxConcurrency?: number;
  readonly readVerbs?: readonly string[];
  readonly mutationVerbs?: readonly string[];
  readonly sequentialVerbs?: readonly string[];
  /** Also merge `await f();` statements whose value is dropped (as holes); off: they are effects. */
  readonly mergeDroppedResults?: boolean;
}

export type NoSequentialAwaitMessageId = 'sequentialAwaits' | 'sequentialLoop' | 'sequentialLoopLimited' | 'usePromiseAll' | 'usePromiseAllMap';

export const analyzeSequentialAwaits: Analysis<NoSequentialAwaitOptions> = ({ sourceFile, checker, options, scope }) => {
  if (!checker) return [];
  const verbs = createVerbLists(options);
  const effects = effectCollectorFor(checker);
  const intent = new SequentialIntent(verbs);
  const own = ownFunctionVerbsFor(checker, verbs, effects);
  const findings: Finding[] = [];

  const visit = (node: ts.Node): void => {
    if (scope !== undefined && !scope.visits(node)) return;
    // Cheap filter first: only code that contains `await` at all.
    if (!mayContainAwait(node, sourceFile)) return;
    if (hasStatementList(node)) {
      const statements = node.statements;
      if (statements.length > 1 && !intent.isDeliberatelySequential(node)) {
        for (const run of findRuns(statements, own, verbs, effects, options.mergeDroppedResults === true)) {
          const second = run[1]!.call.await;
          const fix = buildPromiseAllFix(run, sourceFile, checker, 'usePromiseAll');
          findings.push({
            ruleName: RULE_NAME,
            start: second.getStart(sourceFile),
            end: second.getEnd(),
            messageId: 'sequentialAwaits',
            data: { calls: run.map((step) => `\`${step.call.label}\``).join(', ') },
            suggestions: fix ? [fix] : [],
          });
        }
      }
    }
    if ((ts.isForOfStatement(node) || ts.isForStatement(node)) && !intent.isDeliberatelySequential(node)) {
      const analysis = analyzeLoop(node, checker, own, effects);
      if (analysis) {
        const limited = options.maxConcurrency !== undefined;
        const fix = limited ? undefined : buildLoopFix(analysis, sourceFile, checker, effects, 'usePromiseAllMap');
        const at = analysis.first.await;
        findings.push({
          ruleName: RULE_NAME,
          start: at.getStart(sourceFile),
          end: at.getEnd(),
          messageId: limited ? 'sequentialLoopLimited' : 'sequentialLoop',
          data: { call: `\`${analysis.first.label}\``, maxConcurrency: options.maxConcurrency ?? 0 },
          suggestions: fix ? [fix] : [],
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
};

function hasStatementList(node: ts.Node): node is ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

/** A text search for `await` inside the node: far cheaper than walking, and never wrong in the quiet direction. */
function mayContainAwait(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const start = node.pos;
  const index = sourceFile.text.indexOf('await', start);
  return index !== -1 && index < node.end;
}
