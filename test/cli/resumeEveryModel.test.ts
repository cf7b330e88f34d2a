/**
 * Every model kind, killed with SIGKILL after its first checkpoint and resumed,
 * ends with the same metrics as an uninterrupted run (timings aside). The data
 * is a small IDX set written here, so each run takes seconds.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  killResumeAndRunWhole,
  killWhenExists,
  neocortexBin as bin,
} from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { writeIdxDataset } from '../data/idxFixtures.ts';

const tmp = useTempDir('kill-every');
let dataDir = '';

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 1200, testCount: 60 });
});

const common = ['--dataset', 'mnist', '--epochs', '4', '--seed', '3', '--no-progress'];
const models: Record<string, { extra: string[]; checkpoint: string }> = {
  pcvae: {
    extra: ['--model', 'pcvae', '--hidden', '16', '--latent', '4', '--settle-iterations', '3'],
    checkpoint: 'checkpoint.bin',
  },
  vae: {
    extra: ['--model', 'vae', '--hidden', '16', '--latent', '4'],
    checkpoint: 'checkpoint.bin',
  },
  classifier: {
    extra: ['--model', 'classifier', '--classifier', 'mlp', '--batch-size', '64'],
    checkpoint: 'checkpoint.bin',
  },
  'pcn (local, adam)': {
    extra: ['--model', 'pcn', '--hidden', '16,8', '--inference-steps', '3', '--batch-size', '64'],
    checkpoint: 'checkpoint.bin',
  },
  'pcn (backprop, sgd)': {
    extra: [
      '--model',
      'pcn',
      '--learning',
      'backprop',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
    ].concat(['--hidden', '16,8', '--batch-size', '64']),
    checkpoint: 'checkpoint.bin',
  },
  pcgen: {
    extra: ['--model', 'pcgen', '--latent', '16,8', '--inference-steps', '4', '--iwae-k', '4'],
    checkpoint: 'checkpoint.bin',
  },
  'ssvae (generative stage)': {
    extra: ['--model', 'ssvae', '--hidden', '16', '--latent', '4', '--labels', '30'].concat([
      '--class-epochs',
      '2',
      '--settle-iterations',
      '0',
    ]),
    checkpoint: 'checkpoint.bin',
  },
};

const argsFor =
  (extra: string[]) =>
  (out: string, more: string[] = []) => [
    bin,
    'train',
    ...common,
    '--data-dir',
    dataDir,
    ...extra,
    '--out',
    out,
    ...more,
  ];

/** A copy of metrics without what depends on time or on when it ran. */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !/seconds|perSecond|finishedAt/i.test(key))
      .map(([key, inner]) => [key, withoutTimings(inner)]),
  );
}

// The models' runs are independent (a folder each, the data read only): they go concurrently,
// their processes one per core (processLanes.ts).
describe('every model kind killed mid-run (SIGKILL)', () => {
  it.concurrent.each(Object.entries(models))(
    '%s resumes to metrics identical to an uninterrupted run',
    async (name, model) => {
      const dir = join(tmp.path, name.replace(/\W+/g, '-'));
      const { resumed, whole } = await killResumeAndRunWhole<Record<string, unknown>>(
        argsFor(model.extra),
        dir,
        model.checkpoint,
      );
      expect(withoutTimings(resumed)).toEqual(withoutTimings(whole));
      expect(resumed['epochs']).toBe(4);
    },
    240_000,
  );
});

/** Run to the end; exit code and everything printed. */
function run(argv: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('a checkpoint whose header was edited', () => {
  it('is refused on --resume, and no metrics are written', async () => {
    const args = argsFor(models.vae!.extra);
    const dir = join(tmp.path, 'tampered');
    const checkpoint = join(dir, 'checkpoint.bin');
    expect(await killWhenExists(args(dir), checkpoint)).toBe('SIGKILL');
    const bytes = await readFile(checkpoint);
    const at = bytes.indexOf('"epoch":1,');
    expect(at).toBeGreaterThan(0);
    bytes.write('"epoch":3,', at); // skip two epochs, the file still parses
    await writeFile(checkpoint, bytes);
    const result = await run(args(dir, ['--resume']));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`${checkpoint}: corrupt: the file does not match its checksum`);
    expect(existsSync(join(dir, 'metrics.json'))).toBe(false);
  }, 120_000);
});
