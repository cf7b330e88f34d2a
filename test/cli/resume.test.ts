import { describe, expect, it } from 'vitest';
import { killResumeAndRunWhole, neocortexBin as bin } from '../helpers/killAndResume.ts';
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
    // Killed (SIGKILL: no clean-up) as soon as its checkpoint exists, then resumed.
    const { resumed, whole } = await killResumeAndRunWhole<{
      test: { negElbo: number };
      history: { trainNegElbo: number }[];
    }>(args, tmp.path, 'checkpoint.bin');
    expect(resumed.test.negElbo).toBe(whole.test.negElbo);
    expect(resumed.history.map((h) => h.trainNegElbo)).toEqual(
      whole.history.map((h) => h.trainNegElbo),
    );
  }, 180_000);
});
