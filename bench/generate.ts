/**
 * Generates a realistic synthetic TypeScript service project for the benchmarks: N modules in
 * layers (clients → repositories → services → handlers), each importing a few modules of the layers
 * below and calling them with async I/O, with a controlled density of each pitfall and correct
 * patterns beside them. Deterministic for a given size and seed; `expected.json` records how many
 * instances of each pitfall were planted, so the findings of each tool can be checked against it.
 *
 *   node dist/bench/generate.js --files 1000 --out /tmp/synthetic-1000 [--seed 1] [--density 0.25]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from './seeded-random.js';

export interface GenerateOptions {
  readonly files: number;
  readonly out: string;
  readonly seed?: number;
  /** Probability that a module carries each pitfall (one instance per pitfall kind). */
  readonly density?: number;
  /** node_modules to link into the project (for @types/node); the repository's by default. */
  readonly nodeModules?: string;
}

/** Pitfall kinds planted, keyed by what each tool calls them. */
export interface PlantedCounts {
  floating: number;
  misusedCallback: number;
  blocking: number;
  sequentialStraight: number;
  sequentialLoop: number;
}

const LAYERS = ['clients', 'repositories', 'services', 'handlers'] as const;
const ROLE = { clients: 'Api', repositories: 'Repository', services: 'Service', handlers: 'Handler' } as const;
const NOUNS = ['order', 'account', 'invoice', 'market', 'quote', 'user', 'catalog', 'payment', 'summary', 'ledger', 'stock', 'price', 'audit', 'shipment', 'coupon', 'review'];

interface Module {
  readonly index: number;
  readonly layer: (typeof LAYERS)[number];
  readonly name: string;
  readonly noun: string;
  readonly file: string;
  readonly imports: Module[];
}

export function generateProject(options: GenerateOptions): PlantedCounts {
  const rand = seededRandom(options.seed ?? 1);
  const density = options.density ?? 0.25;
  const root = path.resolve(options.out);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });

  const modules: Module[] = [];
  for (let index = 0; index < options.files; index++) {
    // 10 % clients, 30 % repositories, 40 % services, 20 % handlers.
    const share = index / options.files;
    const layer = share < 0.1 ? 'clients' : share < 0.4 ? 'repositories' : share < 0.8 ? 'services' : 'handlers';
    const noun = NOUNS[index % NOUNS.length] as string;
    const name = `${noun}${ROLE[layer]}${index}`;
    const folder = `${layer}/${noun}`;
    const below = modules.filter((m) => LAYERS.indexOf(m.layer) < LAYERS.indexOf(layer));
    const imports: Module[] = [];
    const wanted = layer === 'clients' ? Math.min(modules.length, 1) : 2 + Math.floor(rand() * 3);
    const pool = below.length > 0 ? below : modules;
    for (let k = 0; k < wanted && pool.length > 0; k++) {
      // Prefer recent modules of the layer just below (locality), sometimes anything lower.
      const pick = rand() < 0.7 ? pool[Math.max(0, pool.length - 1 - Math.floor(rand() * Math.min(pool.length, 40)))] : pool[Math.floor(rand() * pool.length)];
      if (pick && !imports.includes(pick)) imports.push(pick);
    }
    modules.push({ index, layer, name, noun, file: `src/${folder}/${name}.ts`, imports });
  }

  const planted: PlantedCounts = { floating: 0, misusedCallback: 0, blocking: 0, sequentialStraight: 0, sequentialLoop: 0 };
  for (const module of modules) {
    const text = moduleText(module, rand, density, planted);
    const file = path.join(root, module.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(path.join(root, 'src', 'index.ts'), indexText(modules));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2023'], types: ['node'],
      strict: true, noEmit: true, skipLibCheck: true,
    },
    include: ['src'],
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: `synthetic-${options.files}`, private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'expected.json'), `${JSON.stringify({ files: options.files + 1, seed: options.seed ?? 1, density, planted }, null, 2)}\n`);
  const nodeModules = options.nodeModules ?? path.resolve(__dirname, '..', '..', 'node_modules');
  fs.symlinkSync(nodeModules, path.join(root, 'node_modules'), 'dir');
  return planted;
}

