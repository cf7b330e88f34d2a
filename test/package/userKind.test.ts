/**
 * A user's own model kind, as a user has it: examples/my-kind.mjs (logistic PCA, written
 * against the package's public exports only) copied beside the packed and installed package
 * (packedPackage.ts). The installed `neocortex` trains it from a spec that names it in
 * `plugins`, serves it live from that trained run (the page, in headless Chromium, shows its
 * areas and its captions, and the training worker trains it), and runs it as a generative
 * model of the novel-generation experiment; a module that fails to load or registers a
 * malformed kind is refused naming the file. docs/models.md shows the same file.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { launchChromium } from '../e2e/browser.ts';
import { fencedBlocks } from './docBlocks.ts';
import { PACKED_PACKAGE_TIMEOUT_MS, packedPackage, repositoryRoot } from './packedPackage.ts';

const run = promisify(execFile);
const example = join(repositoryRoot, 'examples', 'my-kind.mjs');

/** This file's folder inside the shared install: the plugin, its data, specs and runs. */
let dir = '';
let bin = '';

interface Ended {
  code: number;
  stdout: string;
  stderr: string;
}

/** The installed `neocortex args` in `cwd` (default this file's folder), however it ends. */
async function neocortex(args: string[], cwd = dir): Promise<Ended> {
  try {
    const { stdout, stderr } = await run(bin, [...args, '--backend', 'wasm'], {
      cwd,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const writeJson = (name: string, value: unknown) =>
  writeFile(join(dir, name), JSON.stringify(value, null, 2));

beforeAll(async () => {
  const packed = await packedPackage();
  dir = join(packed.app, 'user-kind');
  bin = join(packed.app, 'node_modules', '.bin', 'neocortex');
  await mkdir(join(dir, 'data'), { recursive: true });
  await copyFile(example, join(dir, 'my-kind.mjs'));
  await writeIdxDataset(join(dir, 'data'), { trainCount: 200, testCount: 40 });
}, PACKED_PACKAGE_TIMEOUT_MS);

interface Metrics {
  model: string;
  spec: { kind: string; factors: number; plugins: string[] };
  config: { model: string; factors: number; inputSize: number };
  test: { freeEnergy: number; reconstruction: number; count: number };
  history: { epoch: number; trainFreeEnergy: number }[];
}

describe("a user's own model kind (examples/my-kind.mjs) with the installed package", () => {
  it('neocortex train --spec trains it from the spec’s plugins: its figures, pictures and checkpoint', async () => {
    await writeJson('spec.json', {
      kind: 'logistic-pca',
      plugins: ['./my-kind.mjs'],
      dataDir: join(dir, 'data'),
      factors: 8,
      inferenceSteps: 5,
      epochs: 2,
      batchSize: 50,
      learningRate: 0.01,
    });
    // From another folder: the module's path is the spec's, not the working folder's.
    const out = join(dir, 'run');
    const r = await neocortex(
      ['train', '--spec', join(dir, 'spec.json'), '--out', out, '--no-progress'],
      join(dir, 'data'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^test free energy \d+\.\d\d nats \(pixels \d+\.\d\d\) on 40 images$/m,
    );
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(metrics.model).toBe('logistic-pca');
    expect(metrics.spec).toMatchObject({ kind: 'logistic-pca', factors: 8 });
    expect(metrics.spec.plugins).toEqual([join(dir, 'my-kind.mjs')]);
    expect(metrics.config).toMatchObject({ model: 'logistic-pca', factors: 8, inputSize: 784 });
    // Its figures: the settled free energy is the pixels' part plus the factors' prior (>= 0).
    const { freeEnergy, reconstruction, count } = metrics.test;
    expect(count).toBe(40);
    expect(reconstruction).toBeGreaterThan(0);
    expect(freeEnergy).toBeGreaterThan(reconstruction);
    expect(r.stdout).toContain(`test free energy ${freeEnergy.toFixed(2)} nats`);
    expect(metrics.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(metrics.history[1]!.trainFreeEnergy).toBeLessThan(metrics.history[0]!.trainFreeEnergy);
    for (const file of ['checkpoint.bin', 'samples.png', 'reconstructions.png']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
  }, 150_000);

  it('neocortex serve --spec runs the trained run live: the page shows its areas and captions, the worker trains it', async () => {
    expect(existsSync(join(dir, 'run', 'checkpoint.bin'))).toBe(true); // the run above
    await writeJson('session.json', {
      dataset: 'letters',
      generative: { kind: 'logistic-pca', factors: 8, inferenceSteps: 5, trained: './run' },
    });
    const args = ['serve', '--plugin', './my-kind.mjs', '--spec', 'session.json', '--port', '0'];
    const child = spawn(bin, [...args, '--backend', 'wasm'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const browser = await launchChromium();
    try {
      await expect
        .poll(() => output, { timeout: 90_000, interval: 200 })
        .toContain('press Ctrl+C to stop\n');
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output)![1]!;
      const token = /^ {2}token: {3}(\S+)$/m.exec(output)![1]!;
      expect(output).toMatch(
        /^live session: Logistic PCA \(a plugin\) \(logistic-pca\), local learning, trained: \.\/run; /m,
      );

      const page = await browser.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${url}?token=${token}`);
      // Each generative area's box, bottom to top, with the name it shows.
      const areaNames = () =>
        page.evaluate(() =>
          Array.from(
            document.querySelectorAll('g.area[data-model="generative"]'),
            (g) => g.querySelector('text.area-name')?.textContent ?? '',
          ),
        );
      await expect.poll(areaNames, { timeout: 30_000 }).toEqual(['pixels', 'factors']);
      // Frames of the plugin's model: its factors' prediction error is a number.
      await expect
        .poll(
          () =>
            page.locator('g.area[data-area="generative/factors"] text.error-value').textContent(),
          { timeout: 30_000 },
        )
        .toMatch(/^\d+\.\d+$/);
      // Its captions, as its kind gives them.
      expect(await page.locator('text.column-title').allTextContents()).toContain(
        'Logistic PCA (a plugin)',
      );
      expect(await page.locator('#generative-heading').textContent()).toContain(
        'logistic-pca: the factors',
      );
      expect(await page.locator('#mode-caption').textContent()).toMatch(
        /^Train: every tick the factors settle on a batch of images, then W learns/,
      );
      // The training worker imported the plugin too: it built the model and reports its memory.
      await expect
        .poll(
          async () => {
            const health = (await (await fetch(`${url}healthz`)).json()) as {
              memory: { training: unknown };
            };
            return health.memory.training;
          },
          { timeout: 30_000, interval: 500 },
        )
        .not.toBeNull();
      expect(pageErrors).toEqual([]);
      expect(output).not.toMatch(/"level":50|stopped on an error/);
    } finally {
      await browser.close();
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 150_000);

  it('neocortex experiment novel-generation lists it among its generative models, by kind', async () => {
    await writeJson('experiment.json', {
      experiment: 'novel-generation',
      quick: true,
      dataset: 'letters',
      seeds: [1],
      config: {
        train: 300,
        test: 60,
        samples: 20,
        mlpSteps: 10,
        mlpHidden: [16],
        models: [{ name: 'lpca', kind: 'logistic-pca', factors: 8, inferenceSteps: 5, epochs: 1 }],
      },
    });
    const out = join(dir, 'experiment');
    const r = await neocortex([
      'experiment',
      '--plugin',
      './my-kind.mjs',
      '--spec',
      'experiment.json',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lpca seed 1: nearest-training distance median \d/m);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      spec: { config: { models: { name: string; kind: string }[] } };
      records: { source: string; frechet?: number }[];
    };
    expect(results.spec.config.models).toEqual([
      { name: 'lpca', kind: 'logistic-pca', factors: 8, inferenceSteps: 5, epochs: 1 },
    ]);
    const mine = results.records.filter((record) => record.source === 'lpca');
    expect(mine).toHaveLength(1);
    expect(Number.isFinite(mine[0]!.frechet)).toBe(true);
    // The report describes it in its kind's own words.
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('`lpca`: logistic-pca 784-8 (T = 5)');
    expect(report).toContain('factors drawn from N(0, I)');
    expect(existsSync(join(out, 'neighbours-lpca.png'))).toBe(true);
  }, 150_000);

  it('a plugin that fails to load or registers a malformed kind is refused, naming the file', async () => {
    await writeFile(
      join(dir, 'malformed.mjs'),
      "import { registerModelKind } from 'neocortex-sim';\n" +
        "registerModelKind({ name: 'broken', summary: 'a kind without a spec' });\n",
    );
    await writeFile(
      join(dir, 'typo.mjs'),
      "import { registerModelKnd } from 'neocortex-sim';\nregisterModelKnd({});\n",
    );
    await writeJson('typo.json', { kind: 'logistic-pca', plugins: ['./typo.mjs'] });
    const [malformed, typo] = await Promise.all([
      neocortex(['train', '--plugin', './malformed.mjs', '--epochs', '1']),
      neocortex(['train', '--spec', 'typo.json']),
    ]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(
      /^error: --plugin \.\/malformed\.mjs failed to load: registerModelKind: not a model kind:\n {2}spec: expected a zod object schema/m,
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(
      /^error: plugin of typo\.json: .*typo\.mjs failed to load: .*does not provide an export named 'registerModelKnd'/m,
    );
    for (const r of [malformed, typo]) expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 150_000);
});

describe('docs/models.md, "Add your own model kind"', () => {
  it('shows examples/my-kind.mjs as it is (its block runs with the other doc snippets)', async () => {
    const markdown = await readFile(join(repositoryRoot, 'docs', 'models.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## Add your own model kind'));
    const blocks = fencedBlocks(section, 'docs/models.md').filter((b) => b.lang === 'js');
    expect(blocks.map((b) => b.code)).toContain((await readFile(example, 'utf8')).trimEnd());
  });
});
