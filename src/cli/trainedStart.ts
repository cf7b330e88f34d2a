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
import { withTrainedSlots, type ParsedSessionSpec } from '../sim/session/parsedSessionSpec.ts';
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

/**
 * The served session with its slots' trained starts: `--trained-generative` and
 * `--trained-classifier` runs where given; otherwise, without `--from-scratch` or a spec file,
 * the shipped weights for each slot the user left as the default model (not named in `raw`, and
 * for the classifier no `classifierHidden` either) on the shipped data set. Takes the spec parsed
 * once and never parses it again ({@link withTrainedSlots}).
 * @param spec - the session spec as parsed, once
 * @param raw - the spec as written from the file and flags (which slots the user named)
 * @param hasSpecFile - a `--spec` file was given: it says itself what its slots start from
 * @param shippedRun - where the shipped run of a slot is (tests point it elsewhere)
 */
export function applyTrainedStart(
  spec: ParsedSessionSpec,
  raw: Record<string, unknown>,
  options: TrainedStartOptions,
  hasSpecFile: boolean,
  shippedRun: (slot: LiveSlot) => string = shippedTrainedRun,
): ParsedSessionSpec {
  const given: Partial<Record<LiveSlot, string>> = {
    ...(options.trainedGenerative !== undefined
      ? { generative: resolve(options.trainedGenerative) }
      : {}),
    ...(options.trainedClassifier !== undefined
      ? { classifier: resolve(options.trainedClassifier) }
      : {}),
  };
  const named = Object.keys(given) as LiveSlot[];
  if (options.fromScratch === true && named.length > 0) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `--from-scratch and ${named.map((slot) => flags[slot]).join(' and ')}: a session starts ` +
        'either from random weights or from trained ones; give one of them',
    );
  }
  const trained = { ...given };
  const shipped = options.fromScratch !== true && !hasSpecFile;
  if (shipped && spec.dataset === SHIPPED_TRAINED_DATASET) {
    for (const slot of ['generative', 'classifier'] as const) {
      const defaultModel =
        raw[slot] === undefined && (slot === 'generative' || raw['classifierHidden'] === undefined);
      const run = shippedRun(slot);
      if (trained[slot] === undefined && spec[slot].trained === undefined && defaultModel) {
        if (existsSync(join(run, 'checkpoint.bin'))) trained[slot] = run;
      }
    }
  }
  return Object.keys(trained).length === 0 ? spec : withTrainedSlots(spec, trained);
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
