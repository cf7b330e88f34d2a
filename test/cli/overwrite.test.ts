/**
 * `neocortex train` into a folder that holds a run: refused without `--resume`
 * (naming the folder and the ways on), replaced with `--overwrite`. A finished
 * run's metrics.json and checkpoint were overwritten silently.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseFinishedRun, removeRunFiles, runFilesIn } from '../../src/cli/finishedRun.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { neocortexBin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('overwrite');

/** Run `train` on tiny letters into `out` with `extra` options: exit code and everything printed. */
function train(
  out: string,
  extra: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const args = ['train', '--dataset', 'letters', '--epochs', '1', '--hidden', '8', '--latent', '2'];
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [neocortexBin, ...args, '--no-progress', '--out', out, ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('refuseFinishedRun', () => {
  it('refuses a folder with metrics.json or a checkpoint, naming it, what it holds and the ways on', async () => {
    const dir = join(tmp.path, 'finished');
    await mkdir(dir);
    await writeFile(join(dir, 'metrics.json'), '{}');
    await writeFile(join(dir, 'checkpoint.bin'), 'x');
    await writeFile(join(dir, 'checkpoint-class.bin'), 'x');
    await writeFile(join(dir, 'samples.png'), 'x');
    const error = await refuseFinishedRun(dir, { resume: false, overwrite: false }).catch(
      (e: unknown) => e,
    );
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      `${dir} already holds a finished run (checkpoint-class.bin, checkpoint.bin, metrics.json); ` +
        `refusing to overwrite it. Continue it with --resume, train into a new folder with ` +
        `another --out, or replace it with --overwrite`,
    );
    const unfinished = join(tmp.path, 'unfinished');
    await mkdir(unfinished);
    await writeFile(join(unfinished, 'checkpoint.bin'), 'x');
    await expect(
      refuseFinishedRun(unfinished, { resume: false, overwrite: false }),
    ).rejects.toThrow(`${unfinished} already holds an unfinished run (checkpoint.bin)`);
    // --resume continues it; --overwrite names what it will replace; neither touches a file.
    expect(await refuseFinishedRun(dir, { resume: true, overwrite: false })).toEqual([]);
    expect(await refuseFinishedRun(dir, { resume: false, overwrite: true })).toEqual([
      'checkpoint-class.bin',
      'checkpoint.bin',
      'metrics.json',
    ]);
    expect((await readdir(dir)).sort()).toEqual([
      'checkpoint-class.bin',
      'checkpoint.bin',
      'metrics.json',
      'samples.png',
    ]);
    await removeRunFiles(dir, await runFilesIn(dir));
    expect(await readdir(dir)).toEqual(['samples.png']);
  });

  it('lets a new, empty or unrelated folder through', async () => {
    const none = { resume: false, overwrite: false };
    expect(await refuseFinishedRun(join(tmp.path, 'not-yet'), none)).toEqual([]);
    const other = join(tmp.path, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    expect(await refuseFinishedRun(other, none)).toEqual([]);
  });
});

describe('neocortex train into a folder that holds a run', () => {
  it('is refused before any work and leaves the run whole; --overwrite replaces it', async () => {
    const out = join(tmp.path, 'run');
    const first = await train(out);
    expect(first.code, first.output).toBe(0);
    const metrics = await readFile(join(out, 'metrics.json'), 'utf8');
    const checkpoint = await readFile(join(out, 'checkpoint.bin'));

    const again = await train(out);
    expect(again.code).toBe(1);
    expect(again.output).toContain(`${out} already holds a finished run`);
    expect(again.output).toContain('--resume');
    expect(again.output).toContain('--overwrite');
    expect(again.output).not.toMatch(/backend:|epoch 1/);
    expect(await readFile(join(out, 'metrics.json'), 'utf8')).toBe(metrics);
    expect(await readFile(join(out, 'checkpoint.bin'))).toEqual(checkpoint);

    const both = await train(out, ['--resume', '--overwrite']);
    expect(both.code).toBe(1);
    expect(both.output).toContain('give one, not both');

    const replaced = await train(out, ['--overwrite', '--seed', '2']);
    expect(replaced.code, replaced.output).toBe(0);
    expect(replaced.output).toContain(
      `--overwrite: removed the old run's checkpoint.bin, metrics.json from ${out}`,
    );
    const after = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      seed: number;
    };
    expect(after.seed).toBe(2);
    expect(existsSync(join(out, 'checkpoint.bin'))).toBe(true);
  }, 180_000);
});
