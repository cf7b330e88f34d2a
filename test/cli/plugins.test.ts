/**
 * A user's own model kind from a plain .mjs module, through the real command line (from the
 * sources): a spec names the module in `plugins` (relative to the spec), `neocortex train`
 * trains it with the shared epoch loop, checkpoint and resume, `--plugin` does the same from
 * the command line (with the kind's own option), `spec model` prints its default; a module
 * that is missing, fails to load, registers a malformed kind or a taken name is refused with
 * its file and the problem.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { neocortexBin as bin } from '../helpers/killAndResume.ts';
import { meanImageKindModule, packageUrl } from '../helpers/meanImageKind.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const tmp = useTempDir('plugins');
let dataDir = '';

async function neocortex(args: string[], cwd?: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      timeout: 170_000,
      ...(cwd !== undefined ? { cwd } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface MeanImageMetrics {
  model: string;
  spec: { kind: string; plugins: string[]; shrink: number; epochs: number };
  config: { model: string; shrink: number };
  test: { squaredError: number; count: number };
  history: { epoch: number; trainSquaredError: number }[];
}

const read = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as MeanImageMetrics;

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 200, testCount: 40 });
  await mkdir(join(tmp.path, 'kinds'));
  await writeFile(join(tmp.path, 'kinds', 'mean-image.mjs'), meanImageKindModule());
});

describe("a user's own model kind", () => {
  it('trains from a spec that names its module, checkpoints, and resumes', async () => {
    const spec = {
      kind: 'mean-image',
      plugins: ['./kinds/mean-image.mjs'],
      dataDir,
      epochs: 2,
      batchSize: 50,
      learningRate: 0.5,
    };
    await writeFile(join(tmp.path, 'mean.json'), JSON.stringify(spec));
    const out = join(tmp.path, 'run');
    // Run from another folder: the module's path is the spec's, not the working folder's.
    const r = await neocortex(
      ['train', '--spec', join(tmp.path, 'mean.json'), '--out', out, '--no-progress'],
      dataDir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^test squared error \d+\.\d{3} on 40 images$/m);
    const metrics = await read(out);
    expect(metrics.model).toBe('mean-image');
    expect(metrics.spec).toMatchObject({ kind: 'mean-image', shrink: 0, epochs: 2 });
    expect(metrics.spec.plugins).toEqual([join(tmp.path, 'kinds', 'mean-image.mjs')]);
    expect(metrics.config).toMatchObject({ model: 'mean-image', shrink: 0 });
    expect(metrics.history.map((h) => h.epoch)).toEqual([1, 2]);
    // SGD at rate 0.5 on half the squared error halves the distance to each batch's mean.
    expect(metrics.history[1]!.trainSquaredError).toBeLessThan(
      metrics.history[0]!.trainSquaredError,
    );
    expect(existsSync(join(out, 'checkpoint.bin'))).toBe(true);
    expect(existsSync(join(out, 'samples.png'))).toBe(true);

    // Its metrics.json is a spec too: the same module, found by its recorded path; one more epoch.
    const more = await neocortex([
      'train',
      '--spec',
      join(out, 'metrics.json'),
      '--epochs',
      '3',
      '--resume',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(more.stderr).toBe('');
    expect(more.code).toBe(0);
    expect(more.stdout).toContain(`resumed from ${join(out, 'checkpoint.bin')} at epoch 3`);
    const resumed = await read(out);
    expect(resumed.history.slice(0, 2)).toEqual(metrics.history);
    expect(resumed.history).toHaveLength(3);
  }, 180_000);

  it('is loaded by --plugin, with its own option, its help and its default spec', async () => {
    const plugin = join(tmp.path, 'kinds', 'mean-image.mjs');
    const out = join(tmp.path, 'by-flag');
    const r = await neocortex([
      'train',
      '--plugin',
      plugin,
      '--model',
      'mean-image',
      '--shrink',
      '0.25',
      '--data-dir',
      dataDir,
      '--epochs',
      '1',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await read(out)).spec.shrink).toBe(0.25);
    // A flag of the kind is another kind's mistake, named by the kind that takes it.
    const misplaced = await neocortex(['train', '--plugin', plugin, '--shrink', '0.5']);
    expect(misplaced.stderr).toMatch(
      /--shrink is an option of --model mean-image, not of --model vae/,
    );
    const help = await neocortex(['train', '--help', '--plugin', plugin]);
    expect(help.stdout).toMatch(/--shrink <x>\s+mean-image: pull the fitted image towards grey/);
    const printed = await neocortex(['spec', 'model', 'mean-image', '--plugin', plugin]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual({
      kind: 'mean-image',
      shrink: 0,
      dataset: 'mnist',
      epochs: 10,
      learningRate: 0.001,
      seed: 1,
      batchSize: 128,
    });
  }, 180_000);

  it('refuses a module that is missing, fails to load, or registers a bad kind, naming the file', async () => {
    const write = async (name: string, text: string) => {
      const path = join(tmp.path, 'kinds', name);
      await writeFile(path, text);
      return path;
    };
    const throwing = await write('throws.mjs', "throw new Error('no GPU here');\n");
    const malformed = await write(
      'malformed.mjs',
      `import { registerModelKind } from '${packageUrl}';\nregisterModelKind({ name: 'broken', summary: 'no spec' });\n`,
    );
    const taken = await write('taken.mjs', meanImageKindModule('vae'));
    const cases: [string, RegExp][] = [
      ['missing.mjs', /^error: --plugin missing\.mjs: no such file \(.*missing\.mjs\)$/m],
      [throwing, /^error: --plugin .*throws\.mjs failed to load: no GPU here$/m],
      [
        malformed,
        /^error: --plugin .*malformed\.mjs failed to load: registerModelKind: not a model kind:\n {2}spec: expected a zod object schema/m,
      ],
      [
        taken,
        /^error: --plugin .*taken\.mjs failed to load: registerModelKind: a model kind named "vae" is already registered/m,
      ],
    ];
    for (const [plugin, message] of cases) {
      const r = await neocortex(['train', '--plugin', plugin, '--epochs', '1']);
      expect(r.code, plugin).toBe(1);
      expect(r.stderr, plugin).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    // A spec's plugins are named by the spec.
    await writeFile(
      join(tmp.path, 'bad-plugins.json'),
      JSON.stringify({ kind: 'mean-image', plugins: ['./kinds/nowhere.mjs'] }),
    );
    const fromSpec = await neocortex(['train', '--spec', join(tmp.path, 'bad-plugins.json')]);
    expect(fromSpec.code).toBe(1);
    expect(fromSpec.stderr).toMatch(/plugin of .*bad-plugins\.json: .*nowhere\.mjs: no such file/);
  }, 180_000);
});
