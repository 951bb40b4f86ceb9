/**
 * A regression found by the edit fuzzer (seed 7, markets.ts at version 528): TypeScript 6.0's
 * incremental parser fails an internal assertion for this edit ("Debug Failure. Expected 1638 >=
 * 1698" in adjustIntersectingElement) although the change range is right, and leaves the old tree
 * half adjusted, so every later check of the file saw a broken tree. The project now parses its
 * buffers from scratch when that happens.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Project } from '../../server/engine/project.js';

const data = path.resolve(__dirname, '..', '..', '..', 'test', 'stress', 'data');

describe('engine: an edit TypeScript cannot reparse incrementally', () => {
  it('gives the same tree as a full parse instead of throwing', () => {
    const before = fs.readFileSync(path.join(data, 'incremental-parse-assertion.before.txt'), 'utf8');
    const after = fs.readFileSync(path.join(data, 'incremental-parse-assertion.after.txt'), 'utf8');
    const change = ts.createTextChangeRange(ts.createTextSpan(1238, 555), 400);
    assert.equal(before.slice(0, 1238) + after.slice(1238, 1638) + before.slice(1793), after, 'the change range is right');
    const options = ts.getDefaultCompilerOptions();
    const old = ts.createLanguageServiceSourceFile('/x.ts', ts.ScriptSnapshot.fromString(before), ts.ScriptTarget.ES2022, '1', true);
    assert.throws(() => ts.updateLanguageServiceSourceFile(old, ts.ScriptSnapshot.fromString(after), '2', change), /Debug Failure/u, 'still a TypeScript bug (remove the workaround when this fails)');

    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'ap-incremental-'));
    const file = path.join(dir, 'markets.ts');
    fs.writeFileSync(file, before);
    const project = new Project({ configPath: undefined, rootDir: dir, options: { ...options, noLib: true, target: ts.ScriptTarget.ES2022 }, fileNames: [file] });
    try {
      project.setOverlay(file, before, 1);
      project.getProgram();
      project.setOverlay(file, after, 2, change);
      const sourceFile = project.getProgram().getSourceFile(file);
      const full = ts.createSourceFile(file, after, ts.ScriptTarget.ES2022, true);
      assert.equal(sourceFile?.text, after);
      const shape = (node: ts.Node): string => `${ts.SyntaxKind[node.kind]}@${node.pos}-${node.end}(${node.getChildren().map(shape).join(',')})`;
      assert.equal(shape(sourceFile as ts.SourceFile), shape(full));
    } finally {
      project.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
