/**
 * The optimizer of a predictive-coding network's weight step, as data: which one (`adam`
 * or `sgd`) and its learning rate. The pcn and the pcgen share it, so a spec moves
 * between them unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { positiveNumber } from '../cortex/specFields.ts';

/** The optimizers a weight step may use. */
export const optimizerNames = ['adam', 'sgd'] as const;

/** Largest learning rate a spec may ask for: far above anything useful, far below a typo. */
export const MAX_LEARNING_RATE = 10;

/** The optimizer of a weight step (zod schema): `adam` or `sgd`, and its learning rate. */
export const OptimizerSpec = z
  .object({
    name: z
      .enum(optimizerNames, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not one of ${optimizerNames.join(', ')}`,
      })
      .default('adam')
      .describe('adam or sgd.'),
    learningRate: positiveNumber(MAX_LEARNING_RATE)
      .default(1e-3)
      .describe('Step size of the optimizer.'),
  })
  .strict();
/** A validated optimizer description. */
export type OptimizerSpec = z.output<typeof OptimizerSpec>;

/** The optimizer `spec` names at its learning rate (tf.train); the caller disposes it. */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  return spec.name === 'adam' ? tf.train.adam(spec.learningRate) : tf.train.sgd(spec.learningRate);
}
