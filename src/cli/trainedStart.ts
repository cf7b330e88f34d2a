/**
 * Where `neocortex serve` starts its models from: the trained weights the package ships for
 * the default session (trained/mnist-default/, made by `npm run trained:default`), a
 * teacher's own trained runs (`--trained-generative DIR`, `--trained-classifier DIR`), or
 * random weights (`--from-scratch`). The shipped weights fill a slot only when the served
 * session would train exactly the model they were trained as (the default kind and sizes, on
 * MNIST) and no spec file was given; every other session starts as its spec says.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NeocortexError } from '../errors.ts';
import type { LiveSlot } from '../models/live.ts';
import { servedSessionSpec } from '../sim/session/parsedSessionSpec.ts';
import { PACKAGE_ROOT } from '../version.ts';

/** The folder of the trained weights shipped for the default session (one run folder a slot). */
export const SHIPPED_TRAINED_DIR = join(PACKAGE_ROOT, 'trained', 'mnist-default');

/** The run folder of the shipped trained model of `slot` (`.../generative`, `.../classifier`). */
export function shippedTrainedRun(slot: LiveSlot): string {
  return join(SHIPPED_TRAINED_DIR, slot);
}

/** The data set the shipped weights were trained on. */
export const SHIPPED_TRAINED_DATASET = 'mnist';

/** `serve`'s options about where the models start, as commander hands them over. */
export interface TrainedStartOptions {
  /** Start from random weights, even where the package ships trained ones. */
  fromScratch?: boolean;
  /** A `neocortex train` run (folder, checkpoint.bin or metrics.json) for the generative slot. */
  trainedGenerative?: string;
  /** A `neocortex train` run for the classifier slot. */
  trainedClassifier?: string;
}

const flags: Record<LiveSlot, string> = {
  generative: '--trained-generative',
  classifier: '--trained-classifier',
};

function slotOf(spec: Record<string, unknown>, slot: LiveSlot): Record<string, unknown> {
  const value = spec[slot];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The session spec `spec` (as `serve` built it from its file and options, before parsing)
 * with each slot's `trained` run set: the run a `--trained-*` option names (taken from the
 * working folder), or, with no spec file and no `--from-scratch`, the shipped run of a slot
 * the served session would build exactly as the shipped model was trained. `--from-scratch`
 * with a `--trained-*` option is refused (they contradict each other).
 * @param hasSpecFile - a `--spec` file was given: it says itself what its slots start from
 * @param shippedRun - where the shipped run of a slot is (tests point it elsewhere)
 */
export function applyTrainedStart(
  spec: Record<string, unknown>,
  options: TrainedStartOptions,
  hasSpecFile: boolean,
  shippedRun: (slot: LiveSlot) => string = shippedTrainedRun,
): Record<string, unknown> {
  const given: Partial<Record<LiveSlot, string>> = {
    ...(options.trainedGenerative !== undefined ? { generative: options.trainedGenerative } : {}),
    ...(options.trainedClassifier !== undefined ? { classifier: options.trainedClassifier } : {}),
  };
  const named = Object.keys(given) as LiveSlot[];
  if (options.fromScratch === true && named.length > 0) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `--from-scratch and ${named.map((slot) => flags[slot]).join(' and ')}: a session starts ` +
        'either from random weights or from trained ones; give one of them',
    );
  }
  const out = { ...spec };
  // A slot given as an object needs its kind: the one the spec gives, else the slot's default.
  const before = servedSessionSpec(spec);
  const withTrained = (slot: LiveSlot, trained: string): Record<string, unknown> => ({
    kind: before[slot].kind,
    ...slotOf(spec, slot),
    trained,
  });
  for (const slot of named) out[slot] = withTrained(slot, resolve(given[slot]!));
  if (options.fromScratch === true || hasSpecFile) return out;
  const served = servedSessionSpec(out);
  if (served.dataset !== SHIPPED_TRAINED_DATASET) return out;
  const defaults = servedSessionSpec({});
  for (const slot of ['generative', 'classifier'] as const) {
    if (named.includes(slot) || served[slot].trained !== undefined) continue;
    const sameModel =
      JSON.stringify(served[slot]) === JSON.stringify(defaults[slot]) &&
      (slot === 'generative' ||
        JSON.stringify(served.classifierHidden) === JSON.stringify(defaults.classifierHidden));
    const run = shippedRun(slot);
    if (sameModel && existsSync(join(run, 'checkpoint.bin'))) {
      out[slot] = withTrained(slot, run);
    }
  }
  return out;
}

/** Whether a slot of the session `spec` starts from the shipped weights. */
export function startsShipped(spec: {
  generative: { trained?: string | undefined };
  classifier: { trained?: string | undefined };
}): boolean {
  return (['generative', 'classifier'] as const).some(
    (slot) => spec[slot].trained === shippedTrainedRun(slot),
  );
}
