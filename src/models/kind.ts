/**
 * A model kind, whole, in one object: its one spec (zod schema: defaults and bounds written
 * once), how it is built from the spec and the data's shape, how much memory it needs, how it
 * trains (through the shared epoch loop, models/epochLoop.ts), how it is tested (named figures
 * and report lines), its pictures, its checkpoint, the command-line options it adds and what
 * it does in a live session. Each built-in kind is one such object in its own folder
 * (`models/<kind>/kind.ts`), listed once in models/kinds.ts; a user's own kind is one more,
 * given to `registerModelKind`. The command line, the live session and the experiments look a
 * kind up by name and call it; none of them switches on a kind's name.
 *
 * Nengo's builder (`Builder.register(type)`: one build function per object type) and
 * tfjs-layers' `registerClass` (one registry from config to object) are the models for this.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { DatasetName, DatasetSplit, ImageSet } from '../data/index.ts';
import type { BatchProgress } from './epochLoop.ts';
import type { AnyLiveFacet } from './live.ts';
import type { CheckpointOptions } from './trainingCheckpoint.ts';
import type { GenerativeStepperFactory } from './trainGenerative.ts';

/** What a model is built for: the data's image shape and how many classes its labels have. */
export interface DataShape {
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Classes of the labels. */
  readonly classes: number;
}

/** The data shape of a split: its images' height and width and its class count. */
export function dataShapeOf(data: DatasetSplit): DataShape {
  return {
    height: data.train.height,
    width: data.train.width,
    classes: data.train.classNames.length,
  };
}

/**
 * The fields every kind's spec has, whatever else it holds: its `kind`, the data set it trains
 * on, the schedule and the seed (see `trainingFields` in models/modelSpec/schema.ts, which a
 * kind spreads into its schema).
 */
export interface ModelSpecBase {
  /** The kind's name: which registered kind parses and builds this spec. */
  kind: string;
  /** Data set to train and test on. */
  dataset: DatasetName;
  /** A folder of IDX files read instead of the embedded copy. */
  dataDir?: string | undefined;
  /** Passes over the training images. */
  epochs: number;
  /** Images per batch (the kind's default when left out). */
  batchSize?: number | undefined;
  /** Seed of the weights, the batch order and the noise. */
  seed: number;
}

/**
 * A kind's memory estimate for one spec, in bytes: its weights, what training keeps beside
 * them (gradients and the optimizer's moments) and the activations of one batch.
 */
export interface MemoryEstimate {
  /** Weights and biases (4 bytes each). */
  parameters: number;
  /** Gradients and optimizer state (Adam: two moments a weight). */
  optimizer: number;
  /** Activations a training batch holds at once (forward values and their gradients). */
  activations: number;
}

/**
 * A command-line option a kind adds to `neocortex train`. Several kinds may add the same flag
 * (`--latent`): the command line shows it once and each kind applies it its own way; a kind
 * that does not declare a flag refuses it, naming the kinds that take it.
 */
export interface KindOption {
  /** The flag as commander declares it: `--latent <sizes>`, or `--binarize` for a switch. */
  readonly flag: string;
  /** What it sets, for the help text. */
  readonly description: string;
  /**
   * Put the typed value into the raw spec (before validation) and return the fields it set,
   * as dotted paths without indices (`latentSizes`, `areas.size`, `optimizer.learningRate`),
   * so a problem the schema finds there is named by the flag. May throw a NeocortexError
   * (`OPTION_INVALID`) for a value this kind cannot take. Absent when `refusal` is given.
   */
  apply?(spec: Record<string, unknown>, value: unknown): string[];
  /**
   * Instead of taking the flag, the kind refuses it with this message: for a flag people
   * expect it to take (`--latent` of a kind that has hidden areas only).
   */
  readonly refusal?: string;
}

/** A progress bar for one test-time stage over the test images. */
export interface StageProgress {
  /** `done` of the stage's images are scored. */
  advance(done: number): void;
  /** The stage is over. */
  stop(): void;
}

/** Where a kind reports its training's progress (the command line draws a bar from it). */
export interface TrainingProgress {
  /**
   * After each batch: `epoch` counts from 1 over the whole run of `epochs` epochs (a
   * two-stage kind counts its second stage's epochs after the first's).
   */
  batch(progress: BatchProgress & { epochs: number }): void;
  /** A test stage over `count` images, e.g. `settling 50 iterations`. */
  stage(label: string, count: number): StageProgress;
}

