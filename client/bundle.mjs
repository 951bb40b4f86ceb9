// Bundles the VS Code extension into out/: the client (out/extension.js, `vscode` external) and the
// language server (out/server.js, TypeScript and every other dependency inside), plus the
// TypeScript default library files the server's language service loads from beside its own code.
// The .vsix then runs from these files alone (no node_modules).
//
// Usage: node client/bundle.mjs [--dev]   (--dev: no minification, with source maps)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out');
const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whitespace and syntax only: identifiers stay readable in stack traces users paste into issues.
  minifyWhitespace: !dev,
  minifySyntax: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

/**
 * `@typescript-eslint/utils`' index eagerly requires its `TSESLint` namespace, which requires all of
 * ESLint. The rules only use `ESLintUtils` (RuleCreator, applyDefault) and types at run time, so
 * the server bundle gets an index without `TSESLint`: ESLint stays out of the .vsix (the server
 * never runs ESLint itself).
 */
const typescriptEslintUtilsWithoutEslint = {
  name: 'typescript-eslint-utils-without-eslint',
  setup(build) {
    build.onResolve({ filter: /^@typescript-eslint\/utils$/ }, () => ({ path: 'index', namespace: 'ts-eslint-utils' }));
    build.onLoad({ filter: /.*/, namespace: 'ts-eslint-utils' }, () => {
      const dist = path.join(path.dirname(require.resolve('@typescript-eslint/utils/package.json')), 'dist');
      const at = (file) => JSON.stringify(path.join(dist, file));
      return {
        loader: 'js',
        resolveDir: dist,
        contents: `
          exports.ASTUtils = require(${at('ast-utils/index.js')});
          exports.ESLintUtils = require(${at('eslint-utils/index.js')});
          exports.JSONSchema = require(${at('json-schema.js')});
          exports.TSUtils = require(${at('ts-utils/index.js')});
          Object.assign(exports, require(${at('ts-estree.js')}));
          Object.defineProperty(exports, 'TSESLint', {
            get() { throw new Error('TSESLint (ESLint itself) is not part of the bundled language server.'); },
          });`,
      };
    });
  },
};

/** The server reads its version from package.json (`../../../package.json` from dist/server/lsp/). */
const packageVersion = {
  name: 'package-version',
  setup(build) {
    build.onResolve({ filter: /(^|\/)package\.json$/ }, (args) =>
      args.path.startsWith('.') && !path.resolve(args.resolveDir, args.path).startsWith(root + path.sep) ? { path: 'package.json', namespace: 'package-version' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'package-version' }, () => {
      const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
      return { loader: 'json', contents: JSON.stringify({ name, version }) };
    });
  },
};

const started = Date.now();
fs.rmSync(outDir, { recursive: true, force: true });
const results = await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'out/extension.js', external: ['vscode'] }),
  esbuild.build({
    ...common,
    entryPoints: ['server/lsp/main.ts'],
    outfile: 'out/server.js',
    // The server runs the workspace's own ESLint (to read its flat config), never a bundled one.
    external: ['eslint'],
    plugins: [typescriptEslintUtilsWithoutEslint, packageVersion],
  }),
]);

// TypeScript finds lib.*.d.ts next to its own file (ts.getDefaultLibFilePath): in the bundle, out/.
const tsLib = path.join(root, 'node_modules', 'typescript', 'lib');
let libCount = 0;
for (const name of fs.readdirSync(tsLib)) {
  if (/^lib\..*\.d\.ts$/.test(name)) {
    fs.copyFileSync(path.join(tsLib, name), path.join(outDir, name));
    libCount++;
  }
}

for (const result of results) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) console.log(`${file}: ${(info.bytes / 1024).toFixed(0)} KiB`);
  }
}
console.log(`out/: ${libCount} TypeScript lib files; bundled in ${Date.now() - started} ms`);