function moduleText(module: Module, rand: () => number, density: number, planted: PlantedCounts): string {
  const type = capitalize(module.noun);
  const lines: string[] = [];
  lines.push(`// ${module.layer}: ${module.name} (generated for the async-pitfalls benchmarks)`);
  const usesFs = module.layer === 'clients' || rand() < density;
  const plantBlocking = module.layer !== 'clients' && usesFs;
  if (module.layer === 'clients') {
    lines.push(`import { readFile, writeFile } from 'node:fs/promises';`);
    lines.push(`import { setTimeout as delay } from 'node:timers/promises';`);
  } else if (plantBlocking) {
    lines.push(`import { readFileSync } from 'node:fs';`);
  }
  for (const dependency of module.imports) {
    lines.push(`import * as ${dependency.name} from '${relativeImport(module.file, dependency.file)}';`);
  }
  lines.push('');
  lines.push(`export interface ${type}${module.index} {`);
  lines.push('  readonly id: string;');
  lines.push('  readonly version: number;');
  lines.push('  readonly tags: readonly string[];');
  lines.push('  readonly total: number;');
  lines.push('}');
  lines.push('');
  const record = `${type}${module.index}`;

  if (module.layer === 'clients') {
    lines.push(`const store = new Map<string, ${record}>();`);
    lines.push('');
    lines.push(`export async function fetchOne(id: string): Promise<${record}> {`);
    lines.push('  const cached = store.get(id);');
    lines.push('  if (cached) return cached;');
    lines.push(`  const raw = await readFile(\`/var/data/${module.noun}/\${id}.json\`, 'utf8');`);
    lines.push(`  return JSON.parse(raw) as ${record};`);
    lines.push('}');
    lines.push('');
    lines.push(`export async function save(item: ${record}): Promise<void> {`);
    lines.push('  store.set(item.id, item);');
    lines.push(`  await writeFile(\`/var/data/${module.noun}/\${item.id}.json\`, JSON.stringify(item));`);
    lines.push('}');
    lines.push('');
    lines.push('export async function list(prefix: string): Promise<string[]> {');
    lines.push('  await delay(1);');
    lines.push('  return [...store.keys()].filter((key) => key.startsWith(prefix));');
    lines.push('}');
    lines.push('');
    lines.push('export function sizeOf(): number {');
    lines.push('  return store.size;');
    lines.push('}');
    return `${lines.join('\n')}\n`;
  }

  const [first, second, third] = module.imports;
  // Every non-client module exports the same four functions, so callers do not need to know the layer.
  lines.push(`export async function fetchOne(id: string): Promise<${record}> {`);
  if (first && second && rand() < density) {
    planted.sequentialStraight++;
    lines.push(`  const a = await ${first.name}.fetchOne(id);`);
    lines.push(`  const b = await ${second.name}.fetchOne(id);`);
    lines.push('  return { id, version: a.version + b.version, tags: [...a.tags, ...b.tags], total: a.total + b.total };');
  } else if (first && second) {
    // Correct: the two reads run together.
    lines.push(`  const [a, b] = await Promise.all([${first.name}.fetchOne(id), ${second.name}.fetchOne(id)]);`);
    lines.push('  return { id, version: a.version + b.version, tags: [...a.tags, ...b.tags], total: a.total + b.total };');
  } else if (first) {
    lines.push(`  const a = await ${first.name}.fetchOne(id);`);
    lines.push('  return { id, version: a.version, tags: a.tags, total: a.total };');
  } else {
    lines.push('  return { id, version: 1, tags: [], total: 0 };');
  }
  lines.push('}');
  lines.push('');

  lines.push(`export async function save(item: ${record}): Promise<void> {`);
  if (plantBlocking) {
    planted.blocking++;
    lines.push(`  const limits = JSON.parse(readFileSync('/etc/${module.noun}/limits.json', 'utf8')) as { maxTotal: number };`);
    lines.push('  if (item.total > limits.maxTotal) throw new Error(`total ${item.total} is over the limit`);');
  }
  if (first && rand() < density) {
    planted.floating++;
    lines.push(`  ${first.name}.save({ ...item, version: item.version + 1 });`);
  } else if (first) {
    lines.push(`  await ${first.name}.save({ ...item, version: item.version + 1 });`);
  }
  if (second) {
    // Correct: a deliberate fire-and-forget that says so, and a chained rejection handler.
    lines.push(`  void ${second.name}.list(item.id).then((keys) => keys.length);`);
    lines.push(`  ${second.name}.save(item).catch((error: unknown) => console.error('mirror failed', error));`);
  }
  lines.push('}');
  lines.push('');

  lines.push('export async function list(prefix: string): Promise<string[]> {');
  if (first) {
    lines.push(`  const keys = await ${first.name}.list(prefix);`);
    lines.push(`  const found: ${record}[] = [];`);
    if (rand() < density) {
      planted.sequentialLoop++;
      lines.push('  for (const key of keys) {');
      lines.push('    found.push(await fetchOne(key));');
      lines.push('  }');
    } else {
      lines.push('  // Correct: each page needs the cursor of the previous one.');
      lines.push('  let cursor = 0;');
      lines.push('  while (cursor < keys.length) {');
      lines.push('    const page = await fetchOne(keys[cursor] ?? prefix);');
      lines.push('    found.push(page);');
      lines.push('    cursor += page.version > 0 ? page.version : 1;');
      lines.push('  }');
    }
    lines.push('  return found.map((item) => item.id);');
  } else {
    lines.push('  return [prefix];');
  }
  lines.push('}');
  lines.push('');

  lines.push(`export async function refresh(ids: readonly string[]): Promise<number> {`);
  if (rand() < density) {
    planted.misusedCallback++;
    lines.push('  ids.forEach(async (id) => {');
    lines.push('    await save(await fetchOne(id));');
    lines.push('  });');
  } else {
    lines.push('  await Promise.all(ids.map(async (id) => save(await fetchOne(id))));');
  }
  if (third) lines.push(`  const counts = await Promise.all(ids.map((id) => ${third.name}.list(id)));`);
  else lines.push('  const counts = [ids];');
  lines.push('  return counts.reduce((sum, keys) => sum + keys.length, 0);');
  lines.push('}');
  lines.push('');

  lines.push('export function sizeOf(): number {');
  lines.push(`  return ${module.imports.map((m) => `${m.name}.sizeOf()`).join(' + ') || '0'};`);
  lines.push('}');
  if (module.layer === 'handlers') {
    lines.push('');
    lines.push('export async function handle(request: { readonly ids: readonly string[] }): Promise<{ status: number; body: string }> {');
    lines.push('  try {');
    lines.push('    const count = await refresh(request.ids);');
    lines.push('    return { status: 200, body: String(count) };');
    lines.push('  } catch (error) {');
    lines.push('    return { status: 500, body: String(error) };');
    lines.push('  }');
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

function indexText(modules: readonly Module[]): string {
  const handlers = modules.filter((m) => m.layer === 'handlers').slice(0, 20);
  const lines = handlers.map((m) => `import * as ${m.name} from '${relativeImport('src/index.ts', m.file)}';`);
  lines.push('');
  lines.push('export async function main(ids: readonly string[]): Promise<number> {');
  lines.push(`  const results = await Promise.all([${handlers.map((m) => `${m.name}.handle({ ids })`).join(', ')}]);`);
  lines.push('  return results.filter((r) => r.status === 200).length;');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function relativeImport(fromFile: string, toFile: string): string {
  let relative = path.posix.relative(path.posix.dirname(fromFile), toFile).replace(/\.ts$/u, '.js');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return relative;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const files = Number(get('files') ?? 100);
  const out = get('out') ?? path.resolve(`synthetic-${files}`);
  const planted = generateProject({ files, out, seed: Number(get('seed') ?? 1), density: Number(get('density') ?? 0.25) });
  process.stdout.write(`${out}: ${files + 1} files, planted ${JSON.stringify(planted)}\n`);
}
