/**
 * Training the figure-ground model: Adam on freshly binarised batches (dynamic
 * binarisation), the labels alongside when the object model is class-
 * conditional. The epoch loop (shuffles, checkpoints, the stop on a NaN loss
 * with NON_FINITE_LOSS) is the shared epochLoop.ts; this file supplies the step.
 */
import * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import type { BatchProgress, EpochLoopResult } from '../epochLoop.ts';
import { runOptimizedEpochs } from '../optimizedEpochs.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import type { FigureGround } from './model.ts';
import { figureGroundStep } from './trainStep.ts';
import { NeocortexError } from '../../errors.ts';

/** Options of {@link trainFigureGround}. */
export interface TrainFigureGroundOptions {
  /** Passes over the training images. */
  epochs: number;
  /** Seed of the batch order, the binarisation and the posterior noise. */
  seed: number;
  /** Images per batch (default 128). */
  batchSize?: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Called after every batch with the batch's mean −ELBO. */
  onBatch?: (progress: BatchProgress) => void;
  /** Write a checkpoint every epoch; with `resume`, start from it. */
  checkpoint?: CheckpointOptions;
}

/** What one epoch of {@link trainFigureGround} measured. */
export interface FigureGroundEpochMetrics {
  epoch: number;
  /** Mean single-sample −ELBO over the epoch's batches (nats per image). */
  trainNegElbo: number;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * Train `model` on every image of `train` (with their labels when the model is
 * class-conditional). A NaN or infinite loss stops it with a NonFiniteLossError.
 */
export async function trainFigureGround(
  model: FigureGround,
  train: ImageSet,
  options: TrainFigureGroundOptions,
): Promise<EpochLoopResult<FigureGroundEpochMetrics>> {
  if (train.height * train.width !== model.inputSize) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `figure-ground: images of ${train.height}×${train.width} pixels, model input ${model.inputSize}`,
    );
  }
  if (model.spec.classes > 0 && train.classNames.length > model.spec.classes) {
    throw new NeocortexError(
      'DATA_INVALID',
      `figure-ground: ${train.classNames.length} classes in the data, model conditioned on ${model.spec.classes}`,
    );
  }
  const variables = model.variables();
  return runOptimizedEpochs<FigureGroundEpochMetrics, tf.AdamOptimizer>({
    epochs: options.epochs,
    seed: options.seed,
    batchSize: options.batchSize ?? 128,
    count: train.count,
    kind: model.kind,
    spec: model.spec,
    optimizer: tf.train.adam(options.learningRate ?? 1e-3),
    variables,
    checkpoint: options.checkpoint,
    onBatch: options.onBatch,
    step: (indices, epochRng, optimizer) => {
      const pixels = binarize(gatherImages(train, indices), epochRng);
      const labels = model.spec.classes > 0 ? gatherLabels(train, indices) : undefined;
      const { negElbo } = figureGroundStep(
        model,
        optimizer,
        variables,
        pixels,
        labels,
        epochRng.uint32(),
      );
      return { loss: negElbo };
    },
    figures: (t) => ({ trainNegElbo: t.meanLoss }),
  });
}
