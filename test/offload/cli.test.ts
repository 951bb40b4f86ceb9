/** `async-pitfalls offload <file>:<function>`: writes the move, lists what it left alone, exits 2 with the reason when it refuses. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCliInProcess } from '../helpers/run-cli.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';
import { compile } from './offload-project.js';

function runCli(argv: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const { status, stdout, stderr } = runCliInProcess(argv, cwd);
  return { code: status, stdout, stderr };
}

describe('CLI: async-pitfalls offload', function () {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture('offload-esm');
  });
  afterEach(() => removeTemp(dir));

  it('moves the function, rewrites the async call sites, lists the others, and the project compiles', function () {
    const { code, stdout, stderr } = runCli(['offload', 'src/score.ts:scoreDocument'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        'Moving `scoreDocument` (with WEIGHTS, TOP, tokenize, kindOf) to src/scoreDocument.worker.ts, run through the node:worker_threads pool helper `scoreDocumentPool` (ES module).',
        'Call sites rewritten to `await scoreDocumentPool.run(…)`: 3',
        '  src/server.ts:7:18  scoreDocument(text, rounds)',
        '  src/server.ts:12:13  scoreDocument(text, 10)',
        '  src/server.ts:12:60  scoreDocument(text, 1)',
        'Left alone: 2',
        '  src/score.ts:41:10  scoreDocument(text, 1): in synchronous function `scoreNow`: its callers expect the result at once',
        '  src/server.ts:17:30  scoreDocument(text, 1): inside a synchronous callback (`map(…)` callback) of async function `handleBatch`: `await` cannot go there; turn the callback into a loop first',
        'Wrote src/scoreDocument.worker.ts, src/async-pitfalls-worker-pool.ts, src/score.ts, src/server.ts.',
        '',
      ].join('\n'),
    );
    assert.ok(fs.existsSync(path.join(dir, 'src/scoreDocument.worker.ts')));
    assert.deepEqual(compile(dir, path.join(dir, 'dist')), []);
  });

  it('--dry-run writes nothing', function () {
    const before = fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
    const { code, stdout } = runCli(['offload', 'src/score.ts:scoreDocument', '--dry-run', '--project', 'tsconfig.json'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /Call sites rewritten to `await scoreDocumentPool\.run\(…\)`: 3/u);
    assert.equal(fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8'), before);
    assert.ok(!fs.existsSync(path.join(dir, 'src/scoreDocument.worker.ts')));
  });

  it('exits 2 with the reason when the function is not safe to move', function () {
    const { code, stdout, stderr } = runCli(['offload', 'src/refused.ts:scaled'], dir);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^async-pitfalls offload: `scaled` cannot be moved to a worker thread: It uses `this` \(line \d+\), which a worker cannot see\.\n$/u);
  });

  it('exits 1 and writes nothing when no call site is in async context', function () {
    const { code, stdout, stderr } = runCli(['offload', 'src/refused.ts:checksum'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /Left alone: 1\n {2}src\/refused\.ts:\d+:\d+ {2}checksum\(text\): in synchronous `map\(…\)` callback/u);
    assert.equal(stderr, 'Nothing written: no call of `checksum` is in async context.\n');
    assert.ok(!fs.existsSync(path.join(dir, 'src/checksum.worker.ts')));
  });

  it('exits 2 on usage errors', function () {
    assert.equal(runCli(['offload'], dir).code, 2);
    assert.equal(runCli(['offload', 'src/score.ts'], dir).code, 2);
    assert.match(runCli(['offload', 'src/score.ts:nope'], dir).stderr, /No module-level function `nope`/u);
    assert.equal(runCli(['offload', 'src/score.ts:scoreDocument', '--bogus'], dir).code, 2);
  });
});
