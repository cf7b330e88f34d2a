import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killWhenExists, neocortexBin as bin, runToEnd } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const args = (out: string, extra: string[] = []) => [
  bin,
  'train',
  '--dataset',
  'letters',
  '--epochs',
  '3',
  '--hidden',
  '48',
  '--latent',
  '6',
  '--seed',
  '7',
  '--no-progress',
  '--out',
  out,
  ...extra,
];

const tmp = useTempDir('kill');

describe('a training process killed mid-run', () => {
  it('resumes from its last checkpoint to the same result as an uninterrupted run', async () => {
    const killedDir = join(tmp.path, 'killed');
    // Kill it (SIGKILL: no clean-up) as soon as its checkpoint exists.
    expect(await killWhenExists(args(killedDir), join(killedDir, 'checkpoint.bin'))).toBe(
      'SIGKILL',
    );
    expect(existsSync(join(killedDir, 'metrics.json'))).toBe(false);

    expect(await runToEnd(args(killedDir, ['--resume']))).toBe(0);
    expect(await runToEnd(args(join(tmp.path, 'whole')))).toBe(0);
    const resumed = JSON.parse(await readFile(join(killedDir, 'metrics.json'), 'utf8'));
    const whole = JSON.parse(await readFile(join(tmp.path, 'whole', 'metrics.json'), 'utf8'));
    expect(resumed.test.negElbo).toBe(whole.test.negElbo);
    expect(resumed.history.map((h: { trainNegElbo: number }) => h.trainNegElbo)).toEqual(
      whole.history.map((h: { trainNegElbo: number }) => h.trainNegElbo),
    );
  }, 180_000);
});
