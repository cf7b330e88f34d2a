import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { layerZones } from './eslint.layers.js';

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
      // Library code logs through src/log.ts (pino); the CLI prints through its `print`.
      'no-console': 'error',
      // With noUncheckedIndexedAccess, `x[i]!` is how numeric code states a checked index.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The layers (docs/architecture: cortex < models < sim < server, cli, experiments;
    // foundations under all; the page reads only the wire module). See eslint.layers.js.
    files: ['src/**/*.ts', 'web/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: layerZones },
      ],
    },
  },
  {
    files: ['bench/**', 'bin/**', 'test/**', '.ci/**', 'examples/**', 'scripts/**', 'web/build.ts'],
    rules: { 'no-console': 'off' },
  },
);
