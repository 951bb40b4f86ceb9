/**
 * The server analyses on every edit, so disable directives are found by visiting only the places
 * where `eslint-` occurs. This checks that fast path against the full-tree walk on real files and
 * on the awkward places a comment-like text can hide (strings, templates, regular expressions, JSX).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { allComments, commentsContaining } from '../../server/engine/disable-directives.js';

const repoRoot = path.resolve(__dirname, '../../..');

function both(text: string, fileName: string): [string[], string[]] {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const reference = allComments(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind))
    .filter((range) => text.slice(range.pos, range.end).includes('eslint-'))
    .map((range) => text.slice(range.pos, range.end));
  const fast = commentsContaining(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind), 'eslint-').map((range) => text.slice(range.pos, range.end));
  return [fast, reference];
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.[cm]?[jt]sx?$/u.test(entry.name) ? [full] : [];
  });
}

describe('disable directives: comments found where eslint- occurs', function () {
  it('equal the full-tree walk on tricky snippets', function () {
    const snippets: [string, string][] = [
      ['a.ts', '/* eslint-disable */\nconst a = 1;'],
      ['b.ts', '// eslint-disable-next-line x\nconst s = "// eslint-disable-line";\nconst t = `/* eslint-disable */ ${ /* eslint-enable */ 1 } // eslint-x`;\nconst r = /\\/\\/ eslint-disable/;\n'],
      ['c.ts', 'const a = 1; // eslint-disable-line foo\n/** eslint-disable */\nfunction f() {}\n// eslint-disable-next-line\n'],
      ['d.tsx', 'const el = <div>{/* eslint-disable-line */} eslint-text // eslint-not</div>; // eslint-disable-line a\n'],
      ['e.ts', 'function g(/* eslint-disable-line */ a: number /* eslint-enable */) { return a; } /* eslint-enable */'],
      ['f.ts', '#!/usr/bin/env node\n// eslint-disable-next-line a\nlet x;\n/* eslint-enable */'],
    ];
    for (const [fileName, text] of snippets) {
      const [fast, reference] = both(text, fileName);
      assert.deepEqual(fast, reference, fileName);
    }
  });

  it('equal the full-tree walk on every source file of this repository and its fixtures', function () {
    let compared = 0;
    for (const file of [...sources(path.join(repoRoot, 'fixtures')), ...sources(path.join(repoRoot, 'rules')), ...sources(path.join(repoRoot, 'server')), ...sources(path.join(repoRoot, 'test'))]) {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes('eslint-')) continue;
      const [fast, reference] = both(text, file);
      assert.deepEqual(fast, reference, path.relative(repoRoot, file));
      compared++;
    }
    assert.ok(compared > 5, `compared ${compared} files`);
  });
});
