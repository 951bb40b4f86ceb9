/**
 * The long edit-fuzzing run (`npm run test:stress`, also in CI): ten thousand random edits over LSP
 * across nine open fixture files, the server's diagnostics compared with a fresh batch run every
 * hundred edits, every fix and suggestion of the batch results checked, and the server's memory
 * measured. FUZZ_SEED=<n> reproduces a run; FUZZ_EDITS=<n> changes its length.
 */
import * as assert from 'node:assert/strict';
import { EditFuzzer, seedFromEnvironment } from './fuzz-editor.js';

describe('language server: edit fuzzing (stress)', function () {
  this.timeout(0);

  it('10 000 edits: diagnostics equal a batch run, fixes hold their invariants, memory stays flat', async function () {
    const seed = seedFromEnvironment();
    const edits = Number(process.env['FUZZ_EDITS']) || 10_000;
    console.log(`      fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces), ${edits} edits`);
    const started = Date.now();
    const report = await new EditFuzzer({ seed, edits, checkEvery: 100, checkFixes: true, log: (line) => console.log(`      ${line}`) }).run();
    console.log(`      ${JSON.stringify({ ...report, problems: report.problems.length, seconds: Math.round((Date.now() - started) / 1000) })}`);
    assert.deepEqual(report.problems, [], `seed ${seed}`);
    assert.ok(
      report.rssAfterEditsMb <= 1.5 * report.rssAfterFirstCheckMb,
      `RSS after ${edits} edits (${report.rssAfterEditsMb.toFixed(1)} MB) is over 1.5 × the RSS after the first full check (${report.rssAfterFirstCheckMb.toFixed(1)} MB)`,
    );
  });
});
