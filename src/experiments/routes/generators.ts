/**
 * Generative models an experiment can sample from, as data: each entry of an experiment's
 * `models` list names a model, its kind and its sizes, and {@link trainGenerator} trains it
 * through its kind and hands back a {@link PriorGenerator}. Every registered kind with a
 * `generator` (models/<kind>/generator.ts) can be listed; its entry is that kind's own
 * narrowing of its fields, and nothing here knows one kind from another.
 */
import { z } from 'zod';
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import type { AnyModelKind, KindGenerator, PriorGenerator } from '../../models/kind.ts';
import { modelKind, modelKinds } from '../../models/kinds.ts';
import { namesUsedOnce } from '../../models/modelSpec/schema.ts';
import { PcVaeGeneratorEntry } from '../../models/pcvae/generator.ts';
import { routeCheckpoint } from './routeCheckpoint.ts';

export type { PriorGenerator } from '../../models/kind.ts';

const generatorName = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, 'a model name starts with a letter: letters, digits, _ . and -')
  .max(64);

/**
 * An entry of a kind's generator with its name in tables, plots and cell keys (e.g.
 * `pcvae-2`), the name first: cached cells compare their configs as written.
 */
function named<S extends z.ZodRawShape>(entry: z.ZodObject<S>) {
  return z.object({ name: generatorName, ...entry.shape }).strict();
}

/** A predictive-coding VAE entry: its stochastic areas' sizes, their maps' hidden widths, its epochs. */
export const PcVaeGeneratorSpec = named(PcVaeGeneratorEntry);
/** A validated pcvae entry. */
export type PcVaeGeneratorSpec = z.infer<typeof PcVaeGeneratorSpec>;

/** The kinds that can be an experiment's generative model, in the registry's order. */
function generatorKinds(): (AnyModelKind & { generator: KindGenerator<never> })[] {
  return modelKinds().filter(
    (kind): kind is AnyModelKind & { generator: KindGenerator<never> } =>
      kind.generator !== undefined,
  );
}

/**
 * One generative model of an experiment's list, told apart by `kind`: any registered kind with
 * a generator (looked up when a list is parsed, so a plugin's kind can be listed too).
 */
export const GeneratorSpec = z.lazy(() => {
  const [first, ...rest] = generatorKinds().map((kind) => named(kind.generator.entry));
  return z.discriminatedUnion('kind', [first!, ...rest]);
}) as unknown as z.ZodType<GeneratorSpec>;
/** A validated generative model entry: its name, kind, epochs and the kind's own fields. */
export type GeneratorSpec = { name: string; kind: string; epochs: number } & Record<
  string,
  unknown
>;

/** A list of `item`s (each with a `name`) whose names are used once each (cell keys use them). */
export function namedList<T extends z.ZodType<{ name: string }>>(item: T) {
  return z.array(item).min(1).max(16).superRefine(namesUsedOnce('models'));
}

/** A list of generative models whose names are used once each. */
export const GeneratorList = namedList(GeneratorSpec);

/** How to train one generator: its seed, its checkpoint and a progress callback. */
export interface TrainGeneratorOptions {
  /** Seed of the weights and the batch order. */
  seed: number;
  /** Checkpoint file: written every epoch, resumed from when present. */
  checkpoint?: string;
  /** Called after each training batch. */
  onBatch?: (p: BatchProgress) => void;
}

/** The generator of the kind an entry names. */
function generatorOf(spec: GeneratorSpec): KindGenerator<GeneratorSpec> {
  const generator = modelKind(spec.kind).generator as KindGenerator<GeneratorSpec> | undefined;
  if (generator === undefined) {
    throw new Error(`a ${spec.kind} model cannot be an experiment's generator`);
  }
  return generator;
}

/** Train the generative model `spec` describes on every image of `train` (no labels); the caller disposes it. */
export function trainGenerator(
  spec: GeneratorSpec,
  train: ImageSet,
  options: TrainGeneratorOptions,
): Promise<PriorGenerator> {
  const { name, ...entry } = spec;
  void name;
  return generatorOf(spec).train(entry as GeneratorSpec, train, {
    seed: options.seed,
    checkpoint: (modelSpec) =>
      routeCheckpoint(options.checkpoint, modelSpec, train, options.seed).checkpoint,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });
}

/** A one-line description of a generator's architecture for reports, e.g. `pcvae 784-400-20-200-10`. */
export function describeGenerator(spec: GeneratorSpec, inputSize: number): string {
  return generatorOf(spec).describe(spec, inputSize);
}
