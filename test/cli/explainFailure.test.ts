import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../src/cli/runSetup.ts';
import { NonFiniteLossError } from '../../src/models/epochLoop.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('explain');

describe('training failures on the command line', () => {
  it('a NaN stop names the kept checkpoint when there is one', async () => {
    const path = join(tmp.path, 'checkpoint.bin');
    const nan = new NonFiniteLossError('training stopped: the loss became NaN at epoch 3, batch 7');
    expect((explainFailure(nan, path) as Error).message).not.toMatch(/kept/);
    await writeFile(path, 'x');
    expect((explainFailure(nan, path) as Error).message).toBe(
      `training stopped: the loss became NaN at epoch 3, batch 7; the last good checkpoint is kept at ${path}`,
    );
  });

  it('passes other errors through unchanged', () => {
    const other = new Error('disk full');
    expect(explainFailure(other, 'x')).toBe(other);
  });
});
