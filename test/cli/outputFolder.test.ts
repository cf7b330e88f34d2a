import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { neocortexBin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { mountable, mountTmpfs, unmount } from '../helpers/tmpfs.ts';

const tmp = useTempDir('out-folder');
const canMount = mountable();
const mounted: string[] = [];
afterAll(() => mounted.forEach(unmount));

/** Run `train` on tiny letters into `out`: exit code and everything printed. */
function train(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [neocortexBin, 'train', '--dataset', 'letters', '--epochs', '1', '--hidden', '8'].concat([
        '--latent',
        '2',
        '--no-progress',
        '--out',
        out,
      ]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The run stopped before its backend, data or first epoch, with one line naming `path`. */
function expectRefusedBeforeWork(result: { code: number | null; output: string }, path: string) {
  expect(result.code).not.toBe(0);
  expect(result.output).toContain(`${path}: cannot `);
  expect(result.output).not.toMatch(/backend:|data:|epoch 1/);
  expect(result.output).not.toMatch(/^\s+at /m); // a message, not a stack trace
}

describe('train refuses an output folder it cannot write, before any work', () => {
  it('--out names a file', async () => {
    const file = join(tmp.path, 'a-file');
    await writeFile(file, 'not a folder');
    const result = await train(file);
    expectRefusedBeforeWork(result, file);
    expect(result.output).toMatch(/it is a file, not a folder/);
  }, 60_000);

  it('--out lies under a file', async () => {
    const file = join(tmp.path, 'parent-file');
    await writeFile(file, 'not a folder');
    const out = join(file, 'run');
    const result = await train(out);
    expectRefusedBeforeWork(result, out);
    expect(result.output).toContain(`${file} is a file, not a folder`);
  }, 60_000);

  it.runIf(existsSync('/proc/1'))(
    '--out under /proc/1 (where a recursive mkdir never returned) ends at once',
    async () => {
      const started = Date.now();
      const result = await train('/proc/1/nope');
      expectRefusedBeforeWork(result, '/proc/1/nope');
      expect(result.output).toContain('/proc/1 takes no new folders (ENOENT)');
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    60_000,
  );

  it.runIf(canMount)(
    '--out on a read-only file system (which root cannot write)',
    async () => {
      const ro = join(tmp.path, 'read-only');
      mountTmpfs(ro, 'ro,size=64k');
      mounted.push(ro);
      const out = join(ro, 'run');
      const result = await train(out);
      expectRefusedBeforeWork(result, out);
      expect(result.output).toMatch(/the file system is read-only \(EROFS\)/);
    },
    60_000,
  );

  it.runIf(canMount)(
    '--out on a full disk',
    async () => {
      const full = join(tmp.path, 'full');
      mountTmpfs(full, 'size=16k');
      mounted.push(full);
      await mkdir(join(full, 'run'));
      const out = join(full, 'run');
      const result = await train(out);
      expectRefusedBeforeWork(result, out);
      expect(result.output).toMatch(/no space left on the device \(ENOSPC\)/);
      // The probe it wrote is gone.
      expect(existsSync(out)).toBe(true);
    },
    60_000,
  );
});
