import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'scratch/',
      'node_modules/',
      'dist/',
      'web/dist/',
      'coverage/',
      'runs/',
      '.cache/',
      'experiments/results/',
      'docs/api/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // With noUncheckedIndexedAccess, `x[i]!` is how numeric code states a checked index.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['bench/**', 'bin/**', 'test/**', '.ci/**', 'examples/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
