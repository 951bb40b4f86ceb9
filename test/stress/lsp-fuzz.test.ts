/**
 * The fast variant of the edit fuzzer (a few hundred edits; `npm run test:stress` runs ten thousand).
 * FUZZ_SEED=<n> reproduces a run; the seed is printed either way.
 */
import * as assert from 'node:assert/strict';
import { EditFuzzer, seedFromEnvironment } from './fuzz-editor.js';

describe('language server: edit fuzzing (fast)', function () {
  this.timeout(300_000);

  it('publishes, after random edits over LSP, what a fresh batch run reports for the same texts', async function () {
    const seed = seedFromEnvironment();
    console.log(`      fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces)`);
    const report = await new EditFuzzer({ seed, edits: 300, checkEvery: 100, log: (line) => console.log(`      ${line}`) }).run();
    console.log(`      ${report.edits} edits, ${report.checkpoints} checkpoints, ${report.publications} publications, slowest settle ${report.maxSettleMs} ms, rule runs partial/full ${report.analyses?.partial}/${report.analyses?.full}`);
    assert.deepEqual(report.problems, [], `seed ${seed}`);
  });

  it('reports the syntax error a fresh parse reports, after edits TypeScript reparses incrementally (seed 633930357)', async function () {
    // This seed once published a different first syntax error than a batch run at edits 600 and 700:
    // TypeScript's incremental parser recovers from errors differently from a full parse.
    const seed = 633930357;
    const report = await new EditFuzzer({ seed, edits: 700, checkEvery: 100, log: () => undefined }).run();
    assert.deepEqual(report.problems, [], `seed ${seed}`);
  });
});
