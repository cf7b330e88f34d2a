/**
 * The live session's training, one step at a time: each step takes the next
 * shuffled batch of the epoch, binarises it afresh for the VAE, takes one Adam
 * step for each model and folds the losses into the curves. The batch order,
 * binarisation and noise depend only on the seed and the epoch, so the same
 * spec trains the same way on the main thread or in a worker.
 */
import { binarize, gatherImages, gatherLabels, shuffledBatches } from '../data/index.ts';
import type { ImageSet } from '../data/index.ts';
import { createRng, type Rng } from '../random/rng.ts';
import type { CurvePoint } from './session/vocabulary.ts';
import { CurveAccumulator } from './curves.ts';
import type { SessionModels } from './sessionModels.ts';
import type { SessionSpec } from './sessionSpec.ts';

export class TrainingLoop {
  private stepCount = 0;
  private epochNumber = 1;
  private epochRng: Rng;
  private batches: Int32Array[];
  private cursor = 0;
  private readonly curves: CurveAccumulator;

  constructor(
    private readonly spec: SessionSpec,
    private readonly train: ImageSet,
  ) {
    this.curves = new CurveAccumulator(spec.curveEvery);
    this.epochRng = createRng(spec.seed).fork(this.epochNumber);
    this.batches = shuffledBatches(train.count, spec.batchSize, this.epochRng);
  }

  /** Training steps taken. */
  get steps(): number {
    return this.stepCount;
  }

  /** The epoch the next step belongs to (from 1). */
  get epoch(): number {
    return this.epochNumber;
  }

  /**
   * One step for each model; a curve point every `curveEvery` steps. Throws when
   * a loss is not finite (the models are then not to be trusted).
   */
  step(models: SessionModels): CurvePoint | undefined {
    const indices = this.nextBatch();
    const grey = gatherImages(this.train, indices);
    const losses = models.trainStep(
      binarize(grey, this.epochRng),
      grey,
      gatherLabels(this.train, indices),
      this.epochRng.uint32(),
    );
    if (!Number.isFinite(losses.negElbo) || !Number.isFinite(losses.crossEntropy)) {
      throw new Error(
        `training stopped: a loss became non-finite at step ${this.stepCount + 1} ` +
          `(-ELBO ${losses.negElbo}, cross-entropy ${losses.crossEntropy})`,
      );
    }
    this.stepCount += 1;
    return this.curves.add(losses, this.stepCount, this.epochNumber);
  }

  private nextBatch(): Int32Array {
    if (this.cursor >= this.batches.length) {
      this.epochNumber += 1;
      this.epochRng = createRng(this.spec.seed).fork(this.epochNumber);
      this.batches = shuffledBatches(this.train.count, this.spec.batchSize, this.epochRng);
      this.cursor = 0;
    }
    return this.batches[this.cursor++]!;
  }
}
