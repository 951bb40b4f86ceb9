/**
 * Test-only rules loaded into the built language server through ASYNC_PITFALLS_EXTRA_RULES, so the
 * protocol tests do not depend on which real rules have landed:
 * - `test-marker` (from the foundation tests): every `marker()` call, a safe fix and a suggestion;
 * - `test-floating`: a call statement whose type is a Promise (type-aware, so editing another
 *   file's function changes this file's findings);
 * - `test-explode`: throws on files that call `explode()`, to prove one rule's failure does not
 *   hide the others' findings.
 */
import * as ts from 'typescript';
import { createRule } from '../../rules/create-rule.js';
import type { Finding } from '../../rules/core/types.js';
import { testMarkerRule } from '../foundation/test-rule.js';

export const testFloatingRule = createRule<[], 'floating' | 'addVoid'>({
  name: 'test-floating',
  meta: {
    type: 'problem',
    docs: { description: 'Test-only: a promise-typed call statement.', recommended: 'recommended', requiresTypeChecking: true },
    hasSuggestions: true,
    messages: { floating: 'Promise returned by {{ callee }}() is ignored.', addVoid: 'Mark as ignored with void' },
    schema: [],
  },
  defaultOptions: [],
  reads: { synchronousCallees: false, fieldWritesAnywhere: false },
  analyze: ({ sourceFile, checker }) => {
    const findings: Finding[] = [];
    if (!checker) return findings;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
        const type = checker.getTypeAtLocation(node.expression);
        if (type.getSymbol()?.getName() === 'Promise') {
          const start = node.expression.getStart(sourceFile);
          findings.push({
            ruleName: 'test-floating',
            start,
            end: node.expression.getEnd(),
            messageId: 'floating',
            data: { callee: node.expression.expression.getText(sourceFile) },
            suggestions: [{ messageId: 'addVoid', edits: [{ start, end: start, newText: 'void ' }] }],
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return findings;
  },
});

export const testExplodeRule = createRule<[], 'never'>({
  name: 'test-explode',
  meta: {
    type: 'problem',
    docs: { description: 'Test-only: throws on files that call explode().', recommended: 'recommended', requiresTypeChecking: false },
    messages: { never: 'never reported' },
    schema: [],
  },
  defaultOptions: [],
  reads: { synchronousCallees: false, fieldWritesAnywhere: false },
  analyze: ({ sourceFile }) => {
    if (sourceFile.text.includes('explode()')) throw new Error('test-explode blew up on purpose');
    return [];
  },
});

export const rules = [testMarkerRule, testFloatingRule, testExplodeRule];
