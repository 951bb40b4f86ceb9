// Packages the VS Code extension: `async-pitfalls-<version>.vsix` in the repository root.
//
// vsce refuses a package.json with a `files` list (ours is for the npm package) next to a
// .vscodeignore, so the .vsix is made from a staging folder: the bundles from out/ (run
// `npm run bundle` first), the icon, README/CHANGELOG/LICENSE, the README's screenshots, the
// repository's .vscodeignore (the whitelist of what may go in) and an extension manifest, which is
// package.json without what only the npm package needs.
//
// Usage: node client/package.mjs [--ls]   (--ls: print what the .vsix would hold, make nothing)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const listOnly = process.argv.includes('--ls');

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const npmOnly of ['files', 'exports', 'types', 'bin', 'scripts', 'dependencies', 'devDependencies', 'peerDependencies', 'peerDependenciesMeta']) {
  delete manifest[npmOnly];
}

for (const required of ['out/extension.js', 'out/server.js', 'out/lib.es5.d.ts']) {
  if (!fs.existsSync(path.join(root, required))) {
    console.error(`${required} is missing: run \`npm run bundle\` first.`);
    process.exit(1);
  }
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-vsix-'));
try {
  const copy = (relative) => {
    const from = path.join(root, relative);
    if (!fs.existsSync(from)) return;
    fs.mkdirSync(path.dirname(path.join(stage, relative)), { recursive: true });
    fs.cpSync(from, path.join(stage, relative), { recursive: true });
  };
  for (const relative of ['out', 'images/icon.png', 'docs/images', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) copy(relative);
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  // README links stay relative: the screenshots ship inside the .vsix (docs/images/).
  const args = listOnly
    ? ['ls', '--no-dependencies']
    : ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix];
  execFileSync(process.execPath, [vsce, ...args], { cwd: stage, stdio: 'inherit' });
  if (!listOnly) console.log(`${path.relative(root, vsix)}: ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MiB`);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
