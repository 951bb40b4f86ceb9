/**
 * `--cache`: what a warm run re-analyses, and that its results always equal a cold run's on the
 * same files. No timings here (speed is measured by bench/), only which files were analysed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCliInProcess } from '../helpers/run-cli.js';
import { copyFixture, removeTemp } from '../helpers/temp-project.js';

interface Run {
  readonly status: number;
  readonly results: unknown;
  /** Files analysed (relative to src/), sorted; undefined without --cache. */
  readonly analysed: string[] | undefined;
  /** Why the cache could not be used at all, when it could not. */
  readonly coldReasons: string[];
  readonly stderr: string;
}

/** How many findings of `rule` a JSON report has for the file whose path ends with `fileName`. */
function findingsIn(results: unknown, fileName: string, rule: string): number {
  return (results as { filePath: string; messages: { ruleId: string | null }[] }[])
    .filter((r) => r.filePath.endsWith(fileName))
    .flatMap((r) => r.messages)
    .filter((m) => m.ruleId === `async-pitfalls/${rule}`).length;
}

function assertAnalysed(run: Run, expected: readonly string[]): void {
  // The reasons make a failure readable (e.g. a rule rebuilt in the working tree between two runs).
  assert.deepEqual(run.analysed, expected, `cold because: ${run.coldReasons.join('; ')}`);
}

