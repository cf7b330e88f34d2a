/**
 * The package as a user gets it: `npm run build`, the files `npm pack` ships, and
 * the packed tarball installed into an empty folder, where a plain `.mjs` script
 * (no TypeScript loader) imports it, builds and trains models, and the installed
 * `neocortex` command runs. The package is built, packed and installed once per
 * test run and shared with the other package tests (packedPackage.ts). Slow (an
 * install from the npm registry, through the local cache): the timeouts are hang
 * guards.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PACKED_PACKAGE_TIMEOUT_MS,
  packedPackage,
  repositoryRoot as root,
  type PackedPackage,
} from './packedPackage.ts';

const run = promisify(execFile);

/** Paths a user needs from the package: the compiled entry points with their types. */
const entryPoints = [
  'index',
  'cortex/index',
  'models/index',
  'sim/index',
  'server/index',
  'data/index',
];

let packed: PackedPackage;
/** This file's own folder inside the shared install (consumer scripts, the wrong .ts). */
let app = '';

beforeAll(async () => {
  packed = await packedPackage();
  app = join(packed.app, 'consumer');
  await mkdir(app, { recursive: true });
  await copyFile(join(import.meta.dirname, 'consumer.mjs'), join(app, 'consumer.mjs'));
  await copyFile(join(import.meta.dirname, 'consumer.ts'), join(app, 'consumer.ts'));
}, PACKED_PACKAGE_TIMEOUT_MS);

describe('npm pack', () => {
  it('ships dist, the page, the bin, README and LICENSE, and no tests, results, screenshots or benches', () => {
    const paths = packed.files;

    for (const entry of entryPoints) {
      expect(paths).toContain(`dist/src/${entry}.js`);
      expect(paths).toContain(`dist/src/${entry}.d.ts`);
      expect(paths).toContain(`dist/src/${entry}.js.map`);
    }
    expect(paths).toContain('dist/src/cli/main.js');
    expect(paths).toContain('dist/src/sim/session/training/trainingWorker.js');
    expect(paths).toContain('dist/experiments/index.js');
    expect(paths).toContain('bin/neocortex.js');
    expect(paths).toContain('web/dist/index.html');
    // The trained weights serve starts from (docs/trained.md), without their pictures.
    expect(paths).toContain('trained/mnist-default/generative/checkpoint.bin');
    expect(paths).toContain('trained/mnist-default/classifier/metrics.json');
    expect(paths.filter((p) => p.startsWith('trained/') && p.endsWith('.png'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    // The JSON Schemas of the specs, when the repository has them.
    if (existsSync(join(root, 'schemas'))) {
      expect(paths.some((p) => p.startsWith('schemas/'))).toBe(true);
    }

    const unwanted = paths.filter((p) =>
      /^(test|bench|src|scripts|docs|examples|\.ci)\/|experiments\/results\/|screenshots|\.test\.|\.ts$(?<!\.d\.ts)|tsWorkerEntry|^web\/(src|build)/.test(
        p,
      ),
    );
    expect(unwanted).toEqual([]);
  });
});

describe('the packed package installed in an empty folder', () => {
  it('installs without a TypeScript loader or the build tools', () => {
    const modules = join(packed.app, 'node_modules');
    expect(existsSync(join(modules, 'neocortex-sim', 'dist', 'src', 'index.js'))).toBe(true);
    for (const devOnly of ['tsx', 'vite', 'typescript', 'vitest']) {
      expect(existsSync(join(modules, devOnly)), devOnly).toBe(false);
    }
  });

  it('a plain .mjs script builds a hierarchy from JSON, recognizes, trains a step and runs a worker', async () => {
    const { stdout } = await run(process.execPath, ['consumer.mjs'], {
      cwd: app,
      timeout: 240_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      version: string;
      backend: string;
      tensorsLeft: number;
      hierarchy: { areas: [string, number][]; top: number[]; freeEnergy: number[] };
      pcvae: {
        areas: [string, number][];
        epochs: { trainNegElbo: number }[];
        variables: number;
        changed: number;
      };
      worker: { where: string; steps: number };
      serverExport: string;
    };
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(seen.version).toBe(pkg.version);
    expect(seen.backend).toBe('wasm');
    expect(seen.hierarchy.areas).toEqual([
      ['retina', 16],
      ['v1', 8],
      ['it', 4],
    ]);
    expect(seen.hierarchy.top).toHaveLength(4);
    expect(seen.hierarchy.top.every(Number.isFinite)).toBe(true);
    // Settling with a small step lowers the free energy.
    expect(seen.hierarchy.freeEnergy).toHaveLength(5);
    expect(seen.hierarchy.freeEnergy.at(-1)!).toBeLessThan(seen.hierarchy.freeEnergy[0]!);
    expect(seen.pcvae.areas).toEqual([
      ['retina', 784],
      ['v1', 8],
      ['v2', 6],
      ['it', 4],
    ]);
    expect(seen.pcvae.epochs).toHaveLength(1);
    expect(seen.pcvae.epochs[0]!.trainNegElbo).toBeGreaterThan(0);
    expect(Number.isFinite(seen.pcvae.epochs[0]!.trainNegElbo)).toBe(true);
    // One Adam step moves every weight.
    expect(seen.pcvae.changed).toBe(seen.pcvae.variables);
    expect(seen.worker.where).toBe('worker');
    expect(seen.worker.steps).toBeGreaterThan(0);
    expect(seen.tensorsLeft).toBe(0);
    expect(seen.serverExport).toBe('function');
  });

  it('its .d.ts files type-check a TypeScript user of every subpath', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    await run(
      process.execPath,
      [tsc, ...args, '--target', 'es2022', '--skipLibCheck', 'consumer.ts'],
      {
        cwd: app,
        timeout: 120_000,
      },
    );
    // …and catch a wrong use: a spec without pathways.
    await writeFile(
      join(app, 'wrong.ts'),
      "import { buildHierarchy } from 'neocortex-sim/cortex';\nbuildHierarchy({ areas: [] });\n",
    );
    await expect(
      run(process.execPath, [tsc, ...args, '--target', 'es2022', '--skipLibCheck', 'wrong.ts'], {
        cwd: app,
        timeout: 120_000,
      }),
    ).rejects.toMatchObject({ stdout: expect.stringMatching(/pathways/) });
  });

  it('the installed neocortex command runs', async () => {
    const bin = join(packed.app, 'node_modules', '.bin', 'neocortex');
    const { stdout } = await run(bin, ['--help'], { cwd: app, timeout: 60_000 });
    expect(stdout).toMatch(/Usage: neocortex/);
    expect(stdout).toMatch(/train/);
    expect(stdout).toMatch(/serve/);
  });

  it('the installed neocortex serve serves the page it ships, with no build tools', async () => {
    const bin = join(packed.app, 'node_modules', '.bin', 'neocortex');
    const args = ['serve', '--port', '0', '--dataset', 'letters', '--backend', 'wasm'];
    const child = spawn(bin, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 120_000);
        child.stdout.on('data', () => {
          const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
          if (match && stdout.includes('press Ctrl+C to stop\n')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(stdout).not.toMatch(/no page|could not be built/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>neocortex-sim');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
