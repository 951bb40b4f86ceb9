// End-to-end test of the VS Code extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
// driven through its UI by headless Chromium (playwright-core). Run by `npm run test:e2e` after
// `test/e2e/vscode/setup.sh` has installed code-server and Chromium.
//
// It packages the extension (`npm run package`), installs the .vsix into a fresh code-server, opens
// a copy of fixtures/vscode-e2e, and checks what a user sees: our diagnostics (source
// `async-pitfalls`) for each pitfall, a quick fix applied with Ctrl+. and Enter and saved to disk,
// the language status item, fix-on-save through `source.fixAll.asyncPitfalls`, and the
// "Fix all" command. Screenshots of every step go to .test-artifacts/vscode-e2e/; the two README
// screenshots are copied to docs/images/.
//
// Options: --skip-package (use the existing .vsix), --keep (leave the temporary folder),
// --session=main|trust (run one session only).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CodeServer, delay } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const artifacts = path.join(root, '.test-artifacts', 'vscode-e2e');
// Each session's home (HOME, XDG_*, user data, extensions) and workspace live here: outside the
// repository, whose eslint.config.mjs the server would otherwise find and obey.
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-vscode-e2e-'));
/** The current session's workspace folder. */
let workspace;
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const args = new Set(process.argv.slice(2));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isMac = false;
const mod = isMac ? 'Meta' : 'Control';

/** A file with a safe fix for fix-on-save: the test-only `test-marker` rule renames `marker()` to `checked()`. */
const FIX_ON_SAVE_FILE = 'src/fix-on-save.ts';
const FIX_ON_SAVE_TEXT = `declare function marker(): void;
declare function checked(): void;

export function run(): void {
  marker();
  checked();
}
`;

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  // Below the line, so that the README screenshot shows the code above the message.
  'editor.hover.above': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const timings = {};
const results = [];
let page;

