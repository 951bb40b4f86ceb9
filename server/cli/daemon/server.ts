/**
 * The daemon behind `async-pitfalls --daemon`: one background process per installation that keeps
 * the engines (and with them the TypeScript programs) of earlier runs, so a re-run after an edit
 * pays for the update of a program and the files to analyse again, not for starting Node.js,
 * loading TypeScript and parsing the standard library and every file once more.
 *
 * Each request is one CLI run (main.ts, with `--cache` semantics: the cache file still decides which
 * results hold), on the engine kept for its settings after that engine has caught up with the disk
 * (Engine.syncWithDisk). Requests are served one at a time. The daemon stops after some idle
 * minutes, on `async-pitfalls daemon stop`, or when a client runs other code (the package was
 * rebuilt or upgraded). Started by daemon/client.ts as `node server.js`, detached, logging to a file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../main.js';
import { KeptEnginesByKey } from './kept-engines.js';
import { compiledFiles, PACKAGE_ROOT } from '../installation.js';
import { daemonAddress, encodeMessage, idleStopMinutes, readMessages, type DaemonReply, type DaemonRequest } from './protocol.js';

/** Collects what a run writes, to send once it ended (a run is synchronous: nothing streams earlier). */
class Collected extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        this.text += String(chunk);
        done();
      },
    });
  }
}

/** One daemon: its engines, the socket it listens on, and when it stops. */
class Daemon {
  private readonly ownStamp = codeStamp();
  private readonly startedAt = new Date();
  private readonly engines = new KeptEnginesByKey();
  private readonly server = net.createServer();
  private runs = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly socketPath: string) {
    this.server.on('connection', (socket) => this.serveConnection(socket));
    this.server.on('error', (error: NodeJS.ErrnoException) => this.onListenError(error));
    this.server.on('listening', () => {
      if (process.platform !== 'win32') fs.chmodSync(socketPath, 0o600); // only this user may ask
      log(`listening on ${socketPath} (pid ${process.pid})`);
      this.armIdleTimer();
    });
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => this.stop(signal));
  }

  listen(): void {
    if (process.platform !== 'win32') fs.mkdirSync(path.dirname(this.socketPath), { recursive: true, mode: 0o700 });
    this.server.listen(this.socketPath);
  }

  private serveConnection(socket: net.Socket): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    socket.on('error', (error) => log(`client connection: ${error.message}`));
    readMessages<DaemonRequest>(
      socket,
      (request) => {
        const replies = this.answer(request);
        for (const reply of replies) socket.write(encodeMessage(reply));
        socket.end(() => {
          if (request.kind === 'stop') this.stop('asked to');
          else if (replies.some((reply) => 'stale' in reply)) this.stop('the package changed');
          else {
            this.armIdleTimer(); // from the end of the run: a run may take longer than the idle time
            if (request.kind === 'lint') setImmediate(() => prepareQuietly(this.engines));
          }
        });
      },
      (problem) => {
        log(`client sent ${problem}; connection closed`);
        socket.destroy();
        this.armIdleTimer();
      },
    );
  }

  private answer(request: DaemonRequest): DaemonReply[] {
    switch (request.kind) {
      case 'stop':
        return [{ exit: 0 }];
      case 'status':
        return [{ status: { pid: process.pid, startedAt: this.startedAt.toISOString(), runs: this.runs, engines: this.engines.size, projects: this.engines.projects(), rssBytes: process.memoryUsage().rss, idleStopMinutes: idleStopMinutes() } }];
      case 'lint':
        return codeStamp() === this.ownStamp ? this.lint(request) : [{ stale: true }];
      default:
        return [{ stderr: `async-pitfalls: the daemon does not know the request ${JSON.stringify(request)}.\n` }, { exit: 2 }];
    }
  }

  private lint(request: Extract<DaemonRequest, { kind: 'lint' }>): DaemonReply[] {
    this.runs++;
    const stdout = new Collected(request.stdoutIsTTY);
    const stderr = new Collected(false); // no progress line: nothing reaches the client before the run ends
    try {
      process.chdir(request.cwd); // requests are served one at a time
    } catch (error) {
      return [{ stderr: `async-pitfalls: the daemon cannot work in ${request.cwd}: ${(error as Error).message}\n` }, { exit: 2 }];
    }
    let exit: number;
    try {
      exit = main(request.argv, { stdout, stderr, cwd: request.cwd, env: request.env }, undefined, this.engines);
    } catch (error) {
      this.engines.dropAll(); // their state is not trusted after a failure inside
      stderr.write(`async-pitfalls: internal error: ${(error as Error).stack ?? String(error)}\n`);
      log(`run failed: ${(error as Error).stack ?? String(error)}`);
      exit = 2;
    }
    return [...(stdout.text === '' ? [] : [{ stdout: stdout.text }]), ...(stderr.text === '' ? [] : [{ stderr: stderr.text }]), { exit }];
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(`idle for ${idleStopMinutes()} minutes`), idleStopMinutes() * 60_000);
    this.idleTimer.unref();
  }

  private onListenError(error: NodeJS.ErrnoException): void {
    if (error.code !== 'EADDRINUSE') throw error;
    // Another daemon listens, or one died and left its socket file behind.
    const probe = net.connect(this.socketPath);
    probe.on('connect', () => {
      log('another daemon is already serving; exiting');
      process.exit(0);
    });
    probe.on('error', () => {
      fs.rmSync(this.socketPath, { force: true });
      this.server.listen(this.socketPath);
    });
  }

  private stop(why: string): void {
    log(`stopping: ${why}`);
    this.engines.dropAll();
    this.server.close();
    if (process.platform !== 'win32') fs.rmSync(this.socketPath, { force: true });
    process.exit(0);
  }
}

export function serve(socketPath: string): void {
  new Daemon(socketPath).listen();
}

/**
 * The code on disk, by the size and time of every compiled file and of the TypeScript it loads. The
 * daemon compares it with the stamp it started with before each run: a client is always the code on
 * disk (the daemon's address is its installation's), so a rebuilt or upgraded package replaces the
 * daemon at its first `--daemon` run instead of getting answers from the old rules.
 */
export function codeStamp(): string {
  const hash = createHash('sha1');
  const files = [path.join(PACKAGE_ROOT, 'package.json'), require.resolve('typescript/package.json'), ...compiledFiles('rules'), ...compiledFiles('server')];
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${file}:${stat?.size ?? -1}:${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

function prepareQuietly(engines: KeptEnginesByKey): void {
  try {
    engines.prepareLatest();
  } catch (error) {
    log(`preparing programs failed (the next run builds them): ${(error as Error).stack ?? String(error)}`);
  }
}

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

if (require.main === module) serve(process.argv[2] ?? daemonAddress().socket);
