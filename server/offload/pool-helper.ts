/**
 * The worker pool written into a project that does not depend on piscina, once, as
 * `async-pitfalls-worker-pool.ts`. It only uses `node:worker_threads` and `node:os` and contains
 * no `import.meta` or `__dirname`, so the same text compiles and runs as ESM and as CommonJS; it uses
 * only erasable syntax (no parameter properties, enums or namespaces), so it also passes
 * `erasableSyntaxOnly` and runs under Node's type stripping.
 */

export const POOL_HELPER_BASENAME = 'async-pitfalls-worker-pool';

export const POOL_HELPER_SOURCE = `/**
 * A small, bounded pool of worker threads, written by \`async-pitfalls offload\` (once per project).
 *
 * A worker module ends with \`serveTask('name', fn)\`; the main thread creates the pool once,
 * \`const pool = new WorkerPool<typeof fn>(workerFile, 'name')\`, and calls \`await pool.run(...args)\`.
 * Arguments and results are copied with the structured clone algorithm (no functions, no class
 * prototypes). At most \`maxThreads\` threads run; further calls wait in order. Idle threads do not
 * keep the process alive and stop after \`idleTimeoutMs\`.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

type Task = (...args: never[]) => unknown;

type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface Job {
  readonly args: readonly unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

interface Thread {
  readonly worker: Worker;
  job: Job | undefined;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

const MARKER = 'asyncPitfallsWorkerPoolTask';

export interface WorkerPoolOptions {
  /** Most threads running at once (default: one less than the CPUs, at least 1, at most 8). */
  readonly maxThreads?: number;
  /** An idle thread stops after this many milliseconds (default 30 s). */
  readonly idleTimeoutMs?: number;
}

export class WorkerPool<F extends Task> {
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private readonly filename: string | URL;
  private readonly taskName: string;
  private readonly maxThreads: number;
  private readonly idleTimeoutMs: number;

  constructor(filename: string | URL, taskName: string, options: WorkerPoolOptions = {}) {
    this.filename = filename;
    this.taskName = taskName;
    this.maxThreads = Math.max(1, Math.floor(options.maxThreads ?? Math.min(8, availableParallelism() - 1)));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  }

  /** Runs the task on a pool thread with copies of \`args\`; resolves with a copy of its result. */
  run(...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> {
    return new Promise<Awaited<ReturnType<F>>>((resolve, reject) => {
      this.queue.push({ args, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; calls still waiting are rejected. */
  async close(): Promise<void> {
    const threads = [...this.threads];
    this.threads.clear();
    for (const job of this.queue.splice(0)) job.reject(new Error('The worker pool was closed.'));
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = [...this.threads].find((candidate) => candidate.job === undefined);
      if (thread === undefined) {
        if (this.threads.size >= this.maxThreads) return;
        thread = this.spawn();
      }
      this.start(thread, this.queue.shift() as Job);
    }
  }

  private start(thread: Thread, job: Job): void {
    if (thread.idleTimer !== undefined) clearTimeout(thread.idleTimer);
    thread.idleTimer = undefined;
    thread.job = job;
    thread.worker.ref();
    thread.worker.postMessage(job.args);
  }

  private spawn(): Thread {
    const worker = new Worker(this.filename, { workerData: { [MARKER]: this.taskName } });
    const thread: Thread = { worker, job: undefined, idleTimer: undefined };
    this.threads.add(thread);
    worker.on('message', (reply: Reply) => {
      const job = thread.job;
      thread.job = undefined;
      this.idle(thread);
      if (job !== undefined) {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(reply.error);
      }
      this.dispatch();
    });
    const fail = (error: unknown): void => {
      this.threads.delete(thread);
      if (thread.idleTimer !== undefined) clearTimeout(thread.idleTimer);
      const job = thread.job;
      thread.job = undefined;
      job?.reject(error);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(\`The worker thread running \${this.taskName} stopped (exit code \${code}).\`)));
    return thread;
  }

  private idle(thread: Thread): void {
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => {
      this.threads.delete(thread);
      thread.worker.terminate().catch(() => undefined);
    }, this.idleTimeoutMs);
    thread.idleTimer.unref();
  }
}

/**
 * Serves \`task\` when this module was loaded by a WorkerPool for \`taskName\`; does nothing on the
 * main thread (which may import the worker module for its synchronous callers).
 */
export function serveTask<F extends Task>(taskName: string, task: F): void {
  if (isMainThread || parentPort === null) return;
  if ((workerData as Record<string, unknown> | null | undefined)?.[MARKER] !== taskName) return;
  const port = parentPort;
  port.on('message', (args: unknown[]) => {
    Promise.resolve()
      .then(() => (task as unknown as (...taskArgs: unknown[]) => unknown)(...args))
      .then(
        (value) => port.postMessage({ ok: true, value } satisfies Reply),
        (error: unknown) => port.postMessage({ ok: false, error } satisfies Reply),
      )
      .catch((error: unknown) => port.postMessage({ ok: false, error: new Error(\`The result of \${taskName} could not be copied back: \${String(error)}\`) } satisfies Reply));
  });
}
`;
