import { describe, expect, it } from 'vitest';
import { killResumeAndRunWhole, neocortexBin as bin } from '../helpers/killAndResume.ts';
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
    // Killed (SIGKILL: no clean-up) as soon as its checkpoint exists, then resumed.
    const { resumed, whole } = await killResumeAndRunWhole<{
      test: { accuracy: number; confusion: number[][] };
      history: { classArea: { trainLoss: number }[] };
    }>(args, tmp.path, 'checkpoint-class.bin');
    expect(resumed.test.accuracy).toBe(whole.test.accuracy);
    expect(resumed.test.confusion).toEqual(whole.test.confusion);
    expect(resumed.history.classArea.map((h) => h.trainLoss)).toEqual(
      whole.history.classArea.map((h) => h.trainLoss),
    );
  }, 240_000);
});
