/**
 * Vitest's global setup (vitest.config.ts): one empty folder per test run for the
 * packed and installed package (packedPackage.ts builds it there on first use, so a
 * run without package tests pays nothing), removed when the run ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** The name under which the folder is provided to the test files. */
export const PACKED_PACKAGE_DIR = 'packedPackageDir';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An empty folder for this run's packed and installed package. */
    packedPackageDir: string;
  }
}

/** Makes the folder and provides it; the returned teardown removes it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'neocortex-packed-'));
  project.provide(PACKED_PACKAGE_DIR, dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
