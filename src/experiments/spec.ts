/**
 * An experiment run described as data: which experiment, quick or full, the
 * seeds, the data set and the experiment's own configuration (sizes, epochs,
 * label counts...). `neocortex spec experiment <name>` prints one;
 * `neocortex experiment <name> --spec FILE` runs it; results.json embeds the
 * one it ran, so `neocortex experiment --from DIR/results.json` reruns it.
 * A config may be partial: the fields it leaves out come from the
 * experiment's quick or full defaults.
 */
import { z } from 'zod';
import { parseSpecWith } from '../cortex/specError.ts';
import { schemaReference, wholeNumber } from '../cortex/specFields.ts';
import type { Experiment } from './types.ts';

/** Most seeds one run may ask for. */
export const MAX_SEEDS = 1000;

/** The largest seed a run may use. */
export const MAX_SEED = 1_000_000;

/** A validated experiment spec: every field filled in, the config complete. */
export interface ExperimentSpec {
  experiment: string;
  quick: boolean;
  seeds: number[];
  dataset: string;
  config: Record<string, unknown>;
}

/** The spec schema of one experiment; its `config` is the experiment's own schema. */
export function experimentSpecSchema(experiment: Experiment) {
  return z
    .object({
      $schema: schemaReference(),
      experiment: z.literal(experiment.name),
      /** Quick: small data and few epochs (proves the pipeline, not the claim). */
      quick: z.boolean().default(false),
      /** Seeds, one run of every cell each; default 1, 2, 3 (quick: 1). */
      seeds: z.array(wholeNumber(1, MAX_SEED)).min(1).max(MAX_SEEDS).optional(),
      dataset: z
        .enum(experiment.datasets as [string, ...string[]])
        .default(experiment.datasets[0]!),
      config: experiment.config.schema,
    })
    .strict();
}

/** The spec schema of every experiment, told apart by `experiment`. */
export function experimentsSpecSchema(experiments: readonly Experiment[]) {
  const [first, ...rest] = experiments.map(experimentSpecSchema);
  return z.discriminatedUnion('experiment', [first!, ...rest]);
}

/**
 * Validate an experiment spec: a partial `config` is completed from the
 * experiment's quick or full defaults, then everything is checked; throws a
 * SpecError listing every problem with its JSON path.
 */
export function parseExperimentSpec(
  input: unknown,
  experiments: readonly Experiment[],
): ExperimentSpec {
  const schema = experimentsSpecSchema(experiments);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return parseSpecWith(schema, input, 'experiment spec') as never;
  }
  const raw = input as Record<string, unknown>;
  const experiment = experiments.find((e) => e.name === raw['experiment']);
  const completed =
    experiment === undefined
      ? raw
      : {
          ...raw,
          config: {
            ...(experiment.config[raw['quick'] === true ? 'quick' : 'full'] as object),
            ...(raw['config'] !== null && typeof raw['config'] === 'object'
              ? (raw['config'] as object)
              : {}),
          },
        };
  const parsed = parseSpecWith(schema, completed, 'experiment spec');
  const { $schema, ...spec } = parsed as typeof parsed & { $schema?: string };
  void $schema;
  return {
    experiment: spec.experiment,
    quick: spec.quick,
    seeds: spec.seeds ?? (spec.quick ? [1] : [1, 2, 3]),
    dataset: spec.dataset,
    config: spec.config,
  };
}

/** The complete default spec of an experiment (what `neocortex spec experiment <name>` prints). */
export function defaultExperimentSpec(
  experiment: Experiment,
  experiments: readonly Experiment[],
  quick = false,
): ExperimentSpec {
  return parseExperimentSpec({ experiment: experiment.name, quick }, experiments);
}
