// Runs an isolated code-server (a real VS Code 1.100 in the browser) for the end-to-end test:
// fresh user-data and extensions folders, HOME and XDG_* in a temporary folder (code-server writes
// a config file into the home folder otherwise), bound to 127.0.0.1 on a free port, started in its
// own process group so that stopping it also stops the file watcher and extension host children.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where test/e2e/vscode/setup.sh installs code-server (kept in sync with that script). */
export function codeServerEntry() {
  if (process.env.CODE_SERVER_ENTRY) return process.env.CODE_SERVER_ENTRY;
  const cacheRoot =
    process.env.ASYNC_PITFALLS_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'async-pitfalls-e2e');
  const prefix = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  if (!fs.existsSync(path.join(prefix, '.installed'))) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${prefix}: run test/e2e/vscode/setup.sh first.`);
  }
  return path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export class CodeServer {
  /**
   * @param {object} options
   * @param {string} options.home  a fresh temporary folder for HOME, XDG_*, user data and extensions
   * @param {string} options.logFile  where code-server's own output goes
   * @param {Record<string, string>} [options.env]  extra environment for code-server (and so for the extension host)
   * @param {boolean} [options.workspaceTrust]  keep workspace trust on (off by default: no trust prompt)
   */
  constructor({ home, logFile, env = {}, workspaceTrust = false }) {
    this.workspaceTrust = workspaceTrust;
    this.entry = codeServerEntry();
    this.home = home;
    this.logFile = logFile;
    this.userDataDir = path.join(home, 'user-data');
    this.extensionsDir = path.join(home, 'extensions');
    this.env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      ...env,
    };
    for (const dir of [this.userDataDir, this.extensionsDir, path.join(this.userDataDir, 'User')]) fs.mkdirSync(dir, { recursive: true });
    this.child = undefined;
    this.port = undefined;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  writeUserSettings(settings) {
    fs.writeFileSync(path.join(this.userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  }

  /** `code-server --install-extension <vsix>`: works offline. */
  installExtension(vsix) {
    return execFileSync(process.execPath, [this.entry, ...this.dirArgs(), '--install-extension', vsix], {
      env: this.env,
      encoding: 'utf8',
      timeout: 120_000,
    });
  }

  async start() {
    this.port = await freePort();
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(
      process.execPath,
      [
        this.entry,
        ...this.dirArgs(),
        '--bind-addr',
        `127.0.0.1:${this.port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(this.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
      ],
      { env: this.env, detached: true, stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    const exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(`code-server exited early (${code ?? signal})`)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, delay(250).then(() => undefined)]);
      if (early) throw new Error(`${early}; see ${this.logFile}`);
      if (await healthy(this.url)) return;
    }
    throw new Error(`code-server did not answer /healthz within 60 s; see ${this.logFile}`);
  }

  /** Stops code-server and every process it started (the whole process group). */
  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killGroup(child.pid, 'SIGTERM');
    if (await Promise.race([exited.then(() => true), delay(5_000).then(() => false)])) {
      // The main process is gone; its children may not be.
      killGroup(child.pid, 'SIGKILL');
      return;
    }
    killGroup(child.pid, 'SIGKILL');
    await exited;
  }

  dirArgs() {
    return ['--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir];
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function healthy(url) {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
