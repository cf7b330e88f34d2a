/** A checkpoint is read only if it is a regular file under its cap, checked before reading. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from '../../src/models/checkpoint.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('ckpt-files');
/** A hang guard: reading a FIFO waited forever, /dev/zero read 3 GB; refusing takes milliseconds. */
const BOUNDED = 5_000;

/** The CheckpointError of loading `path`. */
async function refusal(path: string, options?: { maxBytes?: number }): Promise<CheckpointError> {
  const error = await loadCheckpoint(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as CheckpointError).code).toBe('CHECKPOINT_INVALID');
  return error as CheckpointError;
}

describe('loadCheckpoint refuses what is not a checkpoint-sized regular file', () => {
  it.runIf(existsSync('/dev/zero'))(
    'a link to /dev/zero and a named pipe, at once',
    async () => {
      const zero = join(tmp.path, 'zero.bin');
      await symlink('/dev/zero', zero);
      expect((await refusal(zero)).message).toBe(
        `${zero}: it is a symbolic link to /dev/zero, a character device, not a regular file`,
      );
      const fifo = join(tmp.path, 'fifo.bin');
      execFileSync('mkfifo', [fifo]);
      expect((await refusal(fifo)).message).toBe(
        `${fifo}: it is a named pipe (FIFO), not a regular file`,
      );
    },
    BOUNDED,
  );

  it(
    'a file over the cap (2 GiB by default, or the maxBytes given) before reading it',
    async () => {
      const huge = join(tmp.path, 'huge.bin');
      await writeFile(huge, '');
      await truncate(huge, 3 * 1024 ** 3); // sparse: nothing is written
      expect((await refusal(huge)).message).toBe(
        `${huge}: it holds 3 GiB, more than the 2 GiB a checkpoint may hold ` +
          `(set NEOCORTEX_MAX_CHECKPOINT_MIB to allow more)`,
      );
      const path = join(tmp.path, 'small.bin');
      await saveCheckpoint(path, {
        model: 'vae',
        spec: {},
        config: { seed: 1 },
        epoch: 1,
        history: [],
        version: '0.0.0-test',
        tensors: [{ name: 'w', shape: [256], values: new Float32Array(256) }],
      });
      expect((await loadCheckpoint(path)).header.epoch).toBe(1);
      expect((await refusal(path, { maxBytes: 1000 })).message).toMatch(
        /: it holds 1\.\d KiB, more than the 1000 bytes a checkpoint may hold \(pass a larger maxBytes to allow more\)$/,
      );
      await expect(loadCheckpoint(join(tmp.path, 'none.bin'))).rejects.toThrow(
        /none\.bin: no checkpoint here$/,
      );
    },
    BOUNDED,
  );
});
