import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { createTypedRuleTester } from '../helpers/rule-tester.js';
import { noSequentialAwait, type MessageIds, type Options } from '../../rules/no-sequential-await.js';

/** Declarations every sample can use: reads, mutations, sleeps, locks, connections. */
const header = `import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
interface User { id: string; name: string }
interface Tx { getUser(id: string): Promise<User>; findPosts(id: string): Promise<string[]>; insert(x: unknown): Promise<void> }
declare function fetchUser(id: string): Promise<User>;
declare function fetchOrders(id: string): Promise<number[]>;
declare function getPrefs(id: string): Promise<string>;
declare function loadConfig(): Promise<{ port: number }>;
declare function findPosts(userId: string): Promise<string[]>;
declare function countVisits(id: string): Promise<number>;
declare function listTags(): Promise<string[]>;
declare function saveUser(u: unknown): Promise<void>;
declare function updateStats(id: string): Promise<void>;
declare function processItem(x: string): Promise<void>;
declare function transform(x: string): Promise<string>;
declare function sleep(ms: number): Promise<void>;
declare function delay(ms: number): Promise<void>;
declare function checkAccess(id: string): Promise<void>;
declare function getGeneric<T>(): Promise<T>;
declare function syncValue(): number;
declare function anyValue(): any;
declare function probeHost(host: string): Promise<boolean>;
declare const api: { getUser(id: string): Promise<User>; getTeam(id: string): Promise<string>; saveUser(u: User): Promise<void> };
declare const db: { getUser(id: string): Promise<User>; findPosts(id: string): Promise<string[]>; insert(x: unknown): Promise<void>; transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>; multi(): { exec(): Promise<void> } };
declare const connection: { getUser(id: string): Promise<User>; findPosts(id: string): Promise<string[]> };
declare const mutex: { acquire(): Promise<() => void>; runExclusive<T>(fn: () => Promise<T>): Promise<T> };
declare const reader: { read(): Promise<string> };
declare const client: { query(sql: string): Promise<unknown> };
`;
const headerLines = header.split('\n').length - 1;

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

/** Wraps a body in an async function after the header. */
function fn(body: string, params = 'id: string, ids: string[]'): string {
  return `${header}export async function f(${params}) {\n${body}\n}\n`;
}

/** Line (1-based) and column of the `n`-th `await` keyword of the code. */
function awaitAt(code: string, n: number): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < n; i++) index = code.indexOf('await ', index + 1);
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** A straight-line run reported at the `at`-th await, with the Promise.all suggestion (or none). */
function run(body: string, output: string | null, at = 2, options?: Options[0]): Invalid {
  const code = fn(body);
  const awaitsBefore = header.split('await ').length - 1;
  return {
    code,
    ...(options ? { options: [options] } : {}),
    errors: [{
      messageId: 'sequentialAwaits',
      ...awaitAt(code, awaitsBefore + at),
      suggestions: output === null ? [] : [{ messageId: 'usePromiseAll', output: fn(output) }],
    }],
  };
}

/** A loop reported at the `at`-th await of the body, with the Promise.all(map) suggestion (or none). */
function loop(body: string, output: string | null, at = 1, options?: Options[0], messageId: MessageIds = 'sequentialLoop'): Invalid {
  const code = fn(body);
  const awaitsBefore = header.split('await ').length - 1;
  return {
    code,
    ...(options ? { options: [options] } : {}),
    errors: [{
      messageId,
      ...awaitAt(code, awaitsBefore + at),
      suggestions: output === null ? [] : [{ messageId: 'usePromiseAllMap', output: fn(output) }],
    }],
  };
}

