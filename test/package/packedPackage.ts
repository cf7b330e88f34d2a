/**
 * The package as a user gets it, made once per test run and shared by every test
 * file that needs it: `npm run build`, `npm pack` into a tarball, and the tarball
 * installed into an empty folder (`app`). Test files run in separate processes, so
 * the first one to ask builds (holding a lock folder) and the others wait for its
 * `ready.json`. The folder comes from the run's global setup
 * (packedPackageSetup.ts), which removes it at the end.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { PACKED_PACKAGE_DIR } from './packedPackageSetup.ts';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The repository's root. */
export const repositoryRoot = join(import.meta.dirname, '..', '..');

/** The packed package and the folder where it is installed. */
export interface PackedPackage {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** The paths inside the tarball, as `npm pack --json` lists them. */
  files: string[];
  /** A folder with only the tarball installed (`node_modules/neocortex-sim`, its dependencies). */
  app: string;
}

/**
 * Building, packing and installing are bounded by these (hang guards: the install
 * goes through npm's cache to the registry).
 */
export const PACK_TIMEOUTS = { buildMs: 300_000, packMs: 120_000, installMs: 15 * 60_000 };

/** The longest {@link packedPackage} may take, for the hooks that wait for it. */
export const PACKED_PACKAGE_TIMEOUT_MS =
  PACK_TIMEOUTS.buildMs + PACK_TIMEOUTS.packMs + PACK_TIMEOUTS.installMs + 60_000;

/** `npm …` in `cwd`; its stdout (a failure throws with npm's stderr). */
export async function npmIn(cwd: string, args: string[], timeout: number): Promise<string> {
  const { stdout } = await run(npm, args, {
    cwd,
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return stdout;
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** Builds, packs and installs into `dir` (which must exist). */
async function build(dir: string): Promise<PackedPackage> {
  // The build under test: a clean dist, and the page when stale.
  await npmIn(repositoryRoot, ['run', 'build'], PACK_TIMEOUTS.buildMs);
  const packs = join(dir, 'packs');
  const app = join(dir, 'app');
  await mkdir(packs, { recursive: true });
  await mkdir(app, { recursive: true });
  const out = await npmIn(
    repositoryRoot,
    ['pack', '--json', '--ignore-scripts', '--pack-destination', packs],
    PACK_TIMEOUTS.packMs,
  );
  const [pack] = JSON.parse(out) as PackResult[];
  const tarball = join(packs, pack!.filename);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'neocortex-user', private: true }),
  );
  // @tensorflow/tfjs-node is optional: where its download fails, the install still works.
  await npmIn(
    app,
    ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'],
    PACK_TIMEOUTS.installMs,
  );
  return { tarball, files: pack!.files.map((f) => f.path), app };
}

/** Waits for the process that holds the lock to write `ready.json` or `failed.txt`. */
async function waitForBuilder(dir: string): Promise<PackedPackage> {
  const deadline = Date.now() + PACKED_PACKAGE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ready = await readFile(join(dir, 'ready.json'), 'utf8').catch(() => undefined);
    if (ready !== undefined) return JSON.parse(ready) as PackedPackage;
    const failed = await readFile(join(dir, 'failed.txt'), 'utf8').catch(() => undefined);
    if (failed !== undefined) {
      throw new Error(`another test file failed to pack and install the package:\n${failed}`);
    }
    await sleep(500);
  }
  throw new Error(`the packed package in ${dir} was not ready in time`);
}

/** Builds in `dir` if this process gets the lock first, else waits for the one that did. */
async function sharedBuild(dir: string): Promise<PackedPackage> {
  try {
    await mkdir(join(dir, 'lock'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return waitForBuilder(dir);
    throw error;
  }
  try {
    const packed = await build(dir);
    // Written whole, then renamed: a waiting process never reads half of it.
    await writeFile(join(dir, 'ready.tmp'), JSON.stringify(packed));
    await rename(join(dir, 'ready.tmp'), join(dir, 'ready.json'));
    return packed;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    await writeFile(join(dir, 'failed.txt'), `${e.message}\n${e.stderr ?? ''}`);
    throw error;
  }
}

let mine: Promise<PackedPackage> | undefined;

/**
 * The package packed and installed once for this test run. Call it in a
 * `beforeAll` with {@link PACKED_PACKAGE_TIMEOUT_MS}; write test files into a
 * folder of your own inside `app`, not into `app` itself.
 */
export function packedPackage(): Promise<PackedPackage> {
  const shared = inject(PACKED_PACKAGE_DIR);
  if (typeof shared !== 'string') {
    throw new Error(
      `no ${PACKED_PACKAGE_DIR} was provided: run through vitest.config.ts, whose globalSetup is test/package/packedPackageSetup.ts`,
    );
  }
  mine ??= sharedBuild(shared);
  return mine;
}
