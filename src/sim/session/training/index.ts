/**
 * Where the session's training runs, chosen by its spec: inline (one step per
 * train tick, deterministic: trainingLoop.ts) or in a worker thread at nice 19
 * (flat out while the session plays in train mode: workerTraining.ts). Both walk
 * the same TrainingLoop with the models' one training step.
 */
import type { ImageSet } from '../../../data/index.ts';
import type { SessionModels } from '../sessionModels.ts';
import type { SessionSpec } from '../sessionSpec.ts';
import type { SessionTraining } from './sessionTraining.ts';
import { InlineTraining } from './trainingLoop.ts';
import { WorkerTraining } from './workerTraining.ts';

/**
 * Start the training the spec asks for; `onError` hears of a worker that failed. With
 * `fromLoaded`, the models hold weights not made from the seed (a trained model's): a
 * worker starts from a copy of them.
 */
export function startTraining(
  spec: SessionSpec,
  train: ImageSet,
  models: SessionModels,
  fromLoaded: boolean,
  onError: (error: Error) => void,
): SessionTraining {
  return spec.training === 'worker'
    ? new WorkerTraining(spec, train, train.classNames.length, models, fromLoaded, onError)
    : new InlineTraining(spec, train, models);
}
