/**
 * Worker offloading end to end: the transform is applied to copies of the fixture projects
 * (ESM, CommonJS, piscina), the result type-checks and compiles with tsc, and Node runs it with the
 * same results while a timer keeps ticking during the call (it does not tick at all before).
 * Cases where the move must not be offered are checked on the untouched fixtures.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { offloadAt, offloadFunction, type OffloadPlan } from '../../server/offload/index.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';
import { applyPlan, compile, copyFixtureWithOwnModules, installPiscina, linkNodeTypes, loadProgram, results, runEntry } from './offload-project.js';

/** Enough work for the call to take a few hundred milliseconds. */
const ROUNDS = '400000';
/** Ticks of a 5 ms timer that prove the event loop ran during the call; the blocked run sees 0. */
const RESPONSIVE_TICKS = 3;

function plan(projectDir: string, file: string, name: string): OffloadPlan {
  const result = offloadFunction(loadProgram(projectDir), path.join(projectDir, file), name);
  assert.ok(result.ok, result.ok ? '' : `refused: ${result.reason}`);
  return result.plan;
}

interface EndToEnd {
  readonly before: ReturnType<typeof runEntry>;
  readonly after: ReturnType<typeof runEntry>;
  readonly plan: OffloadPlan;
}

function offloadAndRun(projectDir: string, file: string, name: string): EndToEnd {
  assert.deepEqual(compile(projectDir, path.join(projectDir, 'dist-before')), []);
  const before = runEntry(path.join(projectDir, 'dist-before', 'main.js'), [ROUNDS]);
  const program = loadProgram(projectDir);
  const result = offloadFunction(program, path.join(projectDir, file), name);
  assert.ok(result.ok, result.ok ? '' : `refused: ${result.reason}`);
  applyPlan(program, result.plan);
  assert.deepEqual(compile(projectDir, path.join(projectDir, 'dist')), [], 'the offloaded project type-checks and compiles');
  const after = runEntry(path.join(projectDir, 'dist', 'main.js'), [ROUNDS]);
  return { before, after, plan: result.plan };
}

function relative(projectDir: string, fileName: string): string {
  return path.relative(projectDir, fileName).replace(/\\/gu, '/');
}

describe('offload: ESM project with the worker_threads pool helper', function () {
  let dir: string;
  let run: EndToEnd;
  before(function () {
    dir = copyFixture('offload-esm');
    run = offloadAndRun(dir, 'src/score.ts', 'scoreDocument');
  });
  after(() => removeTemp(dir));

  it('moves the function with its pure helpers and constants, and writes the pool helper once', function () {
    assert.equal(run.plan.moduleFormat, 'esm');
    assert.equal(run.plan.poolKind, 'worker-pool-helper');
    assert.deepEqual(run.plan.moved, ['WEIGHTS', 'TOP', 'tokenize', 'kindOf', 'scoreDocument']);
    assert.deepEqual(
      run.plan.changes.filter((change) => change.kind === 'create').map((change) => relative(dir, change.fileName)),
      ['src/scoreDocument.worker.ts', 'src/async-pitfalls-worker-pool.ts'],
    );
    const source = fs.readFileSync(path.join(dir, 'src/score.ts'), 'utf8');
    assert.match(source, /new WorkerPool<typeof import\('\.\/scoreDocument\.worker\.js'\)\.scoreDocument>\(new URL\('\.\/scoreDocument\.worker\.js', import\.meta\.url\), 'scoreDocument'\)/u);
    assert.doesNotMatch(source, /node:crypto/u, 'the import only the moved code used is gone');
  });

  it('rewrites the call sites in async functions and lists the others with the reason', function () {
    assert.deepEqual(
      run.plan.rewritten.map((site) => `${relative(dir, site.fileName)}:${site.line}`),
      ['src/server.ts:7', 'src/server.ts:12', 'src/server.ts:12'],
    );
    const server = fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
    assert.match(server, /const report = await scoreDocumentPool\.run\(text, rounds\);/u);
    assert.match(server, /\$\{\(await scoreDocumentPool\.run\(text, 10\)\)\.digest\.slice\(0, 12\)\}/u);
    assert.deepEqual(
      run.plan.leftAlone.map((site) => `${relative(dir, site.fileName)}:${site.line} ${site.reason}`),
      [
        'src/score.ts:41 in synchronous function `scoreNow`: its callers expect the result at once',
        'src/server.ts:17 inside a synchronous callback (`map(…)` callback) of async function `handleBatch`: `await` cannot go there; turn the callback into a loop first',
      ],
    );
  });

  it('gives the same results, and the event loop keeps running during the call', function () {
    assert.deepEqual(results(run.after), results(run.before));
    assert.equal(run.before.countsIsMap, true);
    assert.equal(run.before.ticksDuringCall, 0, 'before: the call blocks the event loop');
    assert.ok(run.after.ticksDuringCall >= RESPONSIVE_TICKS, `after: the timer ticked ${run.after.ticksDuringCall} times during the call`);
  });

  it('reuses the pool helper for a second function', function () {
    const second = plan(dir, 'src/refused.ts', 'lengthOf');
    assert.equal(second.poolKind, 'worker-pool-helper');
    assert.deepEqual(second.changes.filter((change) => change.kind === 'create').map((change) => relative(dir, change.fileName)), ['src/lengthOf.worker.ts']);
    assert.deepEqual(second.notes, [`Reusing the pool helper ${path.join(dir, 'src/async-pitfalls-worker-pool.ts')}.`]);
  });
});