async function main() {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });

  await timed('package', () => {
    if (!args.has('--skip-package')) run('npm', ['run', '--silent', 'package']);
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing`);
    // The fix-on-save check needs the test-only rules, which the server loads from the tsc build.
    if (!fs.existsSync(testRulesModule())) run('npm', ['run', '--silent', 'build']);
  });

  // Session 1: a trusted workspace (trust prompts off), as most users have it.
  await session({ name: 'main', workspaceTrust: false }, async () => {
  await check('diagnostics for every pitfall', async () => {
    const expected = {
      'src/floating.ts': 'no-floating-promise',
      'src/callbacks.ts': 'no-misused-async-callback',
      'src/blocking.ts': 'no-blocking-in-async',
      'src/sequential.ts': 'no-sequential-await',
    };
    await showProblems();
    for (const [file, rule] of Object.entries(expected)) {
      await openFile(file);
      await waitForProblem(rule);
    }
    await shot('diagnostics-problems-panel');
  });

  await check('status item shows the server ready', async () => {
    const detail = await readLanguageStatus();
    if (!/Async Pitfalls/.test(detail) || !/Ready/.test(detail)) throw new Error(`language status says: ${detail}`);
  });

  await check('hover shows the message (README screenshot)', async () => {
    await openFile('src/floating.ts');
    await hideProblems();
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor();
    const box = await squiggle.boundingBox();
    // Over the closing parenthesis: only our message in the hover, no type information from TypeScript.
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:visible').filter({ hasText: 'neither awaited nor handled' });
    await hover.waitFor();
    await delay(300);
    await shot('diagnostic-hover', 'vscode-diagnostic.png');
    // Park the mouse over empty editor space: no hover, no tooltip in the next screenshots.
    await page.mouse.move(900, 650);
  });

  await check('quick fix with Ctrl+. then Enter, saved to disk', async () => {
    await openFile('src/floating.ts');
    await goToLine(5, 3);
    await page.keyboard.press(`${mod}+Period`);
    const menu = page.locator('.action-widget');
    await menu.waitFor();
    const title = 'Add `await`';
    await selectMenuItem(menu, title);
    await shot('quick-fix-menu', 'vscode-quick-fix.png');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await page.keyboard.press(`${mod}+S`);
    await waitForFile('src/floating.ts', (text) => text.includes('  await saveUser(renamed);'));
    await waitForNoProblem('no-floating-promise');
    await shot('quick-fix-applied');
  });

  await check('fix on save (source.fixAll.asyncPitfalls)', async () => {
    await openFile(FIX_ON_SAVE_FILE);
    await waitForProblem('test-marker');
    // Make an edit, as a user would before saving.
    await goToLine(7, 1);
    await page.keyboard.type('// saved\n');
    await page.keyboard.press(`${mod}+S`);
    await waitForFile(FIX_ON_SAVE_FILE, (text) => text.includes('  checked();\n  checked();') && !text.includes('marker();') && text.includes('// saved'));
    await shot('fix-on-save');
  });

  await check('command "Fix all auto-fixable problems in file"', async () => {
    await openFile(FIX_ON_SAVE_FILE);
    await goToLine(7, 1);
    await page.keyboard.type('marker();\n');
    await waitForProblem('test-marker');
    await runCommand('Async Pitfalls: Fix all auto-fixable problems in file');
    // The command itself fixes the buffer (before any save, which would fix it too).
    await waitForEditorText((text) => !text.includes('marker();'));
    await page.keyboard.press(`${mod}+S`);
    await waitForFile(FIX_ON_SAVE_FILE, (text) => !text.includes('marker();') && (text.match(/checked\(\);/g) ?? []).length === 3);
  });

  await check('command "Restart server" brings the server back', async () => {
    await runCommand('Async Pitfalls: Restart server');
    await openFile('src/sequential.ts');
    await waitForProblem('no-sequential-await');
    const detail = await readLanguageStatus();
    if (!/Ready/.test(detail)) throw new Error(`language status after restart says: ${detail}`);
  });

  await check('command "Show output" shows the server log', async () => {
    await runCommand('Async Pitfalls: Show output');
    await page.locator('.part.panel .view-lines').filter({ hasText: 'async-pitfalls language server' }).first().waitFor();
    await shot('output');
  });
  });

  // Session 2: workspace trust on. The extension runs in Restricted Mode (it declares limited
  // support), the server starts untrusted, and granting trust restarts it trusted.
  await session({ name: 'trust', workspaceTrust: true }, async () => {
    await check('workspace trust: untrusted start, restart when trust is granted', async () => {
      await openFile('src/floating.ts');
      await waitForProblem('no-floating-promise');
      await runCommand('Async Pitfalls: Show output');
      await page.locator('.part.panel .view-lines').filter({ hasText: 'Workspace not trusted (Restricted Mode)' }).first().waitFor();
      await runCommand('Workspaces: Manage Workspace Trust');
      const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trust.click();
      await runCommand('Async Pitfalls: Show output');
      await page.locator('.part.panel .view-lines').filter({ hasText: 'Workspace trusted: restarting the server' }).first().waitFor();
      await shot('trust-granted');
      // The restarted server serves the file again.
      await openFile('src/floating.ts');
      await waitForProblem('no-floating-promise');
    });
  });
}

/** Prepares a fresh workspace, starts code-server with the .vsix installed, opens the workbench, runs `body`, and cleans up. */
async function session({ name, workspaceTrust }, body) {
  const only = [...args].find((arg) => arg.startsWith('--session='))?.slice('--session='.length);
  if (only && only !== name) return;
  const home = path.join(tempRoot, name);
  workspace = path.join(home, 'workspace');
  prepareWorkspace(workspace);
  const codeServer = new CodeServer({
    home,
    logFile: path.join(artifacts, `code-server-${name}.log`),
    env: { ASYNC_PITFALLS_EXTRA_RULES: testRulesModule() },
    workspaceTrust,
  });
  let browser;
  try {
    codeServer.writeUserSettings({
      ...USER_SETTINGS,
      'security.workspace.trust.enabled': workspaceTrust,
      // No banner over the editor in Restricted Mode.
      'security.workspace.trust.banner': 'never',
    });
    await timed(`${name}: install .vsix`, () => codeServer.installExtension(vsix));
    await timed(`${name}: start code-server`, () => codeServer.start());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await timed(`${name}: open workbench`, async () => {
      await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor();
      if (workspaceTrust) {
        // The startup prompt: stay in Restricted Mode for now.
        await page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust the authors/ }).click();
      }
      await page.locator('.explorer-folders-view').waitFor();
    });
    await body();
  } finally {
    if (page) await shot(`${name}-final`).catch(() => {});
    if (browser) await browser.close().catch(() => {});
    page = undefined;
    await codeServer.stop();
    copyLogs(home, name);
    fs.cpSync(path.join(workspace, 'src'), path.join(artifacts, `workspace-src-${name}`), { recursive: true });
  }
}

/** A copy of fixtures/vscode-e2e, outside the repository, with our @types/node and the editor settings the README recommends. */
function prepareWorkspace(dir) {
  fs.cpSync(path.join(root, 'fixtures', 'vscode-e2e'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
  // The `// expect:` comments are for the fixture checker (test/fixtures/vscode-e2e.test.ts), not for the screenshots.
  for (const name of fs.readdirSync(path.join(dir, 'src'))) {
    const file = path.join(dir, 'src', name);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/ *\/\/ expect: .*$/gm, ''));
  }
  fs.writeFileSync(path.join(dir, FIX_ON_SAVE_FILE), FIX_ON_SAVE_TEXT);
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        // What the README tells users to add for fix-on-save.
        'editor.codeActionsOnSave': { 'source.fixAll.asyncPitfalls': 'explicit' },
        // The test-only rules loaded for fix-on-save: only `test-marker` is wanted.
        'asyncPitfalls.rules': { 'test-floating': 'off', 'test-explode': 'off' },
      },
      null,
      2,
    ),
  );
}

