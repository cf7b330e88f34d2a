/**
 * The checkpoint of a model an experiment trains on the way: written every epoch at `path`,
 * resumed from when the file is there, and refused when it was written for another model,
 * data set or seed (its config says which).
 */
import { existsSync } from 'node:fs';
import type { ImageSet } from '../../data/index.ts';
import type { CheckpointOptions } from '../../models/trainingCheckpoint.ts';

/**
 * `{ checkpoint }` for a training loop's options (nothing when `path` is undefined): the
 * model's `spec`, the data set's name and size and the seed make its config.
 */
export function routeCheckpoint(
  path: string | undefined,
  spec: object,
  train: ImageSet,
  seed: number,
): { checkpoint?: CheckpointOptions } {
  if (path === undefined) return {};
  return {
    checkpoint: {
      path,
      config: { ...spec, data: train.name, count: train.count, seed },
      resume: existsSync(path),
    },
  };
}