describe('offload: CommonJS project, const arrow reached through a namespace import', function () {
  let dir: string;
  let run: EndToEnd;
  before(function () {
    dir = copyFixture('offload-cjs');
    run = offloadAndRun(dir, 'src/hash.ts', 'hashChain');
  });
  after(() => removeTemp(dir));

  it('resolves the worker with __dirname and keeps the module interface', function () {
    assert.equal(run.plan.moduleFormat, 'cjs');
    const source = fs.readFileSync(path.join(dir, 'src/hash.ts'), 'utf8');
    assert.match(source, /path\.join\(__dirname, 'hashChain\.worker\.js'\)/u);
    assert.match(source, /export \{ LABEL_PREFIX, hashChain \} from '\.\/hashChain\.worker\.js';/u);
    assert.match(fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8'), /return await hashing\.hashChainPool\.run\(seed, rounds\);/u);
    assert.match(fs.readFileSync(path.join(dir, 'dist/hash.js'), 'utf8'), /require\(/u);
  });

  it('leaves the module top-level call alone', function () {
    assert.deepEqual(run.plan.leftAlone.map((site) => `${relative(dir, site.fileName)}:${site.line}`), ['src/server.ts:14']);
    assert.match(run.plan.leftAlone[0]?.reason ?? '', /module top level/u);
  });

  it('gives the same results (Uint8Array, Set and Date survive), and the event loop keeps running', function () {
    assert.deepEqual(results(run.after), results(run.before));
    assert.equal(run.after.bytesIsUint8Array, true);
    assert.equal(run.before.ticksDuringCall, 0);
    assert.ok(run.after.ticksDuringCall >= RESPONSIVE_TICKS, `after: the timer ticked ${run.after.ticksDuringCall} times during the call`);
  });
});

describe('offload: project that depends on piscina', function () {
  let dir: string | undefined;
  let run: EndToEnd;
  before(function () {
    dir = copyFixtureWithOwnModules('offload-piscina');
    const problem = installPiscina(dir);
    if (problem !== undefined) {
      console.log(`      skipped: piscina could not be installed from the npm registry (offline?): ${problem}`);
      this.skip();
    }
    linkNodeTypes(dir);
    run = offloadAndRun(dir, 'src/logs.ts', 'summarizeLog');
  });
  after(() => {
    if (dir !== undefined) removeTemp(dir);
  });

  it('uses a Piscina pool and no helper', function () {
    assert.equal(run.plan.poolKind, 'piscina');
    assert.deepEqual(run.plan.changes.filter((change) => change.kind === 'create').map((change) => relative(dir as string, change.fileName)), ['src/summarizeLog.worker.ts']);
    const source = fs.readFileSync(path.join(dir as string, 'src/logs.ts'), 'utf8');
    assert.match(source, /import \{ Piscina \} from 'piscina';/u);
    assert.match(fs.readFileSync(path.join(dir as string, 'src/main.ts'), 'utf8'), /const summary = await summarizeLogPool\.run\(\[LOG, passes\]\);/u);
    assert.match(source, /return \(await summarizeLogPool\.run\(\[log, 1\]\)\)\.lines;/u, 'the call in the same module, parenthesized');
  });

  it('gives the same results, and the event loop keeps running', function () {
    assert.deepEqual(results(run.after), results(run.before));
    assert.equal(run.before.ticksDuringCall, 0);
    assert.ok(run.after.ticksDuringCall >= RESPONSIVE_TICKS, `after: the timer ticked ${run.after.ticksDuringCall} times during the call`);
  });
});

describe('offload: refused and left alone', function () {
  const dir = path.join(fixturesRoot, 'offload-esm');
  const refusal = (name: string): string => {
    const result = offloadFunction(loadProgram(dir), path.join(dir, 'src/refused.ts'), name);
    assert.ok(!result.ok, `${name} must not be offloaded`);
    return result.reason;
  };

  it('refuses a closure', function () {
    assert.match(refusal('withSeed'), /^`withSeed` is declared inside `makeScorer`, not at module level/u);
  });

  it('refuses a function that uses `this`', function () {
    assert.match(refusal('scaled'), /^It uses `this` \(line \d+\), which a worker cannot see\./u);
  });

  it('refuses a class-instance parameter', function () {
    assert.equal(
      refusal('wordsOf'),
      'Parameter `paragraph` of `wordsOf` is an instance of class `Paragraph` (it arrives as a plain object: its methods, getters and prototype are lost): the worker would receive a different value.',
    );
  });

  it('refuses mutable module state', function () {
    assert.match(refusal('counted'), /^It uses `calls`, module state declared with let/u);
  });

  it('leaves a call with a class-instance argument alone and rewrites the plain-object one', function () {
    const result = plan(dir, 'src/refused.ts', 'lengthOf');
    assert.deepEqual(result.rewritten.map((site) => site.text), ['lengthOf({ text: paragraph.text })']);
    assert.deepEqual(result.leftAlone.map((site) => [site.text, site.reason]), [
      ['lengthOf(paragraph)', 'argument `paragraph` is an instance of class `Paragraph` (it arrives as a plain object: its methods, getters and prototype are lost): the worker would receive a different value'],
    ]);
  });

  it('rewrites nothing for a function called only synchronously', function () {
    const result = plan(dir, 'src/refused.ts', 'checksum');
    assert.deepEqual(result.rewritten, []);
    assert.deepEqual(result.leftAlone.map((site) => site.reason), ['in synchronous `map(…)` callback: its callers expect the result at once']);
  });

  it('finds the target from a call position, and nothing at a non-function', function () {
    const program = loadProgram(dir);
    const file = path.join(dir, 'src/server.ts');
    const text = fs.readFileSync(file, 'utf8');
    const atCall = offloadAt(program, file, text.indexOf('scoreDocument(text, rounds)') + 2);
    assert.ok(atCall?.ok);
    assert.equal(atCall.plan.target.name, 'scoreDocument');
    assert.equal(offloadAt(program, file, text.indexOf('ROUNDS')), undefined);
  });
});

describe('offload: follows the file\'s code style', function () {
  let dir: string;
  before(function () {
    dir = copyFixture('offload-esm');
    fs.writeFileSync(
      path.join(dir, 'src', 'styled.ts'),
      ['import {createHash} from "node:crypto"', '', 'export function digestOf(text: string): string {', '\treturn createHash("sha256").update(text).digest("hex")', '}', ''].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'src', 'styled-caller.ts'),
      ['import {digestOf} from "./styled.js"', '', 'export async function handle(text: string): Promise<string> {', '\treturn digestOf(text)', '}', ''].join('\n'),
    );
  });
  after(() => removeTemp(dir));

  it('writes double quotes, `{a}` and no semicolons where the file does, and the result compiles', function () {
    const program = loadProgram(dir);
    const result = offloadFunction(program, path.join(dir, 'src/styled.ts'), 'digestOf');
    assert.ok(result.ok, result.ok ? '' : result.reason);
    applyPlan(program, result.plan);
    const source = fs.readFileSync(path.join(dir, 'src/styled.ts'), 'utf8');
    assert.match(source, /^import \{WorkerPool\} from "\.\/async-pitfalls-worker-pool\.js"$/mu);
    assert.match(source, /^export \{digestOf\} from "\.\/digestOf\.worker\.js"$/mu);
    assert.match(source, /new URL\("\.\/digestOf\.worker\.js", import\.meta\.url\), "digestOf"\)$/mu);
    assert.doesNotMatch(source, /createHash/u);
    const worker = fs.readFileSync(path.join(dir, 'src/digestOf.worker.ts'), 'utf8');
    assert.match(worker, /^import \{serveTask\} from "\.\/async-pitfalls-worker-pool\.js"\nimport \{createHash\} from "node:crypto"$/mu);
    assert.match(worker, /^serveTask\("digestOf", digestOf\)$/mu);
    assert.match(fs.readFileSync(path.join(dir, 'src/styled-caller.ts'), 'utf8'), /^import \{digestOfPool\} from "\.\/styled\.js"\n\nexport async function handle\(text: string\): Promise<string> \{\n\treturn await digestOfPool\.run\(text\)\n\}/u);
    assert.deepEqual(compile(dir, path.join(dir, 'dist')), []);
  });
});