// ---- steps -------------------------------------------------------------------------------------

async function check(name, body) {
  const start = Date.now();
  if (results.some((result) => !result.ok)) {
    results.push({ name, ok: false, skipped: true, ms: 0 });
    console.log(`  - ${name} (skipped after a failure)`);
    return;
  }
  try {
    await body();
    results.push({ name, ok: true, ms: Date.now() - start });
    console.log(`  ✔ ${name} (${Date.now() - start} ms)`);
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - start, error: String(error?.stack ?? error) });
    console.log(`  ✘ ${name} (${Date.now() - start} ms)\n${indent(String(error?.stack ?? error))}`);
    await shot(`failed-${slug(name)}`).catch(() => {});
    const problems = await page.locator('.markers-panel').innerText().catch(() => '(no Problems panel)');
    fs.writeFileSync(path.join(artifacts, `failed-${slug(name)}-problems.txt`), problems);
  }
}

async function timed(name, body) {
  const start = Date.now();
  const value = await body();
  timings[name] = Date.now() - start;
  console.log(`  · ${name}: ${timings[name]} ms`);
  return value;
}

// ---- UI helpers --------------------------------------------------------------------------------

async function openFile(relative) {
  const name = path.basename(relative);
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press(`${mod}+P`);
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 5_000 });
      await input.fill(relative);
      // Enter opens the focused row: wait until the filtered list has put the file first.
      await page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: name }).waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 5_000 });
      await page.locator('.monaco-editor.focused').waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

