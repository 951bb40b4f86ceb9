/**
 * A test-only rule that proves the plumbing (adapter, engine, disable comments, fixes) without
 * depending on any real rule: it reports every call of a function named `marker`, offers a safe
 * fix renaming it to `checked`, and a suggestion wrapping the call in `void` (a `void`ed call is
 * not reported). It needs types
 * only to say what the callee returns.
 */
import * as ts from 'typescript';
import { createRule } from '../../rules/create-rule.js';
import type { Finding } from '../../rules/core/types.js';

export type Options = [{ name?: string }];
export type MessageIds = 'found' | 'rename' | 'addVoid';

export const testMarkerRule = createRule<Options, MessageIds>({
  name: 'test-marker',
  meta: {
    type: 'problem',
    docs: { description: 'Test-only: reports calls of `marker`.', recommended: 'recommended', requiresTypeChecking: false },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      found: 'Call of {{ name }} returning {{ type }}.',
      rename: 'Rename to checked',
      addVoid: 'Add void before {{ name }}',
    },
    schema: [{ type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }],
  },
  defaultOptions: [{ name: 'marker' }],
  reads: { synchronousCallees: false, fieldWritesAnywhere: false },
  analyze: ({ sourceFile, checker, options }) => {
    const name = options.name ?? 'marker';
    const findings: Finding[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name && !ts.isVoidExpression(node.parent)) {
        const callee = node.expression;
        const type = checker ? checker.typeToString(checker.getTypeAtLocation(node)) : 'unknown';
        findings.push({
          ruleName: 'test-marker',
          start: node.getStart(sourceFile),
          end: node.getEnd(),
          messageId: 'found',
          data: { name, type },
          fix: { messageId: 'rename', edits: [{ start: callee.getStart(sourceFile), end: callee.getEnd(), newText: 'checked' }] },
          suggestions: [{ messageId: 'addVoid', data: { name }, edits: [{ start: node.getStart(sourceFile), end: node.getStart(sourceFile), newText: 'void ' }] }],
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return findings;
  },
});
