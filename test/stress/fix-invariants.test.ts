/**
 * Fix invariants on every fixture project, beyond what the shared fixture checker already proves
 * (each fix and suggestion parses, type-checks and removes its finding):
 * - the edits of one fix or suggestion never overlap each other;
 * - the safe fixes of different findings never overlap, so fix-all applies them all in one pass;
 * - a fix never deletes a comment inside the text it replaces (text outside its edits is kept);
 * - fix-all is idempotent: fix-all of the fix-all result changes nothing.
 * The fuzzer checks the same invariants on the texts it produces (test/stress/fuzz-editor.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules/registry.js';
import { Engine } from '../../server/engine/engine.js';
import { fixAll } from '../../server/engine/fix-all.js';
import { readSourceText } from '../../server/engine/source-text.js';
import { testMarkerRule } from '../foundation/test-rule.js';
import { fixtureSettings, fixtureSourceFiles, fixturesRoot } from '../helpers/fixtures.js';
import { lostComments } from './fuzz-editor.js';

const fixtureNames = fs
  .readdirSync(fixturesRoot)
  .filter((name) => fs.existsSync(path.join(fixturesRoot, name, 'tsconfig.json')))
  .sort();

describe('fix invariants on every fixture', function () {
  this.timeout(300_000);

  for (const name of fixtureNames) {
    it(name, () => {
      const fixtureDir = path.join(fixturesRoot, name);
      const rules = name === 'foundation' ? [testMarkerRule] : allRules;
      const engine = new Engine({ rules, ruleSettings: name === 'foundation' ? { 'test-marker': 'error' } : fixtureSettings(fixtureDir, rules) });
      const problems: string[] = [];
      try {
        const project = engine.configuredProject(path.join(fixtureDir, 'tsconfig.json'));
        let version = 1;
        for (const file of fixtureSourceFiles(project, fixtureDir)) {
          const relative = path.relative(fixturesRoot, file);
          const original = readSourceText(file).text;
          const messages = engine.lintFile(file, project).messages;
          const fixes: { where: string; start: number; end: number }[] = [];
          for (const message of messages) {
            const where = `${relative}:${message.line}:${message.column} ${message.ruleId}`;
            const proposals = [
              ...(message.fixEdits ? [{ title: 'fix', edits: message.fixEdits }] : []),
              ...(message.suggestions ?? []).map((s) => ({ title: `suggestion "${s.desc}"`, edits: s.edits })),
            ];
            for (const proposal of proposals) {
              const sorted = [...proposal.edits].sort((a, b) => a.start - b.start || a.end - b.end);
              sorted.forEach((edit, i) => {
                const previous = sorted[i - 1];
                if (previous && edit.start < previous.end) problems.push(`${where} ${proposal.title}: edits overlap (${previous.start}-${previous.end}, ${edit.start}-${edit.end})`);
              });
              const fixed = sorted.reduceRight((text, edit) => text.slice(0, edit.start) + edit.newText + text.slice(edit.end), original);
              const lost = lostComments(original, proposal.edits, fixed);
              if (lost.length > 0) problems.push(`${where} ${proposal.title}: deletes comments ${lost.join(' ')}`);
            }
            if (message.fixEdits?.length) {
              fixes.push({ where, start: Math.min(...message.fixEdits.map((e) => e.start)), end: Math.max(...message.fixEdits.map((e) => e.end)) });
            }
          }
          fixes.sort((a, b) => a.start - b.start);
          fixes.forEach((fix, i) => {
            const previous = fixes[i - 1];
            if (previous && fix.start <= previous.end) problems.push(`safe fixes overlap: ${previous.where} and ${fix.where}`);
          });
          const once = fixAll(engine, project, file, original, (version += 100));
          const twice = fixAll(engine, project, file, once.text, (version += 100));
          project.removeOverlay(file);
          if (twice.text !== once.text) problems.push(`${relative}: fix-all twice differs from once (${twice.fixCount} more fixes)\n--- once ---\n${once.text}\n--- twice ---\n${twice.text}`);
          if (once.messages.some((m) => m.fixEdits?.length && !m.fatal)) problems.push(`${relative}: fix-all leaves fixable findings`);
        }
      } finally {
        engine.dispose();
      }
      assert.deepEqual(problems, []);
    });
  }
});
