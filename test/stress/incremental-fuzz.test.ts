/**
 * Function-level re-analysis under random edits that keep files parseable (statements added to,
 * removed from and moved between function bodies, comments edited): on every fixture project, each
 * incremental result must equal a batch engine's on the same text. The incremental engine also
 * checks each partial result against its own full analysis (`verifyIncremental`), so a wrong
 * dependency shows up as a rule failure even where the batch comparison happens to agree.
 * FUZZ_SEED=<n> reproduces a run; the seed is printed either way.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Engine } from '../../server/engine/engine.js';
import type { LintMessage } from '../../server/engine/lint-message.js';
import { fixtureSourceFiles, fixturesRoot } from '../helpers/fixtures.js';
import { seededRandom } from '../../bench/seeded-random.js';
import { ALL_RULES_ON, collectCorpus, functionBodyStatements, seedFromEnvironment, statementsOfFunctionBodies } from './fuzz-editor.js';

const EDITS_PER_FILE = 8;

const projects = fs
  .readdirSync(fixturesRoot)
  .filter((name) => name !== 'rule-tester' && name !== 'bad-config' && fs.existsSync(path.join(fixturesRoot, name, 'tsconfig.json')));

function comparable(messages: readonly LintMessage[]): string[] {
  return messages.map((m) => JSON.stringify([m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.messageId, m.message, m.fix, m.suggestions]));
}

describe('engine: function-level re-analysis under random parseable edits', function () {
  this.timeout(600_000);

  it('equals a batch run after every edit, on every fixture project', () => {
    const seed = seedFromEnvironment();
    console.log(`      fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces)`);
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const corpusStatements = statementsOfFunctionBodies(collectCorpus());
    let partial = 0;
    let checks = 0;
    for (const name of projects) {
      const incremental = new Engine({ ruleSettings: ALL_RULES_ON, incremental: true, verifyIncremental: true });
      const batch = new Engine({ ruleSettings: ALL_RULES_ON });
      try {
        const project = incremental.configuredProject(path.join(fixturesRoot, name, 'tsconfig.json'));
        const batchProject = batch.configuredProject(path.join(fixturesRoot, name, 'tsconfig.json'));
        for (const filePath of fixtureSourceFiles(project, path.join(fixturesRoot, name))) {
          let text = fs.readFileSync(filePath, 'utf8');
          let version = 1;
          project.setOverlay(filePath, text, version);
          incremental.lintFile(filePath, project);
          for (let i = 0; i < EDITS_PER_FILE; i++) {
            const statements = functionBodyStatements(ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true));
            if (statements.length === 0) break;
            const target = pick(statements);
            const roll = next();
            // A removed statement, a statement from another fixture, a copy of a neighbour, or a comment.
            const [start, end, newText] =
              roll < 0.25 ? [target.pos, target.end, '']
              : roll < 0.7 ? [target.end, target.end, `\n${pick(corpusStatements)}`]
              : roll < 0.9 ? [target.end, target.end, text.slice(target.pos, target.end)]
              : [target.pos, target.pos, ' /* edited */'];
            text = text.slice(0, start) + newText + text.slice(end);
            version++;
            project.setOverlay(filePath, text, version, ts.createTextChangeRange(ts.createTextSpan(start, end - start), newText.length));
            const before = incremental.incrementalStats.partial;
            const result = incremental.lintFile(filePath, project);
            if (incremental.incrementalStats.partial > before) partial++;
            else if (process.env['FUZZ_VERBOSE']) console.log(`      full: ${path.basename(filePath)}: ${incremental.incrementalStats.lastFullReason}`);
            checks++;
            batchProject.setOverlay(filePath, text, version);
            const expected = batch.lintFile(filePath, batchProject);
            const failures = result.messages.filter((m) => m.fatal === true && m.ruleId !== null);
            assert.deepEqual(failures.map((m) => m.message.split("\n").slice(0, 40).join('\n')), [], `seed ${seed}: ${filePath} v${version}`);
            assert.deepEqual(comparable(result.messages), comparable(expected.messages), `seed ${seed}: ${filePath} v${version}\n--- text ---\n${text}`);
          }
          project.removeOverlay(filePath);
          batchProject.removeOverlay(filePath);
        }
      } finally {
        incremental.dispose();
        batch.dispose();
      }
    }
    console.log(`      ${checks} edits, ${partial} rule-set checks re-analysed only the touched functions`);
    assert.ok(partial > checks / 4, `most parseable edits are handled partially (${partial} of ${checks})`);
  });
});
