/**
 * Test-time cost of the one-area pcvae 784-400-20 (`npm run bench -- eval`):
 * settling the posterior means of the 2,004 test images for 50 iterations (the
 * CLI's default test stage) and the importance-weighted -log p(x) with k
 * samples. The weights are untrained: the work per image does not depend on them.
 */
import { binarizeTestSet } from '../src/models/evaluate.ts';
import {
  evaluateImportanceWeightedNll,
  evaluateSettledNegElbo,
} from '../src/models/pcvae/evaluate.ts';
import { PcVae } from '../src/models/pcvae/index.ts';
import type { ImageSet } from '../src/data/index.ts';

/** Seconds and images per second of one test stage. */
export interface StageTiming {
  stage: string;
  images: number;
  seconds: number;
  imagesPerSecond: number;
}

function timed(stage: string, images: number, run: () => void): StageTiming {
  const start = performance.now();
  run();
  const seconds = (performance.now() - start) / 1000;
  return { stage, images, seconds, imagesPerSecond: images / seconds };
}

/** Settle 50 iterations, then -log p(x) with `k` samples, over the whole test set. */
export function evaluationTimings(test: ImageSet, k = 100): StageTiming[] {
  const model = new PcVae({ latentSizes: [20], hiddenSizes: [400] }, 1);
  const pixels = binarizeTestSet(test.images);
  try {
    return [
      timed('settle 50 iterations, step 0.02', test.count, () =>
        evaluateSettledNegElbo(model, pixels, { iterations: 50, stepSize: 0.02, seed: 1 }),
      ),
      timed(`-log p(x), k = ${k}`, test.count, () =>
        evaluateImportanceWeightedNll(model, pixels, { k, seed: 1 }),
      ),
    ];
  } finally {
    model.dispose();
  }
}
