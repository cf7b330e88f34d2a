/**
 * The live session's training, one step at a time: the models' own epoch plan
 * (epochLoop.ts `epochPlan`: batches and noise from (seed, epoch) alone) walked
 * one batch per call, each batch binarised afresh for the VAE, one step for
 * each model (trainingStep.ts, the step the CLI takes) and the losses folded
 * into the curves. So the same spec trains the same way on the main thread, in
 * a worker, or from the CLI. Inline, the loop runs on the ticking thread: a train
 * tick takes one step ({@link InlineTraining}).
 */
import { binarize, gatherImages, gatherLabels } from '../../../data/index.ts';
import type { ImageSet } from '../../../data/index.ts';
import { epochPlan, NonFiniteLossError, type EpochPlan } from '../../../models/epochLoop.ts';
import type { SessionModels } from '../sessionModels.ts';
import type { SessionSpec } from '../sessionSpec.ts';
import type { CurvePoint, SessionMode } from '../vocabulary.ts';
import { CurveAccumulator } from './curves.ts';
import type { SessionTraining } from './sessionTraining.ts';
import type { TrainingPosition } from './trainingMessages.ts';

/** A live session's training position: which batch of which epoch comes next. */
export class TrainingLoop {
  private at: TrainingPosition = { steps: 0, epoch: 1, localLearning: [] };
  private plan: EpochPlan;
  private cursor = 0;
  private readonly curves: CurveAccumulator;

  constructor(
    private readonly spec: SessionSpec,
    private readonly train: ImageSet,
  ) {
    this.curves = new CurveAccumulator(spec.curveEvery);
    this.plan = epochPlan(spec.seed, 1, train.count, spec.batchSize);
  }

  /**
   * Steps taken, the epoch of the next step, and the latest step's local-learning traces (one
   * per model that learns locally; replaced each step, never appended: bounded).
   */
  get position(): TrainingPosition {
    return this.at;
  }

  /**
   * One step for each model; a curve point every `curveEvery` steps. Throws a
   * NonFiniteLossError when a loss is not finite (the models are then not to be
   * trusted).
   */
  step(models: SessionModels): CurvePoint | undefined {
    const indices = this.nextBatch();
    const grey = gatherImages(this.train, indices);
    const { epochRng } = this.plan;
    const losses = models.trainStep(
      binarize(grey, epochRng),
      grey,
      gatherLabels(this.train, indices),
      epochRng.uint32(),
    );
    if (!Number.isFinite(losses.negElbo) || !Number.isFinite(losses.crossEntropy)) {
      throw new NonFiniteLossError(
        `training stopped: a loss became non-finite at step ${this.at.steps + 1} ` +
          `(-ELBO ${losses.negElbo}, cross-entropy ${losses.crossEntropy})`,
      );
    }
    const steps = this.at.steps + 1;
    const localLearning = losses.localLearning.map((trace) => ({ ...trace, step: steps }));
    this.at = { ...this.at, steps, localLearning };
    return this.curves.add(losses, steps, this.at.epoch);
  }

  private nextBatch(): Int32Array {
    if (this.cursor >= this.plan.batches.length) {
      this.at = { ...this.at, epoch: this.at.epoch + 1 };
      this.plan = epochPlan(this.spec.seed, this.at.epoch, this.train.count, this.spec.batchSize);
      this.cursor = 0;
    }
    return this.plan.batches[this.cursor++]!;
  }
}

/** Training on the ticking thread: a train tick takes one step. Deterministic. */
export class InlineTraining implements SessionTraining {
  readonly where = 'inline';
  readonly weightLoads = 0;
  private loop: TrainingLoop;

  constructor(
    private readonly spec: SessionSpec,
    private readonly train: ImageSet,
    private readonly models: SessionModels,
  ) {
    this.loop = new TrainingLoop(spec, train);
  }

  /** Step 0 of epoch 1 again (the models, rebuilt by the session, train on from there). */
  restart(): void {
    this.loop = new TrainingLoop(this.spec, this.train);
  }

  get position(): TrainingPosition {
    return this.loop.position;
  }

  beforeTick(mode: SessionMode): CurvePoint[] {
    if (mode !== 'train') return [];
    const point = this.loop.step(this.models);
    return point === undefined ? [] : [point];
  }

  setRunning(): void {}

  step(done: () => void): void {
    done();
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
