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
export type { CheckpointOptions, TrainingState } from './trainingCheckpoint.ts';
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
export { sampledNegElbo, sampledNegElboTerms } from './sampledNegElbo.ts';
export type { NegElboDraws, NegElboScorer } from './sampledNegElbo.ts';
export { forEachTestBatch } from './testBatches.ts';
export type { TestBatch, TestBatchOptions } from './testBatches.ts';
export { CheckpointError, loadCheckpoint, saveCheckpoint, assertSameConfig } from './checkpoint.ts';
export type { CheckpointContent, CheckpointHeader, NamedArray } from './checkpoint.ts';
export * from './figureGround/index.ts';
export {
  registerModelKind,
  modelKind,
  findModelKind,
  importKindModule,
  kindModuleUrls,
  modelKindNames,
  modelKinds,
} from './kinds.ts';
export { dataShapeOf } from './kind.ts';
export type {
  AnyModelKind,
  CheckpointPart,
  DataShape,
  DisposableModel,
  Evaluation,
  EvaluationContext,
  GeneratorTraining,
  KindGenerator,
  KindOption,
  KindPictures,
  KindTraining,
  MemoryEstimate,
  ModelKindDefinition,
  ModelSpecBase,
  PriorGenerator,
  StageProgress,
  TrainedRun,
  TrainingContext,
  TrainingProgress,
} from './kind.ts';
export {
  MODEL_LIMITS,
  defaultModelSpec,
  parseModelSpec,
  parseModelSpecOf,
  settlingFields,
  trainingFields,
  trainingFieldsWithoutRate,
} from './modelSpec/index.ts';
export type { Resolved, ResolvedModelSpec } from './modelSpec/index.ts';
export { z } from './zod.ts';
export { runEpochs, epochPlan } from './epochLoop.ts';
export type { EpochLoopOptions, EpochPlan, EpochTotals, StepResult } from './epochLoop.ts';
export { runOptimizedEpochs } from './optimizedEpochs.ts';
export type { EpochTiming, OptimizedEpochsOptions } from './optimizedEpochs.ts';
export { reportBatches, resumedLine, trainedRun } from './kindTraining.ts';
export {
  DEFAULT_MEMORY_LIMIT,
  checkMemory,
  denseParameters,
  formatBytes,
  parseByteSize,
  totalBytes,
  trainingMemory,
} from './memory.ts';
export {
  numberOption,
  oneSizeOption,
  optimizerOptions,
  sizeList,
  sizesOption,
  typedNumber,
  valueOption,
} from './kindOptions.ts';
export * from './vae/index.ts';
// What a kind does in a live session (models/live.ts), the built-in kinds' live facets, the
// bases a kind's live model may extend, and a trained model read back from its run.
export {
  LIVE_LIMITS,
  checkLiveSizes,
  describedAs,
  liveSettleSteps,
  liveSizes,
  trainedField,
} from './live.ts';
export type {
  AnyLiveFacet,
  ClassifierStepReport,
  ClassifierView,
  GenerativeStepReport,
  GenerativeView,
  LiveBuildContext,
  LiveCaptions,
  LiveClassifierModel,
  LiveFacet,
  LiveGenerativeModel,
  LiveModel,
  LiveModelOf,
  LiveSlot,
  Recognition as LiveRecognition,
  SettleStart,
  SettleStep,
} from './live.ts';
export { HierarchyGenerativeModel, type HierarchyParts } from './liveGenerative.ts';
export { HierarchyClassifierModel, type ClassifierParts } from './liveClassifier.ts';
export { pcvaeLive, pcvaeCaptions, PcVaeLiveSpec } from './pcvae/live.ts';
export { pcgenLive, pcgenCaptions, PcGenLiveSpec } from './pcgen/live.ts';
export { pcnLive, PcnLiveSpec } from './pcn/live.ts';
export { LIVE_MLP_HIDDEN, mlpLive, mlpCaptions, MlpLiveSpec } from './classifier/live.ts';
export { loadTrainedModel, trainedCheckpointPath } from './trainedModel.ts';
export type { TrainedModel } from './trainedModel.ts';
