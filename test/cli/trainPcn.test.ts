/**
 * `neocortex train --model pcn` through the real command line, on a small IDX
 * set written here: both learning rules train an epoch and write metrics.json
 * with the spec they ran; `--spec` runs a pcn spec with options on top;
 * `neocortex spec model pcn` prints the defaults; mistakes are refused by name.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('cli-pcn');
let dataDir = '';

async function neocortex(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 200, testCount: 40 });
});

interface PcnMetrics {
  model: string;
  learning: string;
  spec: Record<string, unknown>;
  epochs: number;
  samplesPerSecond: number;
  test: { accuracy: number; confusion: number[][]; count: number };
  history: {
    epoch: number;
    trainLoss: number;
    trainAccuracy: number;
    trainSettledFreeEnergy?: number;
  }[];
}

const small = ['--hidden', '16,8', '--inference-steps', '3', '--batch-size', '50'];

describe('neocortex train --model pcn', () => {
  for (const learning of ['local', 'backprop'] as const) {
    it(`trains one epoch with --learning ${learning} and writes metrics.json`, async () => {
      const out = join(tmp.path, learning);
      const r = await neocortex([
        'train',
        '--model',
        'pcn',
        '--learning',
        learning,
        '--data-dir',
        dataDir,
        '--epochs',
        '1',
        ...small,
        '--inference-rate',
        '0.2',
        '--out',
        out,
        '--no-progress',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(`test accuracy [\\d.]+% on 40 images \\(${learning} learning\\)`),
      );
      const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as PcnMetrics;
      expect(metrics.model).toBe('pcn');
      expect(metrics.learning).toBe(learning);
      expect(metrics.spec).toEqual({
        kind: 'pcn',
        inputSize: 784,
        hiddenSizes: [16, 8],
        classes: 10,
        activation: 'tanh',
        learning,
        inferenceSteps: 3,
        inferenceRate: 0.2,
        optimizer: { name: 'adam', learningRate: 0.001 },
        dataset: 'mnist',
        dataDir,
        epochs: 1,
        batchSize: 50,
        seed: 1,
      });
      expect(metrics.samplesPerSecond).toBeGreaterThan(0);
      expect(metrics.test.count).toBe(40);
      expect(metrics.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(40);
      expect(metrics.history).toHaveLength(1);
      const [epoch] = metrics.history;
      expect(epoch!.trainLoss).toBeGreaterThan(0);
      expect(epoch!.trainAccuracy).toBeGreaterThanOrEqual(0);
      if (learning === 'local')
        expect(epoch!.trainSettledFreeEnergy!).toBeLessThan(epoch!.trainLoss);
      else expect(epoch!.trainSettledFreeEnergy).toBeUndefined();
      // The spec it recorded rebuilds the run.
      expect(parseModelSpec(metrics.spec)).toMatchObject(metrics.spec);
    }, 180_000);
  }

  it('runs a pcn spec file, with the options typed on top', async () => {
    const file = join(tmp.path, 'pcn.json');
    await writeFile(
      file,
      JSON.stringify({
        kind: 'pcn',
        hiddenSizes: [12],
        activation: 'relu',
        learning: 'backprop',
        optimizer: { name: 'sgd', learningRate: 0.05 },
        dataDir,
        epochs: 5,
      }),
    );
    const out = join(tmp.path, 'from-spec');
    const r = await neocortex([
      'train',
      '--spec',
      file,
      '--epochs',
      '1',
      '--lr',
      '0.1',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as PcnMetrics;
    expect(metrics.spec).toMatchObject({
      kind: 'pcn',
      hiddenSizes: [12],
      activation: 'relu',
      learning: 'backprop',
      optimizer: { name: 'sgd', learningRate: 0.1 },
      epochs: 1,
      batchSize: 128,
    });
  }, 180_000);

  it('`neocortex spec model pcn` prints the defaults, which validate unchanged', async () => {
    const r = await neocortex(['spec', 'model', 'pcn']);
    expect(r.code).toBe(0);
    const spec = JSON.parse(r.stdout) as unknown;
    expect(spec).toEqual({
      kind: 'pcn',
      inputSize: 784,
      hiddenSizes: [256, 256],
      classes: 10,
      activation: 'tanh',
      learning: 'local',
      inferenceSteps: 20,
      inferenceRate: 0.1,
      optimizer: { name: 'adam', learningRate: 0.001 },
      dataset: 'mnist',
      epochs: 10,
      seed: 1,
      batchSize: 128,
    });
    expect(parseModelSpec(spec)).toEqual(spec);
  });

  it('refuses mistakes with one clear line each, before anything runs', async () => {
    const badSpec = join(tmp.path, 'bad.json');
    await writeFile(badSpec, JSON.stringify({ kind: 'pcn', inputSize: 100, classes: 3, dataDir }));
    const out = join(tmp.path, 'refused');
    const cases: [string[], RegExp][] = [
      [
        ['train', '--model', 'vae', '--learning', 'local'],
        /--learning is an option of --model pcn, not of --model vae/,
      ],
      [
        ['train', '--model', 'pcn', '--learning', 'hebb'],
        /--learning hebb: "hebb" is not one of local, backprop/,
      ],
      [
        ['train', '--model', 'pcn', '--inference-steps', '0'],
        /--inference-steps 0: expected a whole number from 1 to 10000/,
      ],
      [
        ['train', '--model', 'pcn', '--inference-rate', 'fast'],
        /--inference-rate fast: expected a number greater than 0/,
      ],
      [
        ['train', '--model', 'pcn', '--optimizer', 'rmsprop'],
        /--optimizer rmsprop \(optimizer\.name\): "rmsprop" is not one of adam, sgd/,
      ],
      [['train', '--model', 'pcn', '--latent', '20'], /--model pcn has no latent areas/],
      [
        ['train', '--model', 'pcn', '--hidden', '16,x'],
        /--hidden 16,x \(hiddenSizes\[1\]\): expected a whole number/,
      ],
      [
        ['train', '--spec', badSpec, '--epochs', '1', '--out', out, '--no-progress'],
        /inputSize: the data's images have 784 pixels, so the image area needs size 784, not 100\n\s+classes: the data has 10 classes, so the label area needs size 10, not 3/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await neocortex(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
  }, 180_000);
});
