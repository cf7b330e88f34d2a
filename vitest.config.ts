import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One packed and installed package per run, shared by the test files that need it.
    globalSetup: ['test/package/packedPackageSetup.ts'],
    // Hang guards, not speed limits: CLI tests start processes that train small models.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.vitest-report.json' }]]
      : ['default'],
  },
});