/** What a kind's training is given: the data, the checkpoints it may write, where to report. */
export interface TrainingContext {
  /** The data set, train and test. */
  readonly data: DatasetSplit;
  /** Images per batch (the spec's, or the kind's default). */
  readonly batchSize: number;
  /**
   * The checkpoint options of one of the run's checkpoint files (default `checkpoint.bin`):
   * `config` is what the kind's checkpoints must match to resume (its network and how it
   * learns); the caller adds the run's kind, data set, data folder and seed to it. Undefined
   * when the run keeps no checkpoint.
   */
  readonly checkpoint?:
    ((config: Record<string, unknown>, file?: string) => CheckpointOptions) | undefined;
  /** Whether the run resumes from its checkpoints. */
  readonly resume: boolean;
  /** Where batches and test stages are reported. */
  readonly progress: TrainingProgress;
  /** A line for the person running it (e.g. how many labels were kept). */
  print(line: string): void;
  /**
   * Takes the steps of a data-parallel run on `workers` threads, for the kinds that support it
   * (src/sim/dataParallel, given by the caller, since models do not import the sim layer).
   * Undefined or returning undefined: every step on this thread.
   */
  readonly parallel?: ((workers: number) => GenerativeStepperFactory | undefined) | undefined;
}

/** What a finished training reports, for metrics.json and the summary. */
export interface TrainedRun {
  /** metrics.json's `history`: every epoch's figures (with those before a resume). */
  history: unknown;
  /** Training images a second, over the epochs this run trained. */
  samplesPerSecond: number;
  /** Seconds spent training. */
  trainingSeconds: number;
  /** metrics.json's `config`: what a checkpoint must match, as given to `checkpoint` (without the run's own fields). */
  config: Record<string, unknown>;
  /** A line saying where a resumed run went on from, if it was resumed. */
  resumed?: string | undefined;
  /** Further figures of the kind for metrics.json (e.g. `labels`). */
  figures?: Record<string, unknown> | undefined;
}

/** How a kind trains: the loss its progress shows and the run itself. */
export interface KindTraining<S, M> {
  /** The name of the loss on the progress bar: `-ELBO`, `loss`, `F`. */
  readonly lossName: string;
  /** Train `model` for the spec's epochs (resuming where the context says). */
  train(model: M, spec: S, context: TrainingContext): Promise<TrainedRun>;
}

/** A kind's test figures and what to print about them. */
export interface Evaluation {
  /** metrics.json's `test`: the named figures. */
  test: Record<string, unknown>;
  /** Report lines, most detailed first, the headline last. */
  lines: string[];
}

/** What a kind's evaluation is given. */
export interface EvaluationContext {
  /** The test images and labels. */
  readonly test: ImageSet;
  /** What training reported (its throughput is part of the headline). */
  readonly trained: TrainedRun;
  /** Where a long test stage shows its progress. */
  readonly progress: TrainingProgress;
}

/** The values of a tensor the caller owned (a picture's pixels), which is then freed. */
export function valuesOf(t: tf.Tensor): Float32Array {
  try {
    return t.dataSync().slice() as Float32Array;
  } finally {
    t.dispose();
  }
}

/** The pictures a generative kind leaves in its run folder. */
export interface KindPictures<M> {
  /** `count` images generated from the prior with `seed`, as pixel values, one after another. */
  samples(model: M, count: number, seed: number): Float32Array;
  /** Each image of `x` ([count, pixels]) recognized (or settled) and generated back down. */
  reconstructions(model: M, x: tf.Tensor2D): Float32Array;
}

/**
 * A trained generative model, seen from outside (what an experiment samples from): samples
 * from its prior, reconstructions of images, the way it samples and its training curve.
 */
export interface PriorGenerator {
  /**
   * `count` images generated from the prior, seeded by `seed`, as pixel
   * probabilities (the sensory area's Bernoulli means), one image after another.
   */
  sample(count: number, seed: number): Float32Array;
  /** Each of `count` images recognised and generated back down, as pixel probabilities. */
  reconstruct(images: Float32Array, count: number): Float32Array;
  /** A line saying how its samples are drawn, for reports. */
  readonly sampling: string;
  /** Its training loss per epoch (nats), as its kind measures it (a -ELBO, a settled free energy). */
  readonly history: number[];
  /** Free its weights. */
  dispose(): void;
}

