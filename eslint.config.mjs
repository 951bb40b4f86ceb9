// The project lints itself: its own rules (the plugin, from the built package) plus
// typescript-eslint's no-floating-promises, at zero findings (`npm run lint`).
import tseslint from 'typescript-eslint';
import asyncPitfalls from 'async-pitfalls';

export default [
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'fixtures/**', '.test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  { files: ['**/*.ts'], ...asyncPitfalls.configs.recommended },
  {
    // Benchmark runners are one-shot scripts that run alone: a sync file call there stalls no
    // other work, and sync I/O keeps the timing code simple.
    files: ['bench/**/*.ts'],
    rules: { 'async-pitfalls/no-blocking-in-async': 'off' },
  },
];
