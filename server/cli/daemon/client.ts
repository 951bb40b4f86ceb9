/**
 * The CLI's side of `--daemon` (see daemon/server.ts): hands the run to the daemon, starting it when
 * none listens or when the one listening runs other code, and prints what it answers. It loads
 * neither TypeScript nor the engine, so a run costs Node.js's start and a socket round trip on top of
 * the work itself. When no daemon can be reached, the run happens here, as without `--daemon`, after
 * a line on stderr saying why.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseCliArguments } from '../args.js';
import { daemonAddress, encodeMessage, readMessages, type DaemonReply, type DaemonRequest } from './protocol.js';

const START_TIMEOUT_MS = 15_000;
const CONNECT_RETRY_MS = 25;

/** Whether the bin should hand these arguments to the daemon (or to `daemon status|stop`). */
export function wantsDaemon(argv: readonly string[]): boolean {
  if (argv[0] === 'daemon') return true;
  try {
    return parseCliArguments(argv).daemon;
  } catch {
    return false; // main reports the usage error
  }
}

/**
 * Runs `async-pitfalls …argv` through the daemon; resolves to the exit code. What it reads of the
 * disk (the daemon's address) it reads before anything else can be waiting on it.
 */
export function runWithDaemon(argv: readonly string[]): Promise<number> {
  const address = daemonAddress();
  if (argv[0] === 'daemon') return daemonCommand(argv.slice(1), address.socket);
  return lintThroughDaemon(argv, address, {
    kind: 'lint',
    argv,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env.NO_COLOR === undefined ? {} : { NO_COLOR: process.env.NO_COLOR },
  });
}

async function lintThroughDaemon(argv: readonly string[], address: { socket: string; log: string }, request: DaemonRequest): Promise<number> {
  let why = 'it kept being replaced';
  for (let attempt = 0; attempt < 2; attempt++) {
    let replies: DaemonReply[];
    try {
      replies = await askStartingDaemon(address, request);
    } catch (error) {
      why = (error as Error).message;
      break;
    }
    if (replies.some((reply) => 'stale' in reply)) {
      await waitUntilGone(address.socket); // it stops; the next attempt starts one running this code
      continue;
    }
    const exit = replies.find((reply): reply is { exit: number } => 'exit' in reply);
    if (!exit) {
      why = `the daemon stopped during the run (see ${address.log})`;
      break;
    }
    for (const reply of replies) {
      if ('stdout' in reply) process.stdout.write(reply.stdout);
      if ('stderr' in reply) process.stderr.write(reply.stderr);
    }
    return exit.exit;
  }
  process.stderr.write(`async-pitfalls: running without the daemon: ${why}.\n`);
  const { main } = await import('../main.js');
  return main(argv);
}

async function daemonCommand(argv: readonly string[], socket: string): Promise<number> {
  const command = argv[0];
  if (argv.length !== 1 || (command !== 'status' && command !== 'stop')) {
    process.stderr.write('Usage: async-pitfalls daemon status|stop\n');
    return 2;
  }
  const replies = await ask(socket, { kind: command }).catch(() => undefined);
  if (replies === undefined) {
    process.stdout.write('No daemon is running.\n');
    return 0;
  }
  if (command === 'stop') {
    await waitUntilGone(socket);
    process.stdout.write('Daemon stopped.\n');
    return 0;
  }
  const status = replies.find((reply) => 'status' in reply);
  if (status && 'status' in status) {
    const s = status.status;
    process.stdout.write(
      `Daemon running: pid ${s.pid}, since ${s.startedAt}, ${s.runs} run${s.runs === 1 ? '' : 's'}, ${Math.round(s.rssBytes / 1024 / 1024)} MB, ` +
        `${s.engines} rule configuration${s.engines === 1 ? '' : 's'} kept, stops after ${s.idleStopMinutes} idle minutes.\n${s.projects.map((project) => `  ${project}\n`).join('')}`,
    );
  }
  return 0;
}

/** `ask`, starting the daemon when none listens; throws an Error saying why no daemon answered. */
async function askStartingDaemon(address: { socket: string; log: string }, request: DaemonRequest): Promise<DaemonReply[]> {
  const first = await ask(address.socket, request).catch(() => undefined);
  if (first) return first;
  const started = await startDaemon(address);
  if (started !== true) throw new Error(started);
  return ask(address.socket, request).catch((error: Error) => {
    throw new Error(`the daemon did not answer (${error.message}; see ${address.log})`);
  });
}

/** Sends one request and collects every reply until the daemon closes the connection. */
function ask(socketPath: string, request: DaemonRequest): Promise<DaemonReply[]> {
  return new Promise((resolve, reject) => {
    const replies: DaemonReply[] = [];
    const socket = net.connect(socketPath);
    socket.on('connect', () => socket.write(encodeMessage(request)));
    readMessages<DaemonReply>(socket, (reply) => replies.push(reply));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(replies);
    });
  });
}

/** Starts a daemon in the background; true once it accepts connections, else why not. */
async function startDaemon(address: { socket: string; log: string }): Promise<true | string> {
  try {
    await fs.mkdir(path.dirname(address.log), { recursive: true });
    const log = await fs.open(address.log, 'a');
    const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), address.socket], { detached: true, stdio: ['ignore', log.fd, log.fd], windowsHide: true });
    await log.close();
    child.unref();
    let exited = false;
    child.on('exit', () => (exited = true));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (await canConnect(address.socket)) return true;
      // A daemon that lost a race to another one exits at once; the other one then answers.
      if (exited && !(await canConnect(address.socket))) return `the daemon exited at start (see ${address.log})`;
      await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
    }
    return `the daemon did not start within ${START_TIMEOUT_MS / 1000} s (see ${address.log})`;
  } catch (error) {
    return `the daemon could not be started (${(error as Error).message})`;
  }
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function waitUntilGone(socketPath: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && (await canConnect(socketPath))) await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
}