async function goToLine(line, column) {
  await page.keyboard.press(`${mod}+G`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // The Go to Line picker is Quick Open with the `:` prefix; fill() replaces the whole value.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Runs a command from the Command Palette. */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: title }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Moves the keyboard selection of an open action menu (quick fixes) to the item with `title`. */
async function selectMenuItem(menu, title) {
  const rows = menu.locator('.monaco-list-row.action');
  await rows.first().waitFor();
  const titles = await rows.allInnerTexts();
  const index = titles.findIndex((text) => text.includes(title));
  if (index < 0) throw new Error(`no "${title}" in the quick-fix menu: ${JSON.stringify(titles)}`);
  for (let attempt = 0; attempt < titles.length + 2; attempt++) {
    const focused = await menu.locator('.monaco-list-row.action.focused').innerText().catch(() => '');
    if (focused.includes(title)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not move the selection to "${title}"`);
}

async function showProblems() {
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press(`${mod}+Shift+M`);
  await page.locator('.markers-panel').waitFor();
}

async function hideProblems() {
  if (await page.locator('.markers-panel').isVisible()) await page.keyboard.press(`${mod}+J`);
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
}

/** Waits until the Problems panel lists a problem from our server with this rule: source `async-pitfalls`, code `async-pitfalls/<rule>`. */
async function waitForProblem(rule, timeout = Number(process.env.E2E_PROBLEM_TIMEOUT ?? 120_000)) {
  await showProblems();
  await page.locator('.markers-panel .monaco-list-row').filter({ hasText: `async-pitfalls/${rule}` }).first().waitFor({ timeout });
}

async function waitForNoProblem(rule, timeout = 30_000) {
  await showProblems();
  await page.locator('.markers-panel .monaco-list-row').filter({ hasText: `async-pitfalls/${rule}` }).first().waitFor({ state: 'detached', timeout });
}

/** Opens the language status hover (the `{}` next to the language mode) and returns our item's text. */
async function readLanguageStatus() {
  const entry = page.locator('#status\\.languageStatus');
  await entry.waitFor();
  await entry.click();
  const item = page.locator('.hover-language-status').filter({ hasText: 'Async Pitfalls' }).first();
  await item.waitFor();
  // Loading/checking states turn into "Ready" quickly: wait for it rather than read a transient one.
  const deadline = Date.now() + 30_000;
  let text = await item.innerText();
  while (!/Ready|error/i.test(text) && Date.now() < deadline) {
    await delay(250);
    text = await item.innerText();
  }
  await shot('language-status');
  await page.keyboard.press('Escape');
  return text.replace(/\s+/g, ' ').trim();
}

async function waitForEditorText(predicate, timeout = 20_000) {
  const lines = page.locator('.monaco-editor.focused .view-lines');
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    if (predicate(text)) return text;
    await delay(100);
  }
  throw new Error(`the editor does not show what was expected:\n${text}`);
}

async function waitForFile(relative, predicate, timeout = 20_000) {
  const file = path.join(workspace, relative);
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = fs.readFileSync(file, 'utf8');
    if (predicate(text)) return text;
    await delay(100);
  }
  throw new Error(`${relative} on disk is not as expected:\n${text}`);
}

let shotCount = 0;
async function shot(name, readmeName) {
  const file = path.join(artifacts, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  if (readmeName) {
    // The README shows the editor part only (tabs, code, hover or menu), not the whole window.
    const editor = await page.locator('.part.editor').boundingBox();
    const clip = { x: editor.x, y: editor.y, width: editor.width, height: Math.min(editor.height, 420) };
    await page.screenshot({ path: file.replace(/\.png$/, '-readme.png'), clip });
    fs.mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
    fs.copyFileSync(file.replace(/\.png$/, '-readme.png'), path.join(root, 'docs', 'images', readmeName));
  }
}

// ---- plumbing ----------------------------------------------------------------------------------

function testRulesModule() {
  return path.join(root, 'dist', 'test', 'server', 'test-rules.js');
}

function run(command, commandArgs) {
  execFileSync(command, commandArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Keeps the extension host's logs (our output channel among them) with the screenshots. */
function copyLogs(home, name) {
  const logs = path.join(home, 'user-data', 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, `logs-${name}`), { recursive: true });
}

function indent(text) {
  return text.replace(/^/gm, '      ');
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const started = Date.now();
console.log('VS Code end-to-end (code-server 4.100.3, headless Chromium)');
let fatal;
try {
  await main();
} catch (error) {
  fatal = error;
  console.log(`  ✘ setup failed\n${indent(String(error?.stack ?? error))}`);
}
const passed = results.filter((result) => result.ok).length;
const failed = results.length - passed + (fatal ? 1 : 0);
fs.writeFileSync(path.join(artifacts, 'results.json'), `${JSON.stringify({ timings, results, totalMs: Date.now() - started }, null, 2)}\n`);
console.log(`\nScreenshots and logs: ${path.relative(root, artifacts)}/ (total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
if (!args.has('--keep')) fs.rmSync(tempRoot, { recursive: true, force: true });
