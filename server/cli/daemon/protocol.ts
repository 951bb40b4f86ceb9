/**
 * What the CLI (daemon/client.ts) and its daemon (daemon/server.ts) say to each other, defined once
 * for both: one JSON object per line over a Unix socket (a named pipe on Windows), one request per
 * connection. Loaded by every `--daemon` run before anything else, so it must stay light: no
 * TypeScript, no engine.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT, userCacheDirectory } from '../installation.js';

export type DaemonRequest =
  | {
      readonly kind: 'lint';
      readonly argv: readonly string[];
      readonly cwd: string;
      /** What the client's streams are, for colours; the daemon's own go to its log. */
      readonly stdoutIsTTY: boolean;
      readonly env: { readonly NO_COLOR?: string };
    }
  | { readonly kind: 'status' }
  | { readonly kind: 'stop' };

export type DaemonReply =
  | { readonly stdout: string }
  | { readonly stderr: string }
  | { readonly exit: number }
  /** The daemon runs other code than the client (the package was rebuilt or upgraded); it stops. */
  | { readonly stale: true }
  | { readonly status: DaemonStatus };

export interface DaemonStatus {
  readonly pid: number;
  readonly startedAt: string;
  readonly runs: number;
  /** Engines kept, by their settings; each holds the programs of the projects it analysed. */
  readonly engines: number;
  readonly projects: readonly string[];
  readonly rssBytes: number;
  readonly idleStopMinutes: number;
}

/** Minutes without a request after which the daemon stops (ASYNC_PITFALLS_DAEMON_IDLE_MINUTES). */
export function idleStopMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const minutes = Number(env.ASYNC_PITFALLS_DAEMON_IDLE_MINUTES);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : 15;
}

/**
 * Where this installation's daemon listens, and where it logs. One daemon per installation, Node.js
 * and user: it keeps engines for every project it is asked about.
 */
export function daemonAddress(): { socket: string; log: string } {
  const id = createHash('sha1').update(`${fs.realpathSync(PACKAGE_ROOT)}\n${process.execPath}\n${process.version}`).digest('hex').slice(0, 16);
  const folder = userCacheDirectory();
  // A Unix socket path is limited to about 100 bytes, so it goes to the short runtime folder when there is one.
  const runtime = process.env.XDG_RUNTIME_DIR ?? folder;
  const socket = process.platform === 'win32' ? `\\\\.\\pipe\\async-pitfalls-${id}` : path.join(runtime, `async-pitfalls-daemon-${id}.sock`);
  return { socket, log: path.join(folder, `daemon-${id}.log`) };
}

/** Calls `onMessage` with each JSON line received on `socket`, or `onBadInput` once with what was wrong. */
export function readMessages<T>(socket: NodeJS.ReadableStream, onMessage: (message: T) => void, onBadInput?: (problem: string) => void): void {
  let buffered = '';
  let failed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (failed) return;
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0 && !failed; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === '') continue;
      let message: T;
      try {
        message = JSON.parse(line) as T;
      } catch {
        failed = true;
        onBadInput?.(`a line that is not JSON (${line.length} characters)`);
        return;
      }
      onMessage(message);
    }
  });
}

export function encodeMessage(message: DaemonRequest | DaemonReply): string {
  return `${JSON.stringify(message)}\n`;
}