const valid: (string | Valid)[] = [
  // Data dependencies
  fn('const user = await fetchUser(id);\nconst orders = await fetchOrders(user.id);\nreturn [user, orders];'),
  fn('const { id: userId } = await fetchUser(id);\nconst posts = await findPosts(userId);\nreturn posts;'),
  fn('const [first] = await listTags();\nconst user = await fetchUser(first!);\nreturn user;'),
  fn('let key = id;\nkey = await getPrefs(key);\nconst orders = await fetchOrders(key);\nreturn orders;'),
  fn('const user = await fetchUser(id);\nconst posts = await findPosts((() => user.name)());\nreturn posts;'),
  fn('const user = await fetchUser(id);\nconst prefs = await getPrefs(`${user.name}`);\nreturn prefs;'),
  fn('const config = await loadConfig();\nconst { port = config.port } = await loadConfig();\nreturn port;'),
  fn('const user = await fetchUser(id);\nconst posts = await findPosts(user?.name ?? id);\nreturn posts;'),
  fn('const state = { token: "" };\nstate.token = await getPrefs(id);\nconst user = await fetchUser(state.token);\nreturn user;'),
  fn('let token = "";\nconst read = () => token;\ntoken = await getPrefs(id);\nconst user = await fetchUser(read());\nreturn user;'),
  fn('const tags: string[] = [];\nconst user = await fetchUser(tags.push("a") ? id : id);\nconst posts = await findPosts(tags.join());\nreturn [user, posts];'),
  fn('let n = 0;\nconst a = await countVisits(String(n++));\nconst b = await countVisits(String(n));\nreturn a + b;'),
  `${header}class Service {\n  token = '';\n  private async loadToken() { this.token = await getPrefs('x'); return this.token; }\n  private async getProfile() { return fetchUser(this.token); }\n  async run() {\n    const token = await this.loadToken();\n    const profile = await this.getProfile();\n    return [token, profile];\n  }\n}\n`,
  `${header}let shared = '';\nasync function loadShared() { shared = await getPrefs('x'); return shared; }\nasync function getUsingShared() { return fetchUser(shared); }\nexport async function f() {\n  const a = await loadShared();\n  const b = await getUsingShared();\n  return [a, b];\n}\n`,
  fn('const user = await fetchUser(id);\nconst same = await fetchUser(user.id);\nreturn same;'),
  // Mutations and unknown verbs keep their order
  fn('await saveUser(id);\nconst user = await fetchUser(id);\nreturn user;'),
  fn('const user = await fetchUser(id);\nawait saveUser(user);\nawait updateStats(id);'),
  fn('await mkdir("out");\nawait writeFile("out/a", "x");'),
  fn('await writeFile("a", "x");\nconst text = await readFile("a", "utf8");\nreturn text;'),
  fn('await processItem(id);\nawait processItem(ids[0]!);'),
  fn('const a = await transform(id);\nconst b = await transform(ids[0]!);\nreturn a + b;'),
  fn('const user = await api.getUser(id);\nawait api.saveUser(user);'),
  fn('await api.saveUser({ id, name: "a" });\nconst team = await api.getTeam(id);\nreturn team;'),
  fn('await db.insert(id);\nconst posts = await db.findPosts(id);\nreturn posts;'),
  // A dropped result: awaited for its effect (the query writes the log the next line reads)
  fn('await fetchUser(id);\nconst posts = await findPosts(id);\nreturn posts;'),
  fn('const posts = await findPosts(id);\nawait fetchUser(id);\nreturn posts;'),
  fn('await fetchUser(id);\nawait findPosts(id);'),
  { code: fn('await checkAccess(id);\nconst user = await fetchUser(id);\nreturn user;'), options: [{ mergeDroppedResults: true }] },
  // Guards: a dropped result that checks something
  fn('await checkAccess(id);\nconst user = await fetchUser(id);\nreturn user;'),
  fn('await stat("a");\nconst text = await readFile("a", "utf8");\nreturn text;'),
  // Sleeps, delays and timers pace the run
  fn('const a = await fetchUser(id);\nawait sleep(100);\nconst b = await fetchUser(ids[0]!);\nreturn [a, b];'),
  fn('const a = await getPrefs(id);\nconst b = await getPrefs(ids[0]!);\nawait delay(10);\nreturn [a, b];'),
  fn('const a = await getPrefs(id);\nawait new Promise((resolve) => setTimeout(resolve, 50));\nconst b = await getPrefs(ids[0]!);\nreturn [a, b];'),
  `${header}import { setTimeout as wait } from 'node:timers/promises';\nexport async function f(id: string) {\n  const a = await getPrefs(id);\n  await wait(10);\n  const b = await getPrefs(id + 'b');\n  return [a, b];\n}\n`,
  // Locks, transactions, multi()
  fn('const release = await mutex.acquire();\ntry {\n  const a = await fetchUser(id);\n  const b = await findPosts(id);\n  return [a, b];\n} finally {\n  release();\n}'),
  fn('return mutex.runExclusive(async () => {\n  const a = await fetchUser(id);\n  const b = await findPosts(id);\n  return [a, b];\n});'),
  fn('return db.transaction(async (tx) => {\n  const user = await tx.getUser(id);\n  const posts = await tx.findPosts(id);\n  return [user, posts];\n});'),
  fn('return db.transaction(async (tx) => {\n  for (const x of ids) {\n    const posts: string[][] = [];\n    posts.push(await tx.findPosts(x));\n  }\n});'),
  fn('await client.query("BEGIN");\nconst a = await getPrefs(id);\nconst b = await getPrefs(ids[0]!);\nawait client.query("COMMIT");\nreturn [a, b];'),
  fn('const m = db.multi();\nconst a = await getPrefs(id);\nconst b = await getPrefs(ids[0]!);\nawait m.exec();\nreturn [a, b];'),
  // One connection, reader or client: queued in order anyway
  fn('const user = await connection.getUser(id);\nconst posts = await connection.findPosts(id);\nreturn [user, posts];'),
  fn('const head = await reader.read();\nconst body = await reader.read();\nreturn head + body;'),
  fn('const a = await client.query("SELECT 1");\nconst b = await client.query("SELECT 2");\nreturn [a, b];'),
  `${header}declare const queryRunner: { getTable(name: string): Promise<string>; getView(name: string): Promise<string> };\nexport async function f() {\n  const table = await queryRunner.getTable('a');\n  const view = await queryRunner.getView('b');\n  return [table, view];\n}\n`,
  `${header}declare function getVersion(c: { query(s: string): Promise<unknown> }): Promise<number>;\ndeclare function getLimit(c: { query(s: string): Promise<unknown> }): Promise<number>;\nexport async function f() {\n  const a = await getVersion(client);\n  const b = await getLimit(client);\n  return a + b;\n}\n`,
  // Cleanup in finally / catch
  fn('try {\n  await processItem(id);\n} finally {\n  const a = await getPrefs(id);\n  const b = await getPrefs(ids[0]!);\n  void [a, b];\n}'),
  fn('try {\n  await processItem(id);\n} catch {\n  const a = await getPrefs(id);\n  const b = await getPrefs(ids[0]!);\n  void [a, b];\n}'),
  // Ordered shutdown: each step with its own try/catch
  fn('try { await processItem("a"); } catch { /* ignore */ }\ntry { await processItem("b"); } catch { /* ignore */ }'),
  // Not a run: one await, something between, existing promises, non-promises
  fn('const a = await fetchUser(id);\nconsole.log(a);\nconst b = await findPosts(id);\nreturn b;'),
  fn('const p = fetchUser(id);\nconst q = findPosts(id);\nconst a = await p;\nconst b = await q;\nreturn [a, b];'),
  fn('const a = await syncValue();\nconst b = await syncValue();\nreturn a + b;'),
  fn('const a = await anyValue();\nconst b = await anyValue();\nreturn [a, b];'),
  fn('const a = await fetchUser(id), b = await findPosts(id);\nreturn [a, b];'),
  fn('const a = await Promise.all([fetchUser(id), findPosts(id)]);\nconst b = await Promise.all([getPrefs(id)]);\nreturn [a, b];'),
  fn('const a = await import("node:fs");\nconst b = await import("node:path");\nreturn [a, b];'),
  fn('const a = await fetchUser(await getPrefs(id));\nconst b = await findPosts(id);\nreturn [a, b];'),
  fn('await using a = { async [Symbol.asyncDispose]() {} };\nawait using b = { async [Symbol.asyncDispose]() {} };'),
  // A read at the end of a chain that starts with a write or unknown work (`got.post(…).text()`)
  `${header}declare const http: { post(url: string): { text(): Promise<string> }; get(url: string): { json(): Promise<unknown> } };\ndeclare function request(url: string): { json(): Promise<unknown> };\nexport async function f() {\n  const a = await http.post('/a').text();\n  const b = await http.get('/b').json();\n  const c = await request('/c').json();\n  return [a, b, c];\n}\n`,
  // A transaction handed over in the options (Sequelize's `{ transaction }`)
  `${header}declare const Model: { findByPk(id: string, o?: { transaction?: object }): Promise<User>; findAll(o?: { transaction?: object }): Promise<User[]> };\nexport async function f(id: string, transaction: object) {\n  const user = await Model.findByPk(id, { transaction });\n  const all = await Model.findAll({ transaction: transaction });\n  return [user, all];\n}\n`,
  // An own "read" that is async but waits for nothing (signing a URL) has no latency to overlap
  `${header}class Storage { getSignedUrl = async (key: string) => Promise.resolve(\`/files/\${key}?sig=\${key.length}\`); }\nexport async function f(storage: Storage) {\n  const a = await storage.getSignedUrl('a');\n  const b = await storage.getSignedUrl('b');\n  return [a, b];\n}\n`,
  // Reading the bodies of responses already in hand finishes work, it starts none
  fn('const a = await fetch("https://a.example");\nconsole.log(a.status);\nconst b = await fetch("https://b.example");\nconsole.log(b.status);\nconst x = await a.json();\nconst y = await b.text();\nreturn [x, y];'),
  fn('const res = await fetch("https://a.example");\nconsole.log(res.status);\nconst body = await res.json();\nconst user = await fetchUser(id);\nreturn [body, user];'),
  // The same call twice polls or consumes in order
  fn('const first = await getPrefs(id);\nconst second = await getPrefs(id);\nreturn first === second;'),
  // Loops: for await, while/do (waiting, cursors), retries, pagination
  fn('const out: string[] = [];\nfor await (const line of (async function* () { yield "a"; })()) out.push(await transform(line));\nreturn out;'),
  fn('let cursor: string | undefined = id;\nconst out: string[] = [];\nwhile (cursor) {\n  const page = await findPosts(cursor);\n  out.push(...page);\n  cursor = page[0];\n}\nreturn out;'),
  fn('let cursor = id;\nconst out: string[][] = [];\ndo {\n  const page = await findPosts(cursor);\n  out.push(page);\n  cursor = page[0] ?? "";\n} while (cursor);\nreturn out;'),
  fn('for (let attempt = 0; attempt < 3; attempt++) {\n  try {\n    return await fetchUser(id);\n  } catch {\n    await sleep(2 ** attempt * 100);\n  }\n}\nthrow new Error("gave up");'),
  fn('const out: string[][] = [];\nfor (let page = 1; ; page++) {\n  const items = await findPosts(String(page));\n  if (items.length === 0) break;\n  out.push(items);\n}\nreturn out;'),
  fn('const out: string[] = [];\nlet cursor = id;\nfor (let i = 0; i < 10; i++) {\n  const next = await getPrefs(cursor);\n  out.push(next);\n  cursor = next;\n}\nreturn out;'),
  // Stop at first match, steering by the result
  fn('for (const x of ids) {\n  const user = await fetchUser(x);\n  if (user.name === "a") return user;\n}\nreturn undefined;'),
  fn('for (const x of ids) {\n  if (await probeHost(x)) return x;\n}\nreturn undefined;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  if (!user) break;\n  out.push(user);\n}\nreturn out;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  if (user.name === "") continue;\n  out.push(user);\n}\nreturn out;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  if (!user) throw new Error(x);\n  out.push(user);\n}\nreturn out;'),
  // Waiting until something arrives
  fn('let ready = false;\nwhile (!ready) {\n  ready = await probeHost(id);\n}'),
  // Loops run for effect, or with mutations, sleeps, locks, try/catch
  fn('for (const x of ids) {\n  await processItem(x);\n}'),
  fn('for (const x of ids) await saveUser(x);'),
  fn('for (const x of ids) {\n  const user = await fetchUser(x);\n  await saveUser(user);\n}'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  out.push(await fetchUser(x));\n  await sleep(100);\n}\nreturn out;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  try {\n    out.push(await fetchUser(x));\n  } catch {\n    // skip\n  }\n}\nreturn out;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  const release = await mutex.acquire();\n  out.push(await fetchUser(x));\n  release();\n}\nreturn out;'),
  fn('for (const x of ids) {\n  await fetchUser(x);\n}'),
  // Iterations that see each other
  fn('const out: User[] = [];\nfor (const x of ids) {\n  if (out.length >= 3) break;\n  out.push(await fetchUser(x));\n}\nreturn out;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  out.push(await fetchUser(out.length ? x : id));\n}\nreturn out;'),
  fn('let last = id;\nconst out: User[] = [];\nfor (const x of ids) {\n  const user = await fetchUser(last + x);\n  last = user.id;\n  out.push(user);\n}\nreturn out;'),
  fn('const byId: Record<string, User> = {};\nfor (const x of ids) {\n  byId.latest = await fetchUser(x);\n}\nreturn byId;'),
  fn('const out: User[] = [];\nfor (const x of ids) {\n  out[0] = await fetchUser(x);\n}\nreturn out;'),
  fn('let total = "";\nconst out: string[] = [];\nfor (const x of ids) {\n  total = await getPrefs(x);\n  out.push(total);\n}\nreturn out;'),
  fn('const seen = new Map<string, User>();\nfor (const x of ids) {\n  seen.set("last", await fetchUser(x));\n}\nreturn seen;'),
  fn('for (const x of ids) {\n  ids.push(await getPrefs(x));\n}'),
  // Iterables that are not finite collections (generators, queues)
  `${header}function* gen() { yield 'a'; }\nexport async function f() {\n  const out: User[] = [];\n  for (const x of gen()) out.push(await fetchUser(x));\n  return out;\n}\n`,
  // Nested loop awaits belong to the inner loop; labels and yields steer
  fn('const out: User[] = [];\nouter: for (const x of ids) {\n  for (const y of ids) {\n    if (x === y) continue outer;\n    out.push(await fetchUser(y));\n  }\n}\nreturn out;'),
  `${header}export async function* f(ids: string[]) {\n  for (const x of ids) {\n    yield await fetchUser(x);\n  }\n}\n`,
  // Loops with a connection or serial receiver
  fn('const out: User[] = [];\nfor (const x of ids) out.push(await connection.getUser(x));\nreturn out;'),
  // Loop inside finally, inside a transaction callback
  fn('const out: User[] = [];\ntry {\n  await processItem(id);\n} finally {\n  for (const x of ids) out.push(await fetchUser(x));\n}\nreturn out;'),
  // Option: a user-declared sequential verb
  { code: fn('const a = await getPrefs(id);\nconst b = await getPrefs(ids[0]!);\nreturn [a, b];').replace('return [a, b];', 'await pace();\nreturn [a, b];').replace('export async function f', 'declare function pace(): Promise<void>;\nexport async function f'), options: [{ sequentialVerbs: ['pace'] }] },
  // Option: a user-declared mutation verb overriding a read verb
  { code: fn('const a = await fetchUser(id);\nconst b = await fetchOrders(id);\nreturn [a, b];'), options: [{ mutationVerbs: ['fetch'] }] },
  // Own functions with an unknown name: judged by their body (here: they write, or start unknown work)
  `${header}const scores: number[] = [];\nasync function computeScore(id: string) { const s = (await countVisits(id)) * 2; scores.push(s); return s; }\nasync function computeRank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const a = await computeScore(id);\n  const b = await computeRank(id);\n  return a + b;\n}\n`,
  `${header}async function summarize(id: string) { await updateStats(id); return countVisits(id); }\nasync function rank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const a = await summarize(id);\n  const b = await rank(id);\n  return a + b;\n}\n`,
  `${header}async function summarize(id: string) { return (await transform(id)).length; }\nasync function rank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const a = await summarize(id);\n  const b = await rank(id);\n  return a + b;\n}\n`,
  `${header}async function summarize(id: string): Promise<number> { return summarize(id); }\nasync function rank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const a = await summarize(id);\n  const b = await rank(id);\n  return a + b;\n}\n`,
  // A "get" whose body builds its own promise (a server that listens) is not a read
  `${header}import { createServer, type AddressInfo } from 'node:net';\nconst getFreePort = async () => new Promise<number>((resolve) => {\n  const server = createServer();\n  server.listen(0, () => { const { port } = server.address() as AddressInfo; server.close(() => resolve(port)); });\n});\nexport async function f(args: string[]) {\n  const out: string[] = [];\n  for (const arg of args) out.push(arg + '=' + (await getFreePort()));\n  return out;\n}\n`,
  // A shared cache handed to each call and filled by it (bullmq's script loader)
  `${header}class Loader {\n  async loadCommand(file: string, cache: Map<string, string>) {\n    const text = await readFile(file, 'utf8');\n    cache.set(file, text);\n    return text;\n  }\n  async loadAll(files: string[]) {\n    const cache = new Map<string, string>();\n    const out: string[] = [];\n    for (let i = 0; i < files.length; i++) out.push(await this.loadCommand(files[i]!, cache));\n    return out;\n  }\n}\n`,
  `${header}async function loadInto(file: string, seen: string[]) { seen.push(file); return readFile(file, 'utf8'); }\nexport async function f() {\n  const seen: string[] = [];\n  const a = await loadInto('a', seen);\n  const b = await loadInto('b', seen);\n  return [a, b, seen];\n}\n`,
  // A "read" method that writes its receiver's state (a memo on the repository)
  `${header}class Repo { private last = ''; async getUser(id: string): Promise<User> { this.last = id; return fetchUser(id); } async getLast(): Promise<User> { return fetchUser(this.last); } }\nexport async function f(repo: Repo) {\n  const a = await repo.getUser('a');\n  const b = await repo.getLast();\n  return [a, b];\n}\n`,
  // A read whose body memoizes into outside state
  `${header}let cached: User | undefined;\nasync function getCurrentUser() { cached ??= await fetchUser('me'); return cached; }\nexport async function f() {\n  const a = await getCurrentUser();\n  const b = await getCurrentUser().then((u) => u.name);\n  const c = await getPrefs('x');\n  return [a, b, c];\n}\n`,
  // Classic for loops with a bound that is not a plain counter
  fn('const out: User[] = [];\nfor (let i = 0; i < ids.length; i += 2) out.push(await fetchUser(ids[i]!));\nreturn out;'),
  fn('const out: User[] = [];\nfor (let i = 0; i < ids.length; i++) {\n  out.push(await fetchUser(ids[i]!));\n  i += 0;\n}\nreturn out;'),
  // var loop variables are shared between iterations
  fn('const out: User[] = [];\nfor (var x of ids) out.push(await fetchUser(x));\nreturn out;'),
  // Top level with one await only
  `${header}export const value = await fetchUser('a');\n`,
];

const invalid: Invalid[] = [
  // Straight-line runs: the basic shapes
  run('const user = await fetchUser(id);\nconst orders = await fetchOrders(id);\nreturn [user, orders];',
    'const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);\nreturn [user, orders];'),
  run('const user = await fetchUser(id);\nconst orders = await fetchOrders(id);\nconst prefs = await getPrefs(id);\nreturn [user, orders, prefs];',
    'const [user, orders, prefs] = await Promise.all([fetchUser(id), fetchOrders(id), getPrefs(id)]);\nreturn [user, orders, prefs];'),
  run('let user = await fetchUser(id);\nlet orders = await fetchOrders(id);\nreturn [user, orders];',
    'let [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);\nreturn [user, orders];'),
  run('var user = await fetchUser(id);\nvar orders = await fetchOrders(id);\nreturn [user, orders];',
    'var [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);\nreturn [user, orders];'),
  run('let user: User;\nlet posts: string[];\nuser = await fetchUser(id);\nposts = await findPosts(id);\nreturn [user, posts];',
    'let user: User;\nlet posts: string[];\n[user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [user, posts];'),
  run('const { name } = await fetchUser(id);\nconst [first, second] = await findPosts(id);\nreturn [name, first, second];',
    'const [{ name }, [first, second]] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [name, first, second];'),
  run('const { name = "none" } = await fetchUser(id);\nconst posts = await findPosts(id);\nreturn [name, posts];',
    'const [{ name = "none" }, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [name, posts];'),
  run('const user: User = await fetchUser(id);\nconst posts: string[] = await findPosts(id);\nreturn [user, posts];',
    'const [user, posts]: [User, string[]] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [user, posts];'),
  run('const user: User = await fetchUser(id);\nconst visits = await countVisits(id);\nreturn [user, visits];',
    'const [user, visits]: [User, number] = await Promise.all([fetchUser(id), countVisits(id)]);\nreturn [user, visits];'),
  run('const user = await fetchUser(id);\nconst team: string = await api.getTeam(id);\nreturn [user, team];',
    'const [user, team]: [User, string] = await Promise.all([fetchUser(id), api.getTeam(id)]);\nreturn [user, team];'),
  run('const tags: string[] = await listTags();\nconst posts = await findPosts(id);\nconst config = await loadConfig();\nreturn [tags, posts, config];', null),
  run('await fetchUser(id);\nconst posts = await findPosts(id);\nreturn posts;',
    'const [, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn posts;', 2, { mergeDroppedResults: true }),
  run('const posts = await findPosts(id);\nawait fetchUser(id);\nreturn posts;',
    'const [posts] = await Promise.all([findPosts(id), fetchUser(id)]);\nreturn posts;', 2, { mergeDroppedResults: true }),
  run('await fetchUser(id);\nawait findPosts(id);',
    'await Promise.all([fetchUser(id), findPosts(id)]);', 2, { mergeDroppedResults: true }),
  run('const user = await fetchUser(id);\nawait findPosts(id);\nconst tags = await listTags();\nreturn [user, tags];',
    'const [user, , tags] = await Promise.all([fetchUser(id), findPosts(id), listTags()]);\nreturn [user, tags];', 2, { mergeDroppedResults: true }),
  run('const user: User = await fetchUser(id);\nawait listTags();\nconst posts: string[] = await findPosts(id);\nreturn [user, posts];',
    'const [user, , posts]: [User, unknown, string[]] = await Promise.all([\n  fetchUser(id),\n  listTags(),\n  findPosts(id),\n]);\nreturn [user, posts];', 2, { mergeDroppedResults: true }),
  // Mixed declaration kinds: reported, not merged
  run('const user = await fetchUser(id);\nlet posts = await findPosts(id);\nposts = posts.slice(1);\nreturn [user, posts];', null),
  run('let user: User | undefined;\nuser = await fetchUser(id);\nconst posts = await findPosts(id);\nreturn [user, posts];', null),
  // Comments travel with their calls
  run('// the user\nconst user = await fetchUser(id);\n// their posts\nconst posts = await findPosts(id);\nreturn [user, posts];',
    '// the user\nconst [user, posts] = await Promise.all([\n  fetchUser(id),\n  // their posts\n  findPosts(id),\n]);\nreturn [user, posts];'),
  run('const user = await fetchUser(id); // slow\nconst posts = await findPosts(id); /* also slow */\nreturn [user, posts];',
    'const [user, posts] = await Promise.all([\n  fetchUser(id), // slow\n  findPosts(id),\n]); /* also slow */\nreturn [user, posts];'),
  run('const user = await /* cached */ fetchUser(id);\nconst posts = await findPosts(/* all */ id);\nreturn [user, posts];',
    'const [user, posts] = await Promise.all([\n  /* cached */\n  fetchUser(id),\n  findPosts(/* all */ id),\n]);\nreturn [user, posts];'),
  // Long lines break over several lines
  run('const userWithAVeryLongName = await fetchUser(id + "-with-a-long-suffix");\nconst postsWithAVeryLongName = await findPosts(id + "-with-a-long-suffix");\nreturn [userWithAVeryLongName, postsWithAVeryLongName];',
    'const [userWithAVeryLongName, postsWithAVeryLongName] = await Promise.all([\n  fetchUser(id + "-with-a-long-suffix"),\n  findPosts(id + "-with-a-long-suffix"),\n]);\nreturn [userWithAVeryLongName, postsWithAVeryLongName];'),
  // Reads on one receiver or one module are independent
  run('const user = await api.getUser(id);\nconst team = await api.getTeam(id);\nreturn [user, team];',
    'const [user, team] = await Promise.all([api.getUser(id), api.getTeam(id)]);\nreturn [user, team];'),
  run('const a = await readFile("a.txt", "utf8");\nconst b = await readFile("b.txt", "utf8");\nreturn a + b;',
    'const [a, b] = await Promise.all([readFile("a.txt", "utf8"), readFile("b.txt", "utf8")]);\nreturn a + b;'),
  run('const a = await fsp.readFile("a.txt", "utf8");\nconst s = await fsp.stat("b.txt");\nreturn [a, s];',
    'const [a, s] = await Promise.all([fsp.readFile("a.txt", "utf8"), fsp.stat("b.txt")]);\nreturn [a, s];'),
  run('const user = await db.getUser(id);\nconst posts = await db.findPosts(id);\nreturn [user, posts];',
    'const [user, posts] = await Promise.all([db.getUser(id), db.findPosts(id)]);\nreturn [user, posts];'),
  run('const visits = await countVisits(id);\nconst tags = await listTags();\nreturn [visits, tags];',
    'const [visits, tags] = await Promise.all([countVisits(id), listTags()]);\nreturn [visits, tags];'),
  run('const r1 = await fetch("https://a.example");\nconst r2 = await fetch("https://b.example");\nreturn [r1, r2];',
    'const [r1, r2] = await Promise.all([fetch("https://a.example"), fetch("https://b.example")]);\nreturn [r1, r2];'),
  // A dependency splits the statements into two runs
  {
    ...run('const user = await fetchUser(id);\nconst orders = await fetchOrders(id);\nconst posts = await findPosts(user.name);\nconst tags = await listTags();\nreturn [orders, posts, tags];', null),
    errors: [
      { messageId: 'sequentialAwaits', line: headerLines + 3, column: 16, suggestions: [{ messageId: 'usePromiseAll', output: fn('const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);\nconst posts = await findPosts(user.name);\nconst tags = await listTags();\nreturn [orders, posts, tags];') }] },
      { messageId: 'sequentialAwaits', line: headerLines + 5, column: 14, suggestions: [{ messageId: 'usePromiseAll', output: fn('const user = await fetchUser(id);\nconst orders = await fetchOrders(id);\nconst [posts, tags] = await Promise.all([findPosts(user.name), listTags()]);\nreturn [orders, posts, tags];') }] },
    ],
  },
  // The sleep before the run is not part of it
  run('await sleep(10);\nconsole.log("go");\nconst user = await fetchUser(id);\nconst posts = await findPosts(id);\nreturn [user, posts];',
    'await sleep(10);\nconsole.log("go");\nconst [user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [user, posts];', 3),
  // A mutation before the run ends the previous stretch only
  run('await saveUser(id);\nconst user = await fetchUser(id);\nconst posts = await findPosts(id);\nreturn [user, posts];',
    'await saveUser(id);\nconst [user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\nreturn [user, posts];', 3),
  // Inside blocks, arrows, methods, loops
  run('if (id) {\n  const user = await fetchUser(id);\n  const posts = await findPosts(id);\n  return [user, posts];\n}\nreturn [];',
    'if (id) {\n  const [user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\n  return [user, posts];\n}\nreturn [];'),
  run('const load = async () => {\n  const user = await fetchUser(id);\n  const posts = await findPosts(id);\n  return [user, posts];\n};\nreturn load();',
    'const load = async () => {\n  const [user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\n  return [user, posts];\n};\nreturn load();'),
  {
    code: `${header}class Profile {\n  constructor(private readonly userId: string) {}\n  private async getUser() { return fetchUser(this.userId); }\n  private async getPosts() { return findPosts(this.userId); }\n  async load() {\n    const user = await this.getUser();\n    const posts = await this.getPosts();\n    return { user, posts };\n  }\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 7, column: 19,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}class Profile {\n  constructor(private readonly userId: string) {}\n  private async getUser() { return fetchUser(this.userId); }\n  private async getPosts() { return findPosts(this.userId); }\n  async load() {\n    const [user, posts] = await Promise.all([this.getUser(), this.getPosts()]);\n    return { user, posts };\n  }\n}\n` }],
    }],
  },
  {
    code: `${header}const a = await getPrefs('a');\nconst b = await getPrefs('b');\nexport { a, b };\n`,
    errors: [{ messageId: 'sequentialAwaits', line: headerLines + 2, column: 11, suggestions: [{ messageId: 'usePromiseAll', output: `${header}const [a, b] = await Promise.all([getPrefs('a'), getPrefs('b')]);\nexport { a, b };\n` }] }],
  },
  run('switch (id) {\n  case "a": {\n    const user = await fetchUser(id);\n    const posts = await findPosts(id);\n    return [user, posts];\n  }\n}\nreturn [];',
    'switch (id) {\n  case "a": {\n    const [user, posts] = await Promise.all([fetchUser(id), findPosts(id)]);\n    return [user, posts];\n  }\n}\nreturn [];'),
  // Closures that read only outer, unchanged bindings
  run('const user = await fetchUser(id);\nconst posts = await findPosts([id].map((x) => x.trim())[0]!);\nreturn [user, posts];',
    'const [user, posts] = await Promise.all([fetchUser(id), findPosts([id].map((x) => x.trim())[0]!)]);\nreturn [user, posts];'),
  // Generic calls without annotations keep their types
  run('const config = await getGeneric<{ port: number }>();\nconst tags = await listTags();\nreturn [config, tags];',
    'const [config, tags] = await Promise.all([getGeneric<{ port: number }>(), listTags()]);\nreturn [config, tags];'),
  // An annotation on a generic call could change inference: reported, not merged
  run('const config: { port: number } = await getGeneric();\nconst tags = await listTags();\nreturn [config, tags];', null),
  // ASI: an assignment run after a line without semicolon
  run('let a: string, b: string\nconsole.log("x")\na = await getPrefs(id)\nb = await getPrefs(ids[0]!)\nreturn [a, b]',
    'let a: string, b: string\nconsole.log("x")\n;[a, b] = await Promise.all([getPrefs(id), getPrefs(ids[0]!)])\nreturn [a, b]'),
  // User-declared read verbs
  run('const a = await probeHost("a");\nconst b = await probeHost("b");\nreturn a && b;',
    'const [a, b] = await Promise.all([probeHost("a"), probeHost("b")]);\nreturn a && b;', 2, { readVerbs: ['probe'] }),
  run('const user = await fetchUser(id);\nconst visits = await countVisits(id);\nconst same = await fetchUser(id + "x");\nreturn [user, visits, same];',
    'const [user, visits, same] = await Promise.all([\n  fetchUser(id),\n  countVisits(id),\n  fetchUser(id + "x"),\n]);\nreturn [user, visits, same];'),

  // `this` inside a called method is its receiver: a fresh builder's writes stay private
  {
    code: `${header}class Builder { private where = ''; filter(w: string) { this.where = w; return this; } async getOne(): Promise<User> { return fetchUser(this.where); } }\nclass Repo { async findOne(w: string): Promise<User> { return new Builder().filter(w).getOne(); } }\nexport async function f(repo: Repo) {\n  const a = await repo.findOne('a');\n  const b = await repo.findOne('b');\n  return [a, b];\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 5, column: 13,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}class Builder { private where = ''; filter(w: string) { this.where = w; return this; } async getOne(): Promise<User> { return fetchUser(this.where); } }\nclass Repo { async findOne(w: string): Promise<User> { return new Builder().filter(w).getOne(); } }\nexport async function f(repo: Repo) {\n  const [a, b] = await Promise.all([repo.findOne('a'), repo.findOne('b')]);\n  return [a, b];\n}\n` }],
    }],
  },
  // An HTTP client multiplexes: reads through it are independent (a database client is not)
  {
    code: `${header}declare const httpClient: { getUser(id: string): Promise<User>; getTeam(id: string): Promise<string> };\nexport async function f(id: string) {\n  const user = await httpClient.getUser(id);\n  const team = await httpClient.getTeam(id);\n  return [user, team];\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 4, column: 16,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}declare const httpClient: { getUser(id: string): Promise<User>; getTeam(id: string): Promise<string> };\nexport async function f(id: string) {\n  const [user, team] = await Promise.all([httpClient.getUser(id), httpClient.getTeam(id)]);\n  return [user, team];\n}\n` }],
    }],
  },
  // Own methods that read a fetched body (`response.json()`) are reads
  {
    code: `${header}class Market { constructor(private readonly url: string) {} async quote(s: string): Promise<number> { const r = await fetch(this.url + s); return ((await r.json()) as { price: number }).price; } }\nexport async function f(a: Market, b: Market) {\n  const x = await a.quote('X');\n  const y = await b.quote('X');\n  return Math.min(x, y);\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 4, column: 13,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}class Market { constructor(private readonly url: string) {} async quote(s: string): Promise<number> { const r = await fetch(this.url + s); return ((await r.json()) as { price: number }).price; } }\nexport async function f(a: Market, b: Market) {\n  const [x, y] = await Promise.all([a.quote('X'), b.quote('X')]);\n  return Math.min(x, y);\n}\n` }],
    }],
  },
  // A read chain: `http.get(url).json()` only reads
  {
    code: `${header}declare const http: { get(url: string): { json(): Promise<unknown> } };\nexport async function f() {\n  const a = await http.get('/a').json();\n  const b = await http.get('/b').json();\n  return [a, b];\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 4, column: 13,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}declare const http: { get(url: string): { json(): Promise<unknown> } };\nexport async function f() {\n  const [a, b] = await Promise.all([http.get('/a').json(), http.get('/b').json()]);\n  return [a, b];\n}\n` }],
    }],
  },
  // Recursive methods (a tree walk through `this.child`) are followed without blowing up
  {
    code: `${header}class Tree { child?: Tree; key = ''; async getKey(): Promise<string> { return this.child ? this.child.getKey() : getPrefs(this.key); } }\nexport async function f(tree: Tree) {\n  const a = await tree.getKey();\n  const b = await getPrefs('x');\n  return [a, b];\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 4, column: 13,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}class Tree { child?: Tree; key = ''; async getKey(): Promise<string> { return this.child ? this.child.getKey() : getPrefs(this.key); } }\nexport async function f(tree: Tree) {\n  const [a, b] = await Promise.all([tree.getKey(), getPrefs('x')]);\n  return [a, b];\n}\n` }],
    }],
  },
  // Own functions with an unknown name whose body only reads
  {
    code: `${header}async function computeScore(id: string) { const items: number[] = []; items.push(await countVisits(id)); return items[0]! * 2; }\nasync function computeRank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const a = await computeScore(id);\n  const b = await computeRank(id);\n  return a + b;\n}\n`,
    errors: [{
      messageId: 'sequentialAwaits', line: headerLines + 5, column: 13,
      suggestions: [{ messageId: 'usePromiseAll', output: `${header}async function computeScore(id: string) { const items: number[] = []; items.push(await countVisits(id)); return items[0]! * 2; }\nasync function computeRank(id: string) { return (await countVisits(id)) + 1; }\nexport async function f(id: string) {\n  const [a, b] = await Promise.all([computeScore(id), computeRank(id)]);\n  return a + b;\n}\n` }],
    }],
  },
  {
    code: `${header}const summary = async (id: string) => fetchUser(id);\nexport async function f(ids: string[]) {\n  const out: User[] = [];\n  for (const id of ids) out.push(await summary(id));\n  return out;\n}\n`,
    errors: [{
      messageId: 'sequentialLoop', line: headerLines + 4, column: 34,
      suggestions: [{ messageId: 'usePromiseAllMap', output: `${header}const summary = async (id: string) => fetchUser(id);\nexport async function f(ids: string[]) {\n  const out: User[] = await Promise.all(ids.map((id) => summary(id)));\n  return out;\n}\n` }],
    }],
  },
  // Loops: push into an array
  loop('const out: User[] = [];\nfor (const x of ids) out.push(await fetchUser(x));\nreturn out;',
    'const out: User[] = await Promise.all(ids.map((x) => fetchUser(x)));\nreturn out;'),
  loop('const out = [];\nfor (const x of ids) {\n  out.push(await fetchUser(x));\n}\nreturn out;',
    'const out = await Promise.all(ids.map((x) => fetchUser(x)));\nreturn out;'),
  loop('let out: User[] = [];\nfor (const x of ids) out.push(await fetchUser(x));\nreturn out;',
    'let out: User[] = await Promise.all(ids.map((x) => fetchUser(x)));\nreturn out;'),
  loop('const out: User[] = [await fetchUser(id)];\nfor (const x of ids) out.push(await fetchUser(x));\nreturn out;',
    'const out: User[] = [await fetchUser(id)];\nout.push(...(await Promise.all(ids.map((x) => fetchUser(x)))));\nreturn out;', 2),
  loop('const out: string[] = [];\nconsole.log("start");\nfor (const file of ids) out.push(await readFile(file, "utf8"));\nreturn out;',
    'const out: string[] = [];\nconsole.log("start");\nout.push(...(await Promise.all(ids.map((file) => readFile(file, "utf8")))));\nreturn out;'),
  loop('const out: string[][] = [];\nfor (const { id: userId } of [{ id }]) out.push(await findPosts(userId));\nreturn out;',
    'const out: string[][] = await Promise.all([{ id }].map(({ id: userId }) => findPosts(userId)));\nreturn out;'),
  loop('const out: User[] = [];\nfor (const x of new Set(ids)) out.push(await fetchUser(x));\nreturn out;',
    'const out: User[] = await Promise.all(Array.from(new Set(ids), (x) => fetchUser(x)));\nreturn out;'),
  loop('const map = new Map<string, string>();\nconst out: User[] = [];\nfor (const [key, value] of map) out.push(await fetchUser(key + value));\nreturn out;',
    'const map = new Map<string, string>();\nconst out: User[] = await Promise.all(Array.from(map, ([key, value]) => fetchUser(key + value)));\nreturn out;'),
  loop('const out: User[] = [];\nfor (const [key] of Object.entries({ a: 1 })) out.push(await fetchUser(key));\nreturn out;',
    'const out: User[] = await Promise.all(Object.entries({ a: 1 }).map(([key]) => fetchUser(key)));\nreturn out;'),
  loop('const out: User[] = [];\nfor (const x of ids.filter(Boolean)) out.push(await api.getUser(x));\nreturn out;',
    'const out: User[] = await Promise.all(ids.filter(Boolean).map((x) => api.getUser(x)));\nreturn out;'),
  loop('const out: User[] = [];\nfor (let i = 0; i < ids.length; i++) out.push(await fetchUser(ids[i]!));\nreturn out;',
    'const out: User[] = await Promise.all(Array.from({ length: ids.length }, (_, i) => fetchUser(ids[i]!)));\nreturn out;'),
  loop('const out: User[] = [];\nfor (let i = 0; i < 3; ++i) out.push(await fetchUser(String(i)));\nreturn out;',
    'const out: User[] = await Promise.all(Array.from({ length: 3 }, (_, i) => fetchUser(String(i))));\nreturn out;'),
  loop('const out: User[] = [];\nfor (let i = 1; i <= ids.length; i++) out.push(await fetchUser(ids[i - 1]!));\nreturn out;', null),
  // Loops: per-iteration slots and element members (general rewrite)
  loop('const users: User[] = [];\nfor (let i = 0; i < ids.length; i++) {\n  users[i] = await fetchUser(ids[i]!);\n}\nreturn users;',
    'const users: User[] = [];\nawait Promise.all(Array.from({ length: ids.length }, async (_, i) => {\n  users[i] = await fetchUser(ids[i]!);\n}));\nreturn users;'),
  loop('const items = ids.map((x) => ({ id: x, user: undefined as User | undefined }));\nfor (const item of items) {\n  item.user = await fetchUser(item.id);\n}\nreturn items;',
    'const items = ids.map((x) => ({ id: x, user: undefined as User | undefined }));\nawait Promise.all(items.map(async (item) => {\n  item.user = await fetchUser(item.id);\n}));\nreturn items;'),
  loop('const byId: Record<string, User> = {};\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  byId[x] = user;\n}\nreturn byId;',
    'const byId: Record<string, User> = {};\nawait Promise.all(ids.map(async (x) => {\n  const user = await fetchUser(x);\n  byId[x] = user;\n}));\nreturn byId;'),
  loop('const byId: Record<string, [User, string[]]> = {};\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  const posts = await findPosts(user.id);\n  byId[x] = [user, posts];\n}\nreturn byId;',
    'const byId: Record<string, [User, string[]]> = {};\nawait Promise.all(ids.map(async (x) => {\n  const user = await fetchUser(x);\n  const posts = await findPosts(user.id);\n  byId[x] = [user, posts];\n}));\nreturn byId;'),
  // Loops: collected in an order-sensitive way (reported, no rewrite)
  loop('const out: string[] = [];\nfor (const x of ids) {\n  const user = await fetchUser(x);\n  out.push(user.name);\n}\nreturn out;', null),
  loop('let total = 0;\nfor (const x of ids) {\n  total += await countVisits(x);\n}\nreturn total;', null),
  loop('const seen = new Set<string>();\nfor (const x of ids) {\n  seen.add((await fetchUser(x)).name);\n}\nreturn seen;', null),
  loop('const byId = new Map<string, User>();\nfor (const x of ids) {\n  byId.set(x, await fetchUser(x));\n}\nreturn byId;', null),
  loop('const out: User[] = [];\nfor (const x of ids) {\n  if (!x) continue;\n  out.push(await fetchUser(x));\n}\nreturn out;', null),
  loop('const out: string[] = [];\nfor (const x of ids) {\n  if (await probeHost(x)) out.push(x);\n}\nreturn out;', null, 1, { readVerbs: ['probe'] }),
  // Option maxConcurrency: point at a limiter, no Promise.all rewrite
  loop('const out: User[] = [];\nfor (const x of ids) out.push(await fetchUser(x));\nreturn out;', null, 1, { maxConcurrency: 4 }, 'sequentialLoopLimited'),
  loop('const users: User[] = [];\nfor (let i = 0; i < ids.length; i++) {\n  users[i] = await fetchUser(ids[i]!);\n}\nreturn users;', null, 1, { maxConcurrency: 2 }, 'sequentialLoopLimited'),
  // Nested loops: the inner loop is reported
  loop('const out: User[] = [];\nfor (const x of ids) {\n  console.log(x);\n  for (const y of ids) out.push(await fetchUser(x + y));\n}\nreturn out;',
    'const out: User[] = [];\nfor (const x of ids) {\n  console.log(x);\n  out.push(...(await Promise.all(ids.map((y) => fetchUser(x + y)))));\n}\nreturn out;'),
  // A loop with a break that belongs to an inner switch
  loop('const out: User[] = [];\nfor (const x of ids) {\n  switch (x) {\n    case "a":\n      break;\n  }\n  out.push(await fetchUser(x));\n}\nreturn out;', null),
];

createTypedRuleTester().run('no-sequential-await', noSequentialAwait, { valid, invalid });

export const counts = { valid: valid.length, invalid: invalid.length };
