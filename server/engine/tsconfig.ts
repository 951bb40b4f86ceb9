/**
 * Finding and reading tsconfig files. A tsconfig that cannot be used is a ConfigError that names
 * the file, line and column, so every surface can say exactly what to fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface ParsedTsconfig {
  readonly configPath: string;
  readonly options: ts.CompilerOptions;
  readonly fileNames: readonly string[];
  readonly projectReferences: readonly ts.ProjectReference[];
}

/**
 * Nearest `tsconfig.json` in `directory` or above it. `lookups` remembers the answers per folder
 * for one walk over many files (a run's targets); it must not outlive the walk (tsconfigs appear).
 */
export function findNearestTsconfig(directory: string, lookups?: Map<string, string | undefined>): string | undefined {
  const start = path.resolve(directory);
  if (lookups?.has(start)) return lookups.get(start);
  const candidate = path.join(start, 'tsconfig.json');
  const found = fs.existsSync(candidate) ? candidate : path.dirname(start) === start ? undefined : findNearestTsconfig(path.dirname(start), lookups);
  lookups?.set(start, found);
  return found;
}

// The options TypeScript 6 deprecates still work with ignoreDeprecations; projects built with
// TypeScript 5 use them freely, and their configuration is not broken for us.
const TOLERATED_CODES = new Set([5101, 5107, 18003]);

export function loadTsconfig(configPath: string): ParsedTsconfig {
  const absolute = path.resolve(configPath);
  if (!fs.existsSync(absolute)) throw new ConfigError('tsconfig file not found', absolute, 1, 1);
  const jsonFile = ts.readJsonConfigFile(absolute, (file) => ts.sys.readFile(file));
  const parseErrors = (jsonFile as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (parseErrors.length > 0) throw toConfigError(parseErrors[0] as ts.Diagnostic, absolute);

  const parsed = ts.parseJsonSourceFileConfigFileContent(jsonFile, ts.sys, path.dirname(absolute), undefined, absolute);
  const fatal = parsed.errors.find((d) => d.category === ts.DiagnosticCategory.Error && !TOLERATED_CODES.has(d.code));
  if (fatal) throw toConfigError(fatal, absolute, jsonFile);

  return {
    configPath: absolute,
    options: withProjectDefaults(parsed.options, path.dirname(absolute)),
    fileNames: parsed.fileNames.map((f) => path.resolve(f)),
    projectReferences: parsed.projectReferences ?? [],
  };
}

/** Compiler options for files that belong to no tsconfig. */
export function inferredProjectOptions(directory: string): ts.CompilerOptions {
  return withProjectDefaults(
    {
      allowJs: true,
      checkJs: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      jsx: ts.JsxEmit.Preserve,
    },
    directory,
  );
}

/**
 * TypeScript 6 changed defaults that decide what the checker sees (`types` is `[]`, `strict` is on).
 * A project that builds with TypeScript 5 relies on the old ones, and precision depends on seeing its
 * types as its own compiler does, so unset options get the defaults of the TypeScript it installs.
 */
function withProjectDefaults(options: ts.CompilerOptions, directory: string): ts.CompilerOptions {
  const result: ts.CompilerOptions = { ...options, noEmit: true, ignoreDeprecations: options.ignoreDeprecations ?? '6.0' };
  if (installedTypeScriptMajor(directory) < 6) {
    if (result.types === undefined) result.types = ['*'];
    if (result.strict === undefined) result.strict = false;
  }
  return result;
}

function installedTypeScriptMajor(directory: string): number {
  try {
    const manifest = require.resolve('typescript/package.json', { paths: [directory] });
    // Our own copy answers when the project has none: no evidence of an older compiler.
    if (manifest === ownTypeScriptManifest()) return legacyUnlessTypesDeclared(directory);
    const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '6';
    return Number.parseInt(version, 10);
  } catch {
    return legacyUnlessTypesDeclared(directory);
  }
}

/**
 * Our TypeScript's package.json, or undefined in the VS Code extension, whose server bundle holds
 * TypeScript inside (no package.json to resolve): there, any TypeScript found is the project's.
 */
function ownTypeScriptManifest(): string | undefined {
  try {
    return require.resolve('typescript/package.json');
  } catch {
    return undefined;
  }
}

/** No compiler of its own (or ours): a project with `@types` packages expects them loaded, as TS 5 did. */
function legacyUnlessTypesDeclared(directory: string): number {
  return fs.existsSync(path.join(directory, 'node_modules', '@types')) ? 5 : 6;
}

function toConfigError(diagnostic: ts.Diagnostic, fallbackFile: string, jsonFile?: ts.TsConfigSourceFile): ConfigError {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return new ConfigError(message, path.resolve(diagnostic.file.fileName), line + 1, character + 1);
  }
  // Some errors (an `extends` that cannot be read) come without a position: point at the string
  // in the tsconfig that names the file the message is about.
  const named = jsonFile ? stringNamingFileIn(jsonFile, message) : undefined;
  if (jsonFile && named) {
    const { line, character } = jsonFile.getLineAndCharacterOfPosition(named.getStart(jsonFile));
    return new ConfigError(message, fallbackFile, line + 1, character + 1);
  }
  return new ConfigError(message, fallbackFile, 1, 1);
}

function stringNamingFileIn(jsonFile: ts.TsConfigSourceFile, message: string): ts.StringLiteral | undefined {
  let found: ts.StringLiteral | undefined;
  // JSON source files carry no parent pointers: track whether a string is a value while walking.
  const visit = (node: ts.Node, isValue: boolean): void => {
    if (found) return;
    if (ts.isStringLiteral(node)) {
      if (isValue && node.text.length > 0 && message.includes(`${path.sep}${path.basename(node.text)}'`)) found = node;
      return;
    }
    if (ts.isPropertyAssignment(node)) {
      visit(node.initializer, true);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, ts.isArrayLiteralExpression(node)));
  };
  visit(jsonFile, false);
  return found;
}

/** Compiler options as comparable text (TypeScript keeps the parsed tsconfig file object in them). */
export function compilerOptionsText(options: ts.CompilerOptions): string {
  return JSON.stringify(options, (key, value: unknown) => (key === 'configFile' ? undefined : value));
}

/**
 * The packages a project at `rootDir` resolves: the nearest `node_modules` folder (npm, yarn and
 * pnpm add, remove and replace packages by renaming folders in it) and the lockfiles beside it.
 */
export function installedPackagesStamp(rootDir: string): string {
  for (let dir = rootDir; ; dir = path.dirname(dir)) {
    const modules = fs.statSync(path.join(dir, 'node_modules'), { throwIfNoEntry: false });
    if (modules?.isDirectory() === true) {
      const locks = ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'].map((name) => fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? '-');
      return `${dir}:${modules.mtimeMs}:${locks.join(':')}`;
    }
    if (path.dirname(dir) === dir) return '';
  }
}
