/**
 * The memory a session's two models would take to train, estimated by their kinds from their
 * specs (models/live.ts `estimateBytes`), and the check that refuses a session over its
 * `maxMemoryMiB` before any model is built. Worker training keeps two copies of each model
 * (the display's and the worker's), so its estimate counts both.
 */
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
