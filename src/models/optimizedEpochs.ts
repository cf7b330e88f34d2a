/**
 * A model's training run on the shared epoch loop (epochLoop.ts), with what every trainer
 * wrapped around it the same way written once: the optimizer the run owns (disposed when the
 * run ends, however it ends), the checkpoint state (kind, spec, weights and that optimizer's
 * state, saved each epoch and restored on resume), and each epoch's record (its number first,
 * the model's own figures, its timing last). A trainer supplies its step and its figures.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.ts';
import {
  runEpochs,
  type EpochLoopOptions,
  type EpochLoopResult,
  type EpochTotals,
  type StepResult,
} from './epochLoop.ts';

/** What every epoch's record holds around the model's own figures. */
export interface EpochTiming {
  epoch: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Options of {@link runOptimizedEpochs}: the epoch loop's, with the optimizer and the state. */
export interface OptimizedEpochsOptions<M extends EpochTiming, O extends tf.Optimizer> extends Omit<
  EpochLoopOptions<M>,
  'state' | 'step' | 'summarize'
> {
  /** The kind and spec a checkpoint records (and a resume must match). */
  kind: string;
  spec: object;
  /** Every weight the optimizer moves, saved and restored by the checkpoint. */
  variables: tf.Variable[];
  /** The run's optimizer: owned by the run from here, disposed when it ends. */
  optimizer: O;
  /** One optimizer step on the items at `positions`, done or promised. */
  step: (positions: Int32Array, epochRng: Rng, optimizer: O) => StepResult | Promise<StepResult>;
  /** The model's own figures of an epoch, from the loop's totals. */
  figures: (totals: EpochTotals) => Omit<M, keyof EpochTiming>;
  /** Released when the run ends, before the optimizer (e.g. a stepper's threads). */
  release?: (() => Promise<void>) | undefined;
}

/**
 * Run the epochs of a model trained by an optimizer (see {@link OptimizedEpochsOptions}):
 * resume, steps, NaN stop and checkpoints are the epoch loop's; each epoch's record is
 * `{ epoch, ...figures, seconds, samplesPerSecond }`.
 */
export async function runOptimizedEpochs<M extends EpochTiming, O extends tf.Optimizer>(
  options: OptimizedEpochsOptions<M, O>,
): Promise<EpochLoopResult<M>> {
  const { kind, spec, variables, optimizer, step, figures, release, ...loop } = options;
  try {
    return await runEpochs<M>({
      ...loop,
      state: { kind, spec, variables, optimizer },
      step: (positions, epochRng) => step(positions, epochRng, optimizer),
      summarize: (totals) =>
        ({
          epoch: totals.epoch,
          ...figures(totals),
          seconds: totals.seconds,
          samplesPerSecond: totals.samplesPerSecond,
        }) as M,
    });
  } finally {
    try {
      await release?.();
    } finally {
      optimizer.dispose();
    }
  }
}
