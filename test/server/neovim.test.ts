/**
 * A real LSP client: headless Neovim starts the built server with the README's setup, receives the
 * diagnostics, applies the preferred quick fix with its own code-action and workspace-edit code, and
 * writes the file, which must match the expected output. Needs `nvim` (Debian package `neovim`,
 * installed by `.ci/setup.d/neovim.sh`); under CI=true a missing nvim fails the test.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules/registry.js';
import { repoRoot, serverBin, testRulesModule } from './lsp-client.js';
import { TSCONFIG, makeWorkspace, removeWorkspace } from './workspace-helpers.js';

const SOURCE = [
  'declare function marker(): number;',
  'async function save(): Promise<void> {}',
  '',
  'export async function main(): Promise<number> {',
  '  save();',
  '  return marker() + 1;',
  '}',
  '',
].join('\n');

function nvimAvailable(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('language server in Neovim (headless)', function () {
  this.timeout(180_000);

  it('shows diagnostics and applies a quick fix through Neovim\'s code actions', async function () {
    if (!nvimAvailable()) {
      if (process.env['CI'] === 'true') assert.fail('nvim is not installed (CI=true): run .ci/setup.d/neovim.sh');
      this.skip();
    }
    const root = makeWorkspace({ 'tsconfig.json': TSCONFIG, 'src/main.ts': SOURCE });
    const home = path.join(root, '.nvim-home');
    const resultFile = path.join(root, 'result.json');
    try {
      const file = path.join(root, 'src/main.ts');
      const env = {
        ...process.env,
        AP_SERVER: serverBin,
        AP_RESULT: resultFile,
        AP_CODE: 'async-pitfalls/test-marker',
        ASYNC_PITFALLS_EXTRA_RULES: testRulesModule,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
      };
      const status = await new Promise<number | null>((resolve) => {
        const nvim = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(repoRoot, 'test/server/neovim/check.lua')}`, file], { cwd: root, env, stdio: 'ignore' });
        const timer = setTimeout(() => nvim.kill('SIGKILL'), 150_000);
        nvim.on('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, unknown>) : { ok: false, error: 'no result file' };
      assert.equal(status, 0, `nvim exited with ${status}: ${JSON.stringify(result)}`);
      assert.equal(result['ok'], true, JSON.stringify(result));
      assert.equal(result['applied'], 'Rename to checked');
      assert.equal(fs.readFileSync(file, 'utf8'), SOURCE.replace('return marker()', 'return checked()'));
      if (allRules.some((rule) => rule.name === 'no-floating-promise')) {
        assert.ok((result['codes'] as string[]).includes('async-pitfalls/no-floating-promise'), `real rule in Neovim: ${JSON.stringify(result['codes'])}`);
      }
    } finally {
      removeWorkspace(root);
    }
  });
});
