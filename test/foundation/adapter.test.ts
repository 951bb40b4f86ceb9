import { createTypedRuleTester, createUntypedRuleTester } from '../helpers/rule-tester.js';
import { testMarkerRule } from './test-rule.js';

const header = 'declare function marker(): number;\ndeclare function checked(): number;\n';

createTypedRuleTester().run('test-marker (typed, through the ESLint adapter)', testMarkerRule, {
  valid: [header + 'checked();', { code: header + 'marker();', options: [{ name: 'other' }] }],
  invalid: [
    {
      code: header + 'const x = marker();',
      output: header + 'const x = checked();',
      errors: [
        {
          messageId: 'found',
          data: { name: 'marker', type: 'number' },
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 19,
          suggestions: [{ messageId: 'addVoid', data: { name: 'marker' }, output: header + 'const x = void marker();' }],
        },
      ],
    },
  ],
});

createUntypedRuleTester().run('test-marker (no type information)', testMarkerRule, {
  valid: ['checked();'],
  invalid: [
    {
      code: 'marker();\r\nmarker();',
      output: 'checked();\r\nchecked();',
      errors: [
        { messageId: 'found', data: { name: 'marker', type: 'unknown' }, line: 1, column: 1, suggestions: [{ messageId: 'addVoid', output: 'void marker();\r\nmarker();' }] },
        { messageId: 'found', line: 2, column: 1, suggestions: [{ messageId: 'addVoid', output: 'marker();\r\nvoid marker();' }] },
      ],
    },
  ],
});