/** How an experiment trains a kind's generator: its seed, checkpoint and progress. */
export interface GeneratorTraining {
  /** Seed of the weights and the batch order. */
  seed: number;
  /**
   * The checkpoint to write every epoch (and resume from), given the built model's spec;
   * undefined: none.
   */
  checkpoint?: ((spec: object) => CheckpointOptions | undefined) | undefined;
  /** Called after each training batch. */
  onBatch?: ((progress: BatchProgress) => void) | undefined;
}

/**
 * A kind as an experiment's generative model: the entry an experiment lists (a narrowing of
 * the kind's fields, with `kind` and `epochs`; the experiment adds the entry's `name`), how
 * it is trained on every training image into a {@link PriorGenerator}, and a one-line
 * description for reports.
 */
export interface KindGenerator<E extends { kind: string; epochs: number }> {
  /** The entry's fields (a zod object): `kind`, `epochs` and the kind's own sizes. */
  readonly entry: z.ZodObject;
  /** Train on every image of `train` (no labels); the caller disposes the result. */
  train(entry: E, train: ImageSet, options: GeneratorTraining): Promise<PriorGenerator>;
  /** Its architecture in one line for reports, e.g. `pcvae 784-400-20-200-10`. */
  describe(entry: E, inputSize: number): string;
}

/** Where a trained model's weights are: a checkpoint file of its run and the variables it holds. */
export interface CheckpointPart {
  /** The file in the run folder, e.g. `checkpoint.bin`. */
  readonly file: string;
  /** The variables it saved, in the order it saved them. */
  readonly variables: tf.Variable[];
}

/** What every built model offers: a way to free its weights. */
export interface DisposableModel {
  /** Free its weights (and anything else it holds). */
  dispose(): void;
}

/**
 * One model kind (see the file's comment). `S` is its validated spec, `M` its built model.
 * Give it to `registerModelKind` to make it a kind the command line, the session and the
 * experiments know.
 */
export interface ModelKindDefinition<
  S extends ModelSpecBase = ModelSpecBase,
  M extends DisposableModel = DisposableModel,
> {
  /** The kind's name: a spec's `kind`, `--model NAME`. Letters, digits and `-`. */
  readonly name: string;
  /** One line saying what it is, for lists and help. */
  readonly summary: string;
  /**
   * Its one spec (a zod object schema whose `kind` is the literal `name`): every field's
   * default and bounds, written once. It spreads the shared training fields
   * (`trainingFields`), so `{ kind: name }` alone parses to a complete default spec.
   */
  readonly spec: z.ZodType<S>;
  /** Images per batch when the spec gives none (default 128). */
  defaultBatchSize?(spec: S): number;
  /** The memory a spec needs, from the spec alone (nothing is allocated). */
  estimateBytes(spec: S, data: DataShape): MemoryEstimate;
  /**
   * What in the spec does not fit the data (sensory size against the data's pixels, classes
   * against its labels), one line a problem naming the field; empty when it fits.
   */
  checkData?(spec: S, data: DataShape): string[];
  /** Build the model the spec describes for data of this shape, its weights from `seed`. */
  build(spec: S, data: DataShape, seed: number): M;
  /** How it trains. */
  readonly training: KindTraining<S, M>;
  /** Its test figures on the test set, once trained. */
  evaluate(model: M, spec: S, context: EvaluationContext): Promise<Evaluation> | Evaluation;
  /** Its pictures (samples and reconstructions), if it generates images. */
  readonly pictures?: KindPictures<M> | undefined;
  /** Where a trained model's weights are in its run folder (to load a finished run). */
  checkpoint?(model: M): CheckpointPart[];
  /** What an experiment that samples from generative models trains of it, if it generates images. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly generator?: KindGenerator<any> | undefined;
  /** The command-line options it adds to `neocortex train`. */
  readonly options?: readonly KindOption[] | undefined;
  /**
   * What it does in a live session (models/live.ts): which slot it fills, the session's
   * narrowing of its spec, how a live model is built, trained, recognizes, settles, and the
   * captions the page shows. Absent: the kind does not run live.
   */
  readonly live?: AnyLiveFacet | undefined;
}

/** A registered kind of any spec: what the registry hands out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelKind = ModelKindDefinition<any, any>;
