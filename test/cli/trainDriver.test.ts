/**
 * The one `train` driver through the real command line (from the sources): a spec over the
 * memory limit is refused before anything is set up, naming its estimate, and an explicit
 * `--max-memory` moves the limit either way; Ctrl+C ends a run cleanly, naming the epoch whose
 * checkpoint was kept and the command that resumes it, and that command finishes the run.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { neocortexBin as bin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const tmp = useTempDir('train-driver');
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
  await writeIdxDataset(dataDir, { trainCount: 1200, testCount: 40 });
});

describe('neocortex train: memory', () => {
  it('refuses a pcvae of 50 areas of 4,096 units at once, before the backend or the folder', async () => {
    const areas = [
      { name: 'retina', size: 784 },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `z${i + 1}`, size: 4096 })),
    ];
    const file = join(tmp.path, 'huge.json');
    await writeFile(file, JSON.stringify({ kind: 'pcvae', areas }));
    const out = join(tmp.path, 'huge');
    const started = Date.now();
    const r = await neocortex(['train', '--spec', file, '--out', out, '--no-progress']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: the pcvae spec needs about \d+\.\d+ GB to train \(weights .*\), over the memory limit of 2\.00 GB; make it smaller, or raise the limit with --max-memory \d+GB if this machine has the memory\n$/,
    );
    expect(r.stdout).not.toMatch(/backend:/);
    expect(existsSync(out)).toBe(false);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('moves the limit with --max-memory, either way', async () => {
    const args = ['train', '--data-dir', dataDir, '--latent', '4', '--hidden', '16'];
    const low = await neocortex([...args, '--max-memory', '1MB']);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(
      /the vae spec needs about [\d.]+ MB .* over the memory limit of 1\.00 MB/,
    );
    const out = join(tmp.path, 'raised');
    const high = await neocortex([
      ...args,
      '--max-memory',
      '3GB',
      '--epochs',
      '1',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(high.stderr).toBe('');
    expect(high.code).toBe(0);
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    const bad = await neocortex([...args, '--max-memory', 'plenty']);
    expect(bad.stderr).toMatch(/--max-memory plenty: expected a size such as 4GB, 512MB/);
  }, 180_000);
});

describe('neocortex train: Ctrl+C', () => {
  it('stops cleanly, names the kept checkpoint and the command that resumes it', async () => {
    const out = join(tmp.path, 'interrupted');
    const args = [
      'train',
      '--model',
      'pcvae',
      '--data-dir',
      dataDir,
      '--latent',
      '4',
      '--hidden',
      '16',
      '--batch-size',
      '16',
      '--epochs',
      '3',
      '--settle-iterations',
      '0',
      '--out',
      out,
    ];
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const checkpoint = join(out, 'checkpoint.bin');
    while (!existsSync(checkpoint)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const stopped = /^stopped \(Ctrl\+C\): kept the checkpoint of epoch (\d) at (.*)$/m.exec(
      stdout,
    );
    expect(stopped, stdout).not.toBeNull();
    expect(stopped![2]).toBe(checkpoint);
    expect(Number(stopped![1])).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
    expect(stderr).not.toMatch(/error/);
    const resume = /^resume with: neocortex (.*)$/m.exec(stdout);
    expect(resume![1]).toBe([...args, '--resume'].join(' '));

    // The command it printed finishes the run from that checkpoint.
    const r = await neocortex([...resume![1]!.split(' '), '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^resumed from .*checkpoint\.bin at epoch [23]$/m);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      history: { epoch: number }[];
    };
    expect(metrics.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
  }, 180_000);
});
