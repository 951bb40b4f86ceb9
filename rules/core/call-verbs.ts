/**
 * What a call's name says about the work it starts. Data, not logic: the lists are matched against
 * the first word of a callee's name (`getUserById` → `get`, `read_file` → `read`, `$queryRaw` →
 * `query`) or against the whole name (`hgetall`, `setTimeout`). Rules extend them through options.
 *
 * - read verbs: the call only looks things up; two reads may run in any order or together.
 * - mutation verbs: the call changes shared state; its position relative to other calls matters.
 * - sequencing verbs: the call exists to order work in time (sleep, locks, retries); code that
 *   uses one is sequential on purpose.
 */

export const READ_VERBS: readonly string[] = [
  'get', 'fetch', 'find', 'read', 'load', 'list', 'count', 'search', 'lookup', 'select', 'stat', 'lstat',
  'exists', 'has', 'is', 'check', 'download', 'head', 'describe', 'inspect', 'peek', 'retrieve', 'query',
  'resolve', 'readdir', 'realpath', 'readlink', 'access', 'glob',
  'hget', 'hgetall', 'hmget', 'mget', 'smembers', 'sismember', 'zrange', 'zscore', 'zcard', 'lrange', 'llen',
  'scard', 'hlen', 'ttl', 'pttl', 'xrange', 'xlen',
  // reading a fetched body (`await response.json()`)
  'json', 'text', 'blob', 'arraybuffer', 'formdata', 'bytes',
];

export const MUTATION_VERBS: readonly string[] = [
  'insert', 'save', 'write', 'mkdir', 'delete', 'del', 'remove', 'rm', 'rmdir', 'unlink', 'update', 'upsert',
  'set', 'put', 'patch', 'post', 'send', 'publish', 'emit', 'commit', 'rollback', 'create', 'add', 'push', 'pop',
  'shift', 'append', 'prepend', 'rename', 'move', 'copy', 'cp', 'mv', 'truncate', 'drop', 'clear', 'flush',
  'reset', 'exec', 'execute', 'run', 'apply', 'migrate', 'seed', 'install', 'deploy', 'start', 'stop', 'close',
  'open', 'connect', 'disconnect', 'init', 'initialize', 'setup', 'teardown', 'destroy', 'dispose', 'end', 'kill',
  'quit', 'shutdown', 'release', 'register', 'unregister', 'subscribe', 'unsubscribe', 'enqueue', 'dequeue',
  'increment', 'incr', 'incrby', 'decr', 'decrement', 'lpush', 'rpush', 'hset', 'hdel', 'sadd', 'srem', 'zadd',
  'zrem', 'expire', 'persist', 'store', 'invalidate', 'mark', 'touch', 'sync', 'chmod', 'chown', 'symlink',
  'link', 'dispatch', 'notify', 'trigger', 'schedule', 'resume', 'ack', 'nack', 'finish', 'complete', 'fail',
  'process', 'handle', 'consume', 'claim', 'take', 'next', 'login', 'logout', 'authenticate', 'authorize',
  'upload', 'import', 'export', 'build', 'compile', 'generate', 'ensure', 'prepare', 'restore', 'backup',
  'clean', 'cleanup', 'purge', 'evict', 'lock', 'unlock', 'reserve', 'allocate', 'assign', 'attach', 'detach',
  'enable', 'disable', 'activate', 'deactivate', 'replace', 'record', 'track', 'log', 'transfer', 'pay', 'charge',
];

/** Calls whose purpose is to space work out in time or to serialize it. */
export const SEQUENTIAL_VERBS: readonly string[] = [
  'sleep', 'delay', 'wait', 'waitfor', 'waituntil', 'settimeout', 'setimmediate', 'nexttick', 'timeout', 'pause',
  'backoff', 'retry', 'throttle', 'debounce', 'acquire', 'lock', 'runexclusive', 'withlock', 'exclusive', 'tick',
  'yield', 'defer', 'poll', 'until', 'limit', 'serialize', 'queue', 'schedule', 'ratelimit', 'cooldown',
];