describe('CLI: --cache', () => {
  let dir: string;
  let cacheFile: string;

  const run = (extra: readonly string[], withCache = true): Run => {
    const args = ['src', '--format', 'json', ...extra, ...(withCache ? ['--cache', '--cache-location', cacheFile] : [])];
    const { status, stdout: out, stderr: err } = runCliInProcess(args, dir);
    const stats = withCache ? (JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { lastRun: { analysed: string[]; coldReasons: string[] } }).lastRun : undefined;
    return {
      status,
      results: JSON.parse(out) as unknown,
      analysed: stats?.analysed.map((file) => path.relative(path.join(dir, 'src'), file)).sort(),
      coldReasons: stats?.coldReasons ?? [],
      stderr: err,
    };
  };
  const cold = (extra: readonly string[] = []): Run => run(extra, false);
  const edit = (file: string, change: (text: string) => string): void => {
    const full = path.join(dir, 'src', file);
    fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
  };
  /** Writes `src/<file>` with these lines (and a final newline). */
  const writeSource = (file: string, lines: readonly string[]): void => {
    fs.writeFileSync(path.join(dir, 'src', file), [...lines, ''].join('\n'));
  };
  const ALL = ['accounts.ts', 'audit.ts', 'markets.ts', 'orders.ts', 'server.ts', 'settings.ts'];

  beforeEach(() => {
    dir = copyFixture('demo');
    cacheFile = path.join(dir, 'cache', 'results.json');
  });
  afterEach(() => removeTemp(dir));

  it('analyses everything on the first run, with the results of a run without cache', () => {
    const first = run([]);
    assertAnalysed(first, ALL);
    assert.deepEqual(first.results, cold().results);
    assert.equal(first.status, 1);
  });

  it('re-analyses nothing when nothing changed, and gives the same results', () => {
    const first = run([]);
    const second = run([]);
    assertAnalysed(second, []);
    assert.deepEqual(second.results, first.results);
    assert.equal(second.status, first.status);
  });

  it('re-analyses a changed file that nothing imports, and only it', () => {
    run([]);
    edit('accounts.ts', (text) => `${text}\nexport const accountsEdited = true;\n`);
    const warm = run([]);
    assertAnalysed(warm, ['accounts.ts']);
    assert.deepEqual(warm.results, cold().results);
  });

  it('re-analyses only the changed file when it gains an export nobody imports yet', () => {
    run([]);
    edit('markets.ts', (text) => `${text}\nexport const marketsEdited = 1;\n`);
    const warm = run([]);
    assertAnalysed(warm, ['markets.ts']);
    assert.deepEqual(warm.results, cold().results);
  });

  it('re-analyses the files that use a changed export, transitively through the exports built on it', () => {
    run([]);
    // nasdaq, lse and tse are MarketClients; orders.ts uses them, server.ts uses orders' placeEverywhere.
    edit('markets.ts', (text) => text.replace('if (!response.ok) throw new Error(`${this.name}: order failed', 'if (response.status >= 400) throw new Error(`${this.name}: order failed'));
    const warm = run([]);
    assertAnalysed(warm, ['markets.ts', 'orders.ts', 'server.ts']);
    assert.deepEqual(warm.results, cold().results);
  });

  it('follows names through export * and named re-exports, and through namespace imports', () => {
    edit('audit.ts', (text) => `${text}\nexport function auditedNothing(): number {\n  return 0;\n}\n`);
    fs.writeFileSync(path.join(dir, 'src', 'barrel.ts'), "export * from './settings.js';\nexport { nasdaq as primaryMarket } from './markets.js';\n");
    writeSource('viaBarrel.ts', [
      "import { loadSettings, primaryMarket } from './barrel.js';",
      'export async function limits(symbol: string): Promise<number> {',
      '  const quote = await primaryMarket.quote(symbol);',
      '  return loadSettings().maxQuantity * quote.price;',
      '}',
    ]);
    writeSource('viaNamespace.ts', [
      "import * as audit from './audit.js';",
      'export async function logged(): Promise<void> {',
      "  await audit.audit('audit.log', 'hello');",
      '}',
    ]);
    // A type built on `import('…')` inside code depends on that whole module.
    fs.writeFileSync(path.join(dir, 'src', 'viaImportType.ts'), "export type MarketQuote = import('./markets.js').Quote;\n");
    fs.writeFileSync(path.join(dir, 'src', 'useImportType.ts'), "import type { MarketQuote } from './viaImportType.js';\nexport function priceOf(quote: MarketQuote): number {\n  return quote.price;\n}\n");
    const all = [...ALL, 'barrel.ts', 'useImportType.ts', 'viaBarrel.ts', 'viaImportType.ts', 'viaNamespace.ts'].sort();
    assertAnalysed(run([]), all);

    // A helper behind an export * re-export (the barrel itself uses nothing and keeps its result).
    edit('settings.ts', (text) => text.replace("return JSON.parse(readFileSync(file, 'utf8'));", 'return JSON.parse(file);').replace("import { readFileSync } from 'node:fs';\n", ''));
    let warm = run([]);
    assertAnalysed(warm, ['orders.ts', 'server.ts', 'settings.ts', 'viaBarrel.ts']);
    assert.deepEqual(warm.results, cold().results);

    // A name renamed on its way through the barrel.
    edit('markets.ts', (text) => text.replace("new MarketClient('nasdaq', 'https://nasdaq.example.test')", "new MarketClient('nasdaq', 'https://nasdaq.example.net')"));
    warm = run([]);
    assertAnalysed(warm, ['markets.ts', 'orders.ts', 'server.ts', 'useImportType.ts', 'viaBarrel.ts', 'viaImportType.ts']);
    assert.deepEqual(warm.results, cold().results);

    // Through a namespace import only the members named count (`audit.audit`)…
    edit('audit.ts', (text) => text.replace('return 0;', 'return 1;'));
    warm = run([]);
    assertAnalysed(warm, ['audit.ts']);
    assert.deepEqual(warm.results, cold().results);

    // …unless the namespace itself is used as a value: then all of it.
    edit('viaNamespace.ts', (text) => `${text}export const auditModule = audit;\n`);
    run([]);
    edit('audit.ts', (text) => text.replace('return 1;', 'return 2;'));
    warm = run([]);
    assertAnalysed(warm, ['audit.ts', 'viaNamespace.ts']);
    assert.deepEqual(warm.results, cold().results);
  });

  it('sees a finding in an importer disappear when the imported helper stops blocking', () => {
    const first = run([]);
    edit('settings.ts', (text) => text.replace("return JSON.parse(readFileSync(file, 'utf8'));", 'return JSON.parse(file);').replace("import { readFileSync } from 'node:fs';\n", ''));
    const warm = run([]);
    assertAnalysed(warm, ['orders.ts', 'server.ts', 'settings.ts']);
    assert.deepEqual(warm.results, cold().results);
    assert.equal(findingsIn(first.results, 'orders.ts', 'no-blocking-in-async'), 1);
    assert.equal(findingsIn(warm.results, 'orders.ts', 'no-blocking-in-async'), 0);
  });

  it('re-analyses everything when the rule settings change', () => {
    run([]);
    const warm = run(['--rule', 'no-sequential-await=off']);
    assertAnalysed(warm, ALL);
    assert.deepEqual(warm.results, cold(['--rule', 'no-sequential-await=off']).results);
  });

  it('re-analyses the whole project when a file starts declaring globals', () => {
    run([]);
    edit('audit.ts', (text) => `${text}\ndeclare global {\n  var auditEnabled: boolean;\n}\n`);
    const warm = run([]);
    assertAnalysed(warm, ALL);
    assert.deepEqual(warm.results, cold().results);
  });

  it('re-analyses everything when the tsconfig changes', () => {
    run([]);
    const tsconfig = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(tsconfig, 'utf8').replace('"strict": true', '"strict": false'));
    const warm = run([]);
    assertAnalysed(warm, ALL);
    assert.deepEqual(warm.results, cold().results);
  });

  it('treats an unreadable or foreign cache file as a cold run', () => {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, '{ not json');
    const first = run([]);
    assertAnalysed(first, ALL);
    assert.deepEqual(first.results, cold().results);
  });

  it('follows a field written in a file the caller does not import (a held promise is proved by every write)', () => {
    // whenReady() hands back what the constructor stored, unless the field is written elsewhere:
    // reset.ts does, and use.ts imports only connection.ts.
    writeSource('connection.ts', [
      'export async function warmUp(): Promise<void> {}',
      'export class Connection {',
      '  ready: Promise<void>;',
      '  constructor() {',
      '    this.ready = warmUp();',
      '  }',
      '  whenReady(): Promise<void> {',
      '    return this.ready;',
      '  }',
      '}',
    ]);
    fs.writeFileSync(path.join(dir, 'src', 'reset.ts'), "import { Connection, warmUp } from './connection.js';\nexport function reset(connection: Connection): void {\n  connection.ready = warmUp();\n}\n");
    fs.writeFileSync(path.join(dir, 'src', 'use.ts'), "import { Connection } from './connection.js';\nexport function poke(connection: Connection): void {\n  connection.whenReady();\n}\n");
    assert.equal(findingsIn(run([]).results, 'use.ts', 'no-floating-promise'), 1, 'reset.ts writes the field: the promise may be a new one');
    // A warm run of use.ts alone must still see reset.ts's write.
    edit('use.ts', (text) => `${text}// touched\n`);
    const touched = run([]);
    assertAnalysed(touched, ['use.ts']);
    assert.deepEqual(touched.results, cold().results);
    assert.equal(findingsIn(touched.results, 'use.ts', 'no-floating-promise'), 1);
    // reset.ts stops writing it: use.ts, which never imports reset.ts, is re-analysed and quiet.
    edit('reset.ts', (text) => text.replace('  connection.ready = warmUp();', '  void connection;\n  void warmUp;'));
    const removed = run([]);
    assert.ok(removed.analysed?.includes('use.ts'), `analysed: ${removed.analysed?.join(', ')}`);
    assert.deepEqual(removed.results, cold().results);
    assert.equal(findingsIn(removed.results, 'use.ts', 'no-floating-promise'), 0);
  });

  it('takes a folder as --cache-location', () => {
    const folder = path.join(dir, 'cache-folder');
    fs.mkdirSync(folder);
    cacheFile = path.join(folder, '.async-pitfalls-cache');
    runCliInProcess(['src', '--format', 'json', '--cache', '--cache-location', folder], dir);
    assert.ok(fs.existsSync(cacheFile));
  });
});
