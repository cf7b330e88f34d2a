/**
 * Training the semi-supervised generative classifier in two stages, as Kingma
 * et al. 2014 trained M1+M2: first the lower hierarchy (sensory area and z1) on
 * every image without labels, the pcvae's own -ELBO step; then the class area on
 * z1 samples of every image, with a labelled batch alongside each unlabelled
 * one. Each stage has its own checkpoint; a resume picks up whichever stage
 * was running.
 */
import { access } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import { createAdam } from '../adam.ts';
import type { BatchProgress } from '../epochLoop.ts';
import { runOptimizedEpochs } from '../optimizedEpochs.ts';
import { trainGenerative, type EpochMetrics } from '../trainGenerative.ts';
import { classAreaForm } from './classHierarchy.ts';
import type { SsVae } from './ssvae.ts';
import { NeocortexError } from '../../errors.ts';

/** Options of {@link trainSsVae}. */
export interface TrainSsVaeOptions {
  /**
   * Epochs of the lower stage (and of the class stage unless `classEpochs` is
   * given). 0 skips the lower stage: the lower hierarchy keeps its weights
   * (e.g. copied with `SsVae.copyLowerFrom`).
   */
  epochs: number;
  /** Epochs of the class stage (default: `epochs`). */
  classEpochs?: number;
  seed: number;
  /** Indices of the images whose labels may be used. */
  labelled: Int32Array;
  batchSize?: number;
  /** Labelled images next to each unlabelled batch (default: min(batch size, labelled)). */
  labelledBatchSize?: number;
  learningRate?: number;
  /** Called after every batch of either stage with its mean loss. */
  onBatch?: (progress: BatchProgress & { stage: 'lower' | 'class' }) => void;
  checkpoint?: {
    lowerPath: string;
    classPath: string;
    config: Record<string, unknown>;
    resume?: boolean;
  };
}

/** What one epoch of the class stage measured. */
export interface ClassEpochMetrics {
  epoch: number;
  trainLoss: number;
  /** Accuracy of q(y | z1) on the labelled batches as they were trained. */
  labelledAccuracy: number;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * What {@link trainSsVae} returns: both stages' epochs, throughput, and which stage a resume
 * started in.
 */
export interface TrainSsVaeResult {
  lower: EpochMetrics[];
  classArea: ClassEpochMetrics[];
  samplesPerSecond: { lower: number; classArea: number };
  trainingSeconds: number;
  resumedStage: 'lower' | 'class' | null;
}

/**
 * Train the ssvae in two stages: the lower pcvae on every image without labels, then the class
 * area with the labelled images beside each unlabelled batch.
 */
export async function trainSsVae(
  model: SsVae,
  train: ImageSet,
  options: TrainSsVaeOptions,
): Promise<TrainSsVaeResult> {
  if (options.labelled.length === 0)
    throw new NeocortexError('DATA_INVALID', 'trainSsVae: no labelled images');
  const batchSize = options.batchSize ?? 128;
  const labelledBatch = options.labelledBatchSize ?? Math.min(batchSize, options.labelled.length);
  const pixels = model.inputSize;
  const ckpt = options.checkpoint;
  const classResume = ckpt?.resume === true && (await exists(ckpt.classPath));

  const lower = await trainGenerative(model.lower, train, {
    epochs: options.epochs,
    seed: options.seed,
    batchSize,
    learningRate: options.learningRate ?? 1e-3,
    onBatch: (p) => options.onBatch?.({ ...p, stage: 'lower' }),
    ...(ckpt
      ? {
          checkpoint: {
            path: ckpt.lowerPath,
            config: { ...ckpt.config, stage: 'lower' },
            resume: ckpt.resume === true,
          },
        }
      : {}),
  });

  const variables = model.classArea.variables();
  const binarized = (indices: ArrayLike<number>, rng: Parameters<typeof binarize>[1]) =>
    tf.tensor2d(binarize(gatherImages(train, indices), rng), [indices.length, pixels]);
  const upper = await runOptimizedEpochs<ClassEpochMetrics, tf.AdamOptimizer>({
    epochs: options.classEpochs ?? options.epochs,
    // Not the lower stage's seed: its shuffles and noise must differ.
    seed: options.seed + 7919,
    batchSize,
    count: train.count,
    kind: 'ssvae-class',
    spec: model.spec,
    optimizer: createAdam(options.learningRate ?? 1e-3),
    variables,
    checkpoint: ckpt
      ? {
          path: ckpt.classPath,
          // The class area's form is part of the config: a checkpoint of another form is
          // refused with a message that names it (its weights would not fit).
          config: { ...ckpt.config, stage: 'class', ...classAreaForm(model.spec.classArea) },
          resume: classResume,
        }
      : undefined,
    onBatch: (p) => options.onBatch?.({ ...p, stage: 'class' }),
    step: (positions, rng, optimizer) => {
      const chosen = Int32Array.from(
        { length: labelledBatch },
        () => options.labelled[rng.int(options.labelled.length)]!,
      );
      const seed = rng.uint32();
      const labels = tf.tensor1d(Int32Array.from(gatherLabels(train, chosen)), 'int32');
      const [below, belowLabelled] = tf.tidy(() => [
        model.sampleBelow(binarized(positions, rng), seed),
        model.sampleBelow(binarized(chosen, rng), seed + 1),
      ]);
      const hits: tf.Scalar[] = [];
      try {
        const cost = optimizer.minimize(
          () => {
            const { loss, correct } = model.classLoss(below!, belowLabelled!, labels, seed + 2);
            hits.push(tf.keep(correct));
            return loss;
          },
          true,
          variables,
        );
        const loss = cost?.dataSync()[0] ?? Number.NaN;
        cost?.dispose();
        return {
          loss,
          counts: { correct: hits[0]?.dataSync()[0] ?? 0, labelled: labelledBatch },
        };
      } finally {
        tf.dispose([below!, belowLabelled!, labels, ...hits]);
      }
    },
    figures: (t) => ({
      trainLoss: t.meanLoss,
      labelledAccuracy: (t.counts['correct'] ?? 0) / Math.max(t.counts['labelled'] ?? 0, 1),
    }),
  });
  return {
    lower: lower.epochs,
    classArea: upper.epochs,
    samplesPerSecond: { lower: lower.samplesPerSecond, classArea: upper.samplesPerSecond },
    trainingSeconds: lower.trainingSeconds + upper.trainingSeconds,
    resumedStage: classResume ? 'class' : ckpt?.resume ? 'lower' : null,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
