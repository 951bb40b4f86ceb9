/**
 * The long edit-fuzzing run (`npm run test:stress`, also in CI): ten thousand random edits over LSP
 * across nine open fixture files, the server's diagnostics compared with a fresh batch run every
 * hundred edits, every fix and suggestion of every third batch result checked, and the server's memory
 * measured. FUZZ_SEED=<n> reproduces a run; FUZZ_EDITS=<n> changes its length; FUZZ_PROBLEMS_FILE=<path>
 * receives the problems in full (texts included).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { EditFuzzer, seedFromEnvironment } from './fuzz-editor.js';

describe('language server: edit fuzzing (stress)', function () {
  this.timeout(0);

  it('10 000 edits: diagnostics equal a batch run, fixes hold their invariants, memory stays flat', async function () {
    const seed = seedFromEnvironment();
    const edits = Number(process.env['FUZZ_EDITS']) || 10_000;
    console.log(`      fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces), ${edits} edits`);
    const started = Date.now();
    const report = await new EditFuzzer({ seed, edits, checkEvery: 100, checkFixesEvery: 3, log: (line) => console.log(`      ${line}`) }).run();
    console.log(`      ${JSON.stringify({ ...report, problems: report.problems.length, seconds: Math.round((Date.now() - started) / 1000) })}`);
    if (report.problems.length > 0 && process.env['FUZZ_PROBLEMS_FILE']) fs.writeFileSync(process.env['FUZZ_PROBLEMS_FILE'], report.problems.join('\n\n=====\n\n'));
    assert.deepEqual(report.problems, [], `seed ${seed}`);
    // Memory, measured after a full GC in the server. The V8 heap (what the server holds) must stay
    // within 1.5x of the first full check. RSS also counts pages V8 and malloc keep after peaks (fix-all
    // passes, program rebuilds) and moves up and down by tens of MB between checkpoints, so its 1.5x
    // bound is taken from the warm process (after 1 000 edits), which still catches growth per edit.
    assert.ok(
      report.heapAfterEditsMb <= 1.5 * report.heapAfterFirstCheckMb,
      `heap after ${edits} edits (${report.heapAfterEditsMb.toFixed(1)} MB) is over 1.5 x the heap after the first full check (${report.heapAfterFirstCheckMb.toFixed(1)} MB)`,
    );
    assert.ok(
      report.rssAfterEditsMb <= 1.5 * report.rssWarmMb,
      `RSS after ${edits} edits (${report.rssAfterEditsMb.toFixed(1)} MB) is over 1.5 x the RSS after 1 000 edits (${report.rssWarmMb.toFixed(1)} MB)`,
    );
    assert.ok(report.heapAfterCloseMb <= report.heapAfterEditsMb, 'closing every document releases memory');
  });
});
