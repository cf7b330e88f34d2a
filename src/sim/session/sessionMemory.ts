/**
 * The memory a session's two models would take to train, estimated by their kinds from their
 * specs (models/live.ts `estimateBytes`), and the check that refuses a session over its
 * `maxMemoryMiB` before any model is built. Worker training keeps two copies of each model
 * (the display's and the worker's), so its estimate counts both. The check runs where the data's
 * shape is first known: from the data set's name right after the spec is parsed (`serve`,
 * before the backend starts), and from the data itself when a Session is made.
 */
import { DATASET_SHAPES } from '../../data/names.ts';
import type { DatasetSplit } from '../../data/types.ts';
import type { LiveBuildContext } from '../../models/live.ts';
import type { MemoryEstimate } from '../../models/kind.ts';
import { checkMemory } from '../../models/memory.ts';
import { liveFacet } from './liveSlots.ts';
import { slotSpecs } from './slotSpecs.ts';
import type { SessionSpec } from './sessionSpec.ts';

/** The estimate of both models of `spec` for data of `context`'s shape (both copies with worker training). */
export function sessionMemory(
  spec: SessionSpec,
  context: Pick<LiveBuildContext, 'inputSize' | 'classes'>,
): MemoryEstimate {
  const build: LiveBuildContext = {
    ...context,
    seed: spec.seed,
    learningRate: spec.learningRate,
    batchSize: spec.batchSize,
  };
  const slots = slotSpecs(spec);
  const parts = [
    liveFacet('generative', slots.generative.kind).estimateBytes(slots.generative, build),
    liveFacet('classifier', slots.classifier.kind).estimateBytes(slots.classifier, build),
  ];
  const copies = spec.training === 'worker' ? 2 : 1;
  const sum = (key: keyof MemoryEstimate): number =>
    copies * parts.reduce((total, part) => total + part[key], 0);
  return {
    parameters: sum('parameters'),
    optimizer: sum('optimizer'),
    activations: sum('activations'),
  };
}

/**
 * Refuse `spec` (a NeocortexError, `SPEC_INVALID`) when its models' estimate is over its
 * `maxMemoryMiB`, naming the estimate and how to raise the limit.
 */
export function checkSessionMemory(
  spec: SessionSpec,
  context: Pick<LiveBuildContext, 'inputSize' | 'classes'>,
): void {
  checkMemory(
    'the live session',
    sessionMemory(spec, context),
    spec.maxMemoryMiB * 1024 ** 2,
    (needed) => `raise the session spec's "maxMemoryMiB" (or serve --max-memory ${needed})`,
  );
}

/** The data's shape as the models see it: pixels per image and classes. */
export type DataShape = Pick<LiveBuildContext, 'inputSize' | 'classes'>;

/** The shape of the data set `spec` names, as it loads by name (known without loading it). */
export function namedDataShape(spec: SessionSpec): DataShape {
  const { height, width, classes } = DATASET_SHAPES[spec.dataset];
  return { inputSize: height * width, classes };
}

/** The shape of `data` (its training images and class names). */
export function dataShape(data: DatasetSplit): DataShape {
  return { inputSize: data.train.height * data.train.width, classes: data.train.classNames.length };
}
