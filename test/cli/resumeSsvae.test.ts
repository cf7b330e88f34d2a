import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killWhenExists, neocortexBin as bin, runToEnd } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const args = (out: string, extra: string[] = []) => [
  bin,
  'train',
  '--model',
  'ssvae',
  '--dataset',
  'letters',
  '--epochs',
  '1',
  '--class-epochs',
  '2',
  '--labels',
  '20',
  '--hidden',
  '48',
  '--latent',
  '6',
  '--settle-iterations',
  '0',
  '--seed',
  '4',
  '--no-progress',
  '--out',
  out,
  ...extra,
];

const tmp = useTempDir('ssvae-kill');

describe('an ssvae run killed in its class stage', () => {
  it('resumes that stage to the same result as an uninterrupted run', async () => {
    const killedDir = join(tmp.path, 'killed');
    // Kill it (SIGKILL: no clean-up) as soon as its checkpoint exists.
    expect(await killWhenExists(args(killedDir), join(killedDir, 'checkpoint-class.bin'))).toBe(
      'SIGKILL',
    );
    expect(existsSync(join(killedDir, 'metrics.json'))).toBe(false);

    expect(await runToEnd(args(killedDir, ['--resume']))).toBe(0);
    expect(await runToEnd(args(join(tmp.path, 'whole')))).toBe(0);
    const resumed = JSON.parse(await readFile(join(killedDir, 'metrics.json'), 'utf8'));
    const whole = JSON.parse(await readFile(join(tmp.path, 'whole', 'metrics.json'), 'utf8'));
    expect(resumed.test.accuracy).toBe(whole.test.accuracy);
    expect(resumed.test.confusion).toEqual(whole.test.confusion);
    expect(resumed.history.classArea.map((h: { trainLoss: number }) => h.trainLoss)).toEqual(
      whole.history.classArea.map((h: { trainLoss: number }) => h.trainLoss),
    );
  }, 240_000);
});