/** Callees that run a callback as one ordered unit (a transaction, a lock, a pipeline). */
export const TRANSACTION_CALLS: readonly string[] = [
  'transaction', 'transact', 'withtransaction', 'runintransaction', 'starttransaction', 'begintransaction',
  'begin', 'multi', 'pipeline', 'batch', 'serialize', 'runexclusive', 'withlock', 'lock', 'exclusive',
  'withsession', 'session', 'mutex', 'synchronized', 'atomic', 'using',
];

/**
 * Name fragments of receivers that stand for one connection, session or lock: work on them is
 * queued in order anyway (or must be), so running it "together" gains nothing and may break.
 */
export const SERIAL_RECEIVER_FRAGMENTS: readonly string[] = [
  'connection', 'conn', 'queryrunner', 'runner', 'session', 'transaction', 'trx', 'socket', 'channel',
  'stream', 'cursor', 'pipeline', 'multi', 'batch', 'mutex', 'semaphore', 'lock', 'limiter', 'queue',
  'manager', 'tx', 'page', 'browser', 'worker', 'process', 'child', 'port', 'serial', 'terminal', 'shell',
  'reader', 'iterator', 'stdin', 'rl', 'readline', 'scanner', 'lexer', 'tokenizer', 'queryable',
];

export type VerbClass = 'read' | 'mutation' | 'sequential' | 'unknown';

export interface VerbLists {
  readonly read: ReadonlySet<string>;
  readonly mutation: ReadonlySet<string>;
  readonly sequential: ReadonlySet<string>;
}

export function createVerbLists(extra: { readVerbs?: readonly string[]; mutationVerbs?: readonly string[]; sequentialVerbs?: readonly string[] } = {}): VerbLists {
  const lower = (list: readonly string[] | undefined): string[] => (list ?? []).map((verb) => verb.toLowerCase());
  return {
    read: new Set([...READ_VERBS, ...lower(extra.readVerbs)]),
    mutation: new Set([...MUTATION_VERBS, ...lower(extra.mutationVerbs)]),
    sequential: new Set([...SEQUENTIAL_VERBS, ...lower(extra.sequentialVerbs)]),
  };
}

/** `getUserById` → ['get', 'user', 'by', 'id']; `$queryRaw` → ['query', 'raw']; `HGETALL` → ['hgetall']. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/^[$_#]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/**
 * Classifies a callee name. Sequencing wins over everything (a `waitForReady` is never "just a
 * read"); then the whole name, then its first word; a name matching both lists counts as mutation.
 */
export function classifyCallName(name: string, lists: VerbLists): VerbClass {
  const whole = name.replace(/^[$_#]+/, '').toLowerCase();
  const words = wordsOf(name);
  const first = words[0] ?? whole;
  if (lists.sequential.has(whole) || lists.sequential.has(first) || lists.sequential.has(words.slice(0, 2).join(''))) return 'sequential';
  if (lists.mutation.has(whole) || lists.mutation.has(first)) return 'mutation';
  if (lists.read.has(whole) || lists.read.has(first)) return 'read';
  return 'unknown';
}

/** True when a receiver's name (or its type's name) says it is a single connection, session, lock or queue. */
export function looksSerialReceiver(name: string): boolean {
  const words = wordsOf(name);
  const whole = name.toLowerCase();
  return SERIAL_RECEIVER_FRAGMENTS.some((fragment) => words.includes(fragment) || (fragment.length > 5 && whole.includes(fragment)));
}

/** `client`, `pgClient`, `PoolClient`: a database client is one connection when it can `query`. */
export function looksClientName(name: string): boolean {
  return wordsOf(name).includes('client');
}

export function isTransactionCallName(name: string): boolean {
  const whole = name.replace(/^[$_#]+/, '').toLowerCase();
  return TRANSACTION_CALLS.includes(whole) || wordsOf(name).some((word) => word === 'transaction' || word === 'transactional');
}
