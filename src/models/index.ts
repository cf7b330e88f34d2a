/**
 * Models built from cortex parts: the plain VAE, the predictive-coding VAE, the
 * feedforward classifiers, the semi-supervised generative classifier and the
 * discriminative predictive-coding network (pcn), with
 * their training loops, losses, evaluation and checkpoints.
 *
 * @module models
 */
export { Vae, VaeSpec } from './vae.ts';
export type { NegElboTerms, Recognition } from './vae.ts';
export type { EpochLoopResult } from './epochLoop.ts';
export type { CheckpointOptions } from './trainingCheckpoint.ts';
export type { GenerativeModel } from './generative.ts';
export { localStepTrace } from './localStepTrace.ts';
export type { LocalStepTrace } from './localStepTrace.ts';
export * from './pcvae/index.ts';
export * from './classifier/index.ts';
export * from './ssvae/index.ts';
export * from './hybrid/index.ts';
export * from './pcn/index.ts';
export * from './pcgen/index.ts';
export { trainGenerative, NonFiniteLossError } from './trainGenerative.ts';
export type {
  BatchProgress,
  EpochMetrics,
  TrainGenerativeOptions,
  TrainGenerativeResult,
  GenerativeStepper,
  GenerativeStepperContext,
  GenerativeStepperFactory,
} from './trainGenerative.ts';
export { generativeStep, generativeGradients } from './trainingStep.ts';
export type { GenerativeGradients, GenerativeStepResult } from './trainingStep.ts';
export { binarizeTestSet, evaluateNegElbo } from './evaluate.ts';
export type { NegElboReport } from './evaluate.ts';
export { CheckpointError, loadCheckpoint, saveCheckpoint, assertSameConfig } from './checkpoint.ts';
export type { CheckpointContent, CheckpointHeader, NamedArray } from './checkpoint.ts';
export * from './figureGround/index.ts';
