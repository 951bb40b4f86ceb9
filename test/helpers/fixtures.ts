/**
 * The shared fixture checker. A fixture is a small real project (`fixtures/<name>/tsconfig.json`
 * plus sources). For every source file it checks, through the engine:
 * - the findings are exactly the ones written on their lines as `// expect: <rule>[, <rule>…]`;
 * - every fix and suggestion, applied, parses, adds no type error anywhere in the project, and
 *   leaves fewer findings of its rule in the file;
 * - fix-all (what `--fix` does) gives exactly `<file>.fixed` beside the input, when the file has fixes.
 * Rules: every registered rule at `error`, unless `fixture.json` beside the tsconfig says
 * `{ "rules": { … } }`. `UPDATE_FIXTURES=1` writes missing/changed `.fixed` files (review them!).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { allRules } from '../../rules/registry.js';
import { applyEdits } from '../../server/engine/apply-edits.js';
import { Engine } from '../../server/engine/engine.js';
import { readSourceText } from '../../server/engine/source-text.js';
import { fixAll } from '../../server/engine/fix-all.js';
import type { LintMessage } from '../../server/engine/lint-message.js';
import type { Project } from '../../server/engine/project.js';
import type { RuleSettings } from '../../server/engine/rule-config.js';
import type { AsyncPitfallsRule } from '../../rules/create-rule.js';

export const fixturesRoot = path.resolve(__dirname, '..', '..', '..', 'fixtures');

const EXPECT_COMMENT = /\/\/\s*expect:\s*([\w@/,\s-]+?)\s*$/u;

export interface FixtureOptions {
  readonly rules?: readonly AsyncPitfallsRule[];
  readonly ruleSettings?: RuleSettings;
}

/** Expected rule names per 1-based line, from `// expect:` comments. */
export function expectedFindings(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split(/\r\n|\r|\n/u).forEach((line, index) => {
    const match = EXPECT_COMMENT.exec(line);
    if (!match) return;
    const names = (match[1] as string).split(',').map((n) => n.trim().replace(/^async-pitfalls\//u, '')).filter(Boolean);
    expected.set(index + 1, names.sort());
  });
  return expected;
}

export function actualFindings(messages: readonly LintMessage[]): Map<number, string[]> {
  const actual = new Map<number, string[]>();
  for (const message of messages) {
    const name = message.ruleId === null ? `<file problem: ${message.message}>` : message.ruleId.replace(/^async-pitfalls\//u, '');
    actual.set(message.line, [...(actual.get(message.line) ?? []), name].sort());
  }
  return actual;
}

export function fixtureSettings(fixtureDir: string, rules: readonly AsyncPitfallsRule[]): RuleSettings {
  const configFile = path.join(fixtureDir, 'fixture.json');
  if (fs.existsSync(configFile)) return (JSON.parse(fs.readFileSync(configFile, 'utf8')) as { rules: RuleSettings }).rules;
  return Object.fromEntries(rules.map((rule) => [rule.name, 'error']));
}

/** Type errors of the whole project as a multiset of "file: TScode message" (positions move with edits). */
export function projectErrors(project: Project): Map<string, number> {
  const program = project.getProgram();
  const errors = new Map<string, number>();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || sourceFile.fileName.includes('/node_modules/')) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const key = `${path.basename(sourceFile.fileName)}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  return errors;
}

export function newErrors(before: Map<string, number>, after: Map<string, number>): string[] {
  const added: string[] = [];
  for (const [key, count] of after) if (count > (before.get(key) ?? 0)) added.push(key);
  return added;
}

export function fixtureSourceFiles(project: Project, fixtureDir: string): string[] {
  return project
    .rootFileNames()
    .filter((f) => f.startsWith(fixtureDir + path.sep) && !f.endsWith('.d.ts') && !f.includes(`${path.sep}node_modules${path.sep}`))
    .sort();
}

/** Declares the mocha tests of one fixture project. */
export function describeFixtureProject(fixtureName: string, options: FixtureOptions = {}): void {
  const fixtureDir = path.join(fixturesRoot, fixtureName);
  const rules = options.rules ?? allRules;
  const engine = new Engine({ rules, ruleSettings: options.ruleSettings ?? fixtureSettings(fixtureDir, rules) });
  const project = engine.configuredProject(path.join(fixtureDir, 'tsconfig.json'));
  const files = fixtureSourceFiles(project, fixtureDir);
  let overlayVersion = 1;

  describe(`fixture ${fixtureName}`, () => {
    after(() => engine.dispose());

    it('has source files', () => assert.ok(files.length > 0, `no source files in ${fixtureDir}`));

    for (const file of files) {
      const relative = path.relative(fixturesRoot, file);

      it(`${relative}: reports exactly the findings marked "// expect:"`, () => {
        const result = engine.lintFile(file, project);
        const text = result.text ?? '';
        assert.deepEqual(
          Object.fromEntries(actualFindings(result.messages)),
          Object.fromEntries(expectedFindings(text)),
          `findings by line differ in ${relative}:\n${result.messages.map((m) => `  ${m.line}:${m.column} ${m.ruleId} ${m.message}`).join('\n')}`,
        );
      });

      it(`${relative}: every fix and suggestion type-checks and removes its finding`, () => {
        const original = readSourceText(file).text;
        const messages = engine.lintFile(file, project).messages;
        const baseline = projectErrors(project);
        try {
          for (const message of messages) {
            const proposals = [
              ...(message.fixEdits ? [{ title: 'fix', edits: message.fixEdits }] : []),
              ...(message.suggestions ?? []).map((s) => ({ title: `suggestion "${s.desc}"`, edits: s.edits })),
            ];
            const before = messages.filter((m) => m.ruleId === message.ruleId).length;
            for (const proposal of proposals) {
              const fixed = applyEdits(original, proposal.edits);
              project.setOverlay(file, fixed, overlayVersion++);
              const where = `${relative}:${message.line}:${message.column} ${message.ruleId} ${proposal.title}`;
              const added = newErrors(baseline, projectErrors(project));
              assert.deepEqual(added, [], `${where} introduces type errors:\n${added.join('\n')}\n--- result ---\n${fixed}`);
              const after = engine.analyse(project, file).filter((m) => m.ruleId === message.ruleId).length;
              assert.ok(after < before, `${where} leaves the finding in place (${before} → ${after})\n--- result ---\n${fixed}`);
              project.removeOverlay(file);
            }
          }
        } finally {
          project.removeOverlay(file);
        }
      });

      it(`${relative}: fix-all gives the expected ".fixed" output`, () => {
        const original = readSourceText(file).text;
        const expectedFile = `${file}.fixed`;
        const result = fixAll(engine, project, file, original, overlayVersion);
        overlayVersion += 20;
        project.removeOverlay(file);
        if (result.fixCount === 0) {
          assert.ok(!fs.existsSync(expectedFile), `${relative}.fixed exists but no fix applies`);
          return;
        }
        if (process.env.UPDATE_FIXTURES === '1') fs.writeFileSync(expectedFile, result.text);
        assert.ok(fs.existsSync(expectedFile), `${relative} has safe fixes: write the expected output to ${relative}.fixed (UPDATE_FIXTURES=1)`);
        assert.equal(result.text, fs.readFileSync(expectedFile, 'utf8'));
      });
    }
  });
}
