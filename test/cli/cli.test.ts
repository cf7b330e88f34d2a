import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { processLanes } from '../helpers/processLanes.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the command (in one of the file's process lanes) to its end. */
function neocortex(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return processLanes(async () => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
        env: { ...process.env, ...env },
        timeout: 170_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  });
}

const tmp = useTempDir('cli');

// Each test runs its own commands in its own folder: they go concurrently, one process per core.
describe.concurrent('neocortex command line', () => {
  it('lists its commands', async () => {
    const r = await neocortex(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/train/);
    expect(r.stdout).toMatch(/start/);
  });

  it('trains, prints the backend, and writes metrics.json', async () => {
    const out = join(tmp.path, 'letters');
    const r = await neocortex([
      'train',
      '--dataset',
      'letters',
      '--epochs',
      '1',
      '--latent',
      '8',
      '--hidden',
      '64',
      '--seed',
      '3',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend: wasm/m);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      backend: string;
      samplesPerSecond: number;
      epochs: number;
      seed: number;
      test: { negElbo: number; reconstruction: number; kl: number; count: number };
      config: { latentSize: number };
    };
    expect(metrics.backend).toBe('wasm');
    expect(metrics.epochs).toBe(1);
    expect(metrics.seed).toBe(3);
    expect(metrics.config.latentSize).toBe(8);
    expect(metrics.samplesPerSecond).toBeGreaterThan(0);
    expect(metrics.test.count).toBe(2000);
    expect(metrics.test.negElbo).toBeCloseTo(metrics.test.reconstruction + metrics.test.kl, 3);
    // An untrained Bernoulli model scores about 784·ln 2 ≈ 543 nats; one epoch is far better.
    expect(metrics.test.negElbo).toBeLessThan(400);
  });

  it('trains the predictive-coding VAE with two areas, shows each test stage, reports settled -ELBO and -log p(x)', async () => {
    const out = join(tmp.path, 'pcvae');
    const r = await neocortex([
      'train',
      '--model',
      'pcvae',
      '--dataset',
      'letters',
      '--latent',
      '8,4',
      '--hidden',
      '64,32',
      '--epochs',
      '2',
      '--settle-iterations',
      '20',
      '--iwae-k',
      '30',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    // With progress on (not a terminal here): the training bar, then a bar for each test stage.
    expect(r.stderr).toMatch(/epoch 2\/2 \|/);
    expect(r.stderr).toMatch(/settling 20 iterations \|.*\| 2000\/2000 test images/);
    expect(r.stderr).toMatch(/-log p\(x\), k = 30 \|.*\| 2000\/2000 test images/);
    const { test, config } = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      test: { negElbo: number; negElboSettled: number; nll: number; nllK: number };
      config: { latentSizes: number[] };
    };
    expect(config.latentSizes).toEqual([8, 4]);
    // Pictures of generation alone and of recognition then generation.
    expect((await readFile(join(out, 'samples.png'))).subarray(1, 4).toString()).toBe('PNG');
    expect((await readFile(join(out, 'reconstructions.png'))).subarray(1, 4).toString()).toBe(
      'PNG',
    );
    expect(test.nllK).toBe(30);
    expect(test.negElboSettled).toBeLessThan(test.negElbo);
    expect(test.nll).toBeLessThan(test.negElbo);
  });

  it('trains a classifier on a balanced subset of labels and reports accuracy and confusion', async () => {
    const out = join(tmp.path, 'classifier');
    const r = await neocortex([
      'train',
      '--model',
      'classifier',
      '--dataset',
      'letters',
      '--labels',
      '50',
      '--epochs',
      '10',
      '--batch-size',
      '10',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      labels: number;
      spec: Record<string, unknown>;
      test: { accuracy: number; confusion: number[][]; count: number };
    };
    expect(metrics.labels).toBe(50);
    // The spec it ran: the options typed, every default filled in.
    expect(metrics.spec).toEqual({
      kind: 'classifier',
      classifier: 'mlp',
      hidden: [512, 512],
      labels: 50,
      binarize: false,
      dataset: 'letters',
      epochs: 10,
      batchSize: 10,
      learningRate: 0.001,
      seed: 1,
    });
    expect(metrics.test.count).toBe(2000);
    expect(metrics.test.confusion).toHaveLength(5);
    const total = metrics.test.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(2000);
    // Five letters: chance is 20%; 50 labels and 50 small steps of an MLP do far better.
    expect(metrics.test.accuracy).toBeGreaterThan(0.5);
  });

  it('refuses bad options with one clear line each', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['train', '--dataset', 'cifar'],
        /--dataset cifar: unknown dataset "cifar"; choose one of mnist/,
      ],
      [['train', '--epochs', '0'], /--epochs 0: expected a whole number from 1 to 100000/],
      [['train', '--epochs', 'many'], /--epochs many: expected a whole number/],
      [
        ['train', '--model', 'gan'],
        /--model gan: "gan" is not a model kind; choose one of vae, pcvae/,
      ],
      [
        ['train', '--model', 'pcvea'],
        /--model pcvea: "pcvea" is not a model kind \(did you mean "pcvae"\?\); choose one of/,
      ],
      [
        ['train', '--model', 'classifier', '--latent', '20'],
        /--latent is an option of --model vae, pcvae, ssvae and pcgen, not of --model classifier/,
      ],
      [['train', '--backend', 'gpu'], /unknown backend "gpu"/],
      [['train', '--model', 'vae', '--latent', '20,10'], /--model vae has one latent area/],
      [
        ['train', '--model', 'pcvae', '--latent', '20,x'],
        /--latent 20,x \(areas\[2\]\.size\): expected a whole number/,
      ],
      [['train', '--model', 'classifier', '--classifier', 'svm'], /"svm" is not one of mlp, conv/],
      [['train', '--resume'], /--resume needs --out DIR/],
    ];
    const results = await Promise.all(cases.map(([args]) => neocortex(args)));
    for (const [index, [args, message]] of cases.entries()) {
      const r = results[index]!;
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('names the file and the problem when data is bad', async () => {
    const data = join(tmp.path, 'bad-idx');
    await rm(data, { recursive: true, force: true });
    await mkdir(data);
    const header = (...words: number[]) => {
      const b = Buffer.alloc(4 * words.length);
      words.forEach((w, i) => b.writeUInt32BE(w, 4 * i));
      return b;
    };
    const images = Buffer.concat([header(0x803, 1, 28, 28), Buffer.alloc(784)]);
    const labels = Buffer.concat([header(0x801, 1), Buffer.from([0])]);
    // Only the training images are wrong: labels' magic number where images' belongs.
    await writeFile(
      join(data, 'train-images-idx3-ubyte'),
      Buffer.concat([header(0x801, 1, 28, 28), Buffer.alloc(784)]),
    );
    await writeFile(join(data, 'train-labels-idx1-ubyte'), labels);
    await writeFile(join(data, 't10k-images-idx3-ubyte'), images);
    await writeFile(join(data, 't10k-labels-idx1-ubyte'), labels);
    const r = await neocortex(['train', '--data-dir', data, '--epochs', '1', '--no-progress']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/train-images-idx3-ubyte/);
    expect(r.stderr).toMatch(/magic/i);
  });

  it('refuses an unknown NEOCORTEX_BACKEND', async () => {
    const r = await neocortex(['train', '--epochs', '1'], { NEOCORTEX_BACKEND: 'cuda' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/NEOCORTEX_BACKEND: unknown backend "cuda"/);
  });
});
