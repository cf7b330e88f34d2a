/**
 * The `train` command's options and spec: `--spec FILE` (a model spec, or a
 * run's metrics.json) gives the model, and options the user typed override its
 * fields; without `--spec` the options alone build the same spec. The result
 * is validated by the model spec schema before anything runs, and each problem
 * names the option (`--epochs: expected a whole number from 1 to 100000`) or,
 * for a field of the file, its JSON path.
 */
import { z } from 'zod';
import { BackendChoice } from '../backend/index.ts';
import { formatSpecIssues, SpecError, specPath } from '../cortex/specError.ts';
import { DATASET_NAMES } from '../data/index.ts';
import { NeocortexError } from '../errors.ts';
import {
  defaultBatchSize,
  modelKinds,
  ModelSpec,
  type ModelKind,
  type ResolvedModelSpec,
} from '../models/modelSpec/index.ts';

/** Data sets `--dataset` accepts. */
export const datasetNames = DATASET_NAMES;
/** Models `--model` accepts. */
export const trainableModels = modelKinds;
export { defaultBatchSize };

/** How a run is carried out, not what it computes: these stay out of the spec. */
export const RunOptions = z.object({
  out: z.string().min(1).optional(),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
  resume: z.boolean().default(false),
  /** Replace a run already in `out` (refused otherwise). */
  overwrite: z.boolean().default(false),
});
/** How a run is carried out (output folder, backend, progress bar, resume, overwrite). */
export type RunOptions = z.infer<typeof RunOptions>;

/** Everything a training command needs: the resolved spec, `model` (its kind) and the run options. */
export type TrainOptions = { [K in ModelKind]: TrainOptionsOf<K> }[ModelKind];

/** The training options of one kind of model. */
export type TrainOptionsOf<K extends ModelKind> = Extract<ResolvedModelSpec, { kind: K }> &
  RunOptions & { model: K };

/** The resolved model spec inside training options (what metrics.json records as `spec`). */
export function modelSpecOf(options: TrainOptions): ResolvedModelSpec {
  const { model, out, backend, progress, resume, overwrite, ...spec } = options;
  void [model, out, backend, progress, resume, overwrite];
  return spec as ResolvedModelSpec;
}

/** Option (camelCase, as commander gives it) -> its flag, for messages. */
const flags: Record<string, string> = {
  model: '--model',
  dataset: '--dataset',
  dataDir: '--data-dir',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--lr',
  hidden: '--hidden',
  latent: '--latent',
  settleIterations: '--settle-iterations',
  settleStep: '--settle-step',
  iwaeK: '--iwae-k',
  seed: '--seed',
  classifier: '--classifier',
  labels: '--labels',
  classEpochs: '--class-epochs',
  labelWeight: '--label-weight',
  classArea: '--class-area',
  binarize: '--binarize',
  learning: '--learning',
  inferenceSteps: '--inference-steps',
  inferenceRate: '--inference-rate',
  activation: '--activation',
  optimizer: '--optimizer',
  workers: '--workers',
};
/** Options only the pcn has (another model refuses them by name). */
const pcnOnly = ['learning'];
/** Options of the predictive-coding networks, pcn and pcgen (another model refuses them). */
const predictiveCodingOnly = ['inferenceSteps', 'inferenceRate', 'activation', 'optimizer'];
/** Options of the VAE and the pcvae alone (another model refuses them). */
const generativeOnly = ['workers'];
const numeric = [
  'epochs',
  'batchSize',
  'learningRate',
  'settleIterations',
  'settleStep',
  'iwaeK',
  'seed',
  'labels',
  'classEpochs',
  'labelWeight',
  'inferenceSteps',
  'inferenceRate',
  'workers',
];
const copied = [
  'dataset',
  'dataDir',
  'classifier',
  'binarize',
  'learning',
  'activation',
  'classArea',
  ...numeric,
];

/** "20" or "20,10" -> [20, 10] (NaN where a part is not a number: the schema refuses it). */
function sizeList(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw.map(Number);
  return String(raw)
    .split(',')
    .map((part) => (part.trim() === '' ? NaN : Number(part.trim())));
}

/** Where to read a model spec from a parsed JSON file: the spec itself or a metrics.json's `spec`. */
export function modelSpecFromFile(json: unknown): unknown {
  if (json !== null && typeof json === 'object' && !('kind' in json) && 'spec' in json) {
    return (json as { spec: unknown }).spec;
  }
  return json;
}

/**
 * Put the options the user gave onto a spec (or a bare `{ kind }`); returns the
 * raw spec and which top-level fields came from which flag.
 */
function applyOptions(
  base: Record<string, unknown>,
  given: Record<string, unknown>,
): { raw: Record<string, unknown>; from: Map<string, string> } {
  // Another kind: the spec's network does not carry over, only what every kind shares.
  const otherKind = given['model'] !== undefined && given['model'] !== base['kind'];
  const raw: Record<string, unknown> = otherKind
    ? Object.fromEntries(Object.entries(base).filter(([key]) => sharedFields.has(key)))
    : { ...base };
  const from = new Map<string, string>();
  if (given['model'] !== undefined) {
    raw['kind'] = given['model'];
    from.set('kind', flags['model']!);
  }
  for (const key of copied) {
    if (given[key] === undefined) continue;
    const value = given[key];
    raw[key] = numeric.includes(key) && typeof value === 'string' ? toNumber(value) : value;
    from.set(key, flags[key]!);
  }
  const latent = given['latent'] !== undefined ? sizeList(given['latent']) : undefined;
  const hidden = given['hidden'] !== undefined ? sizeList(given['hidden']) : undefined;
  const kind = raw['kind'];
  const refuse = (keys: string[], owners: string) => {
    const misplaced = keys.find((key) => given[key] !== undefined);
    if (misplaced !== undefined) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `${flags[misplaced]} is an option of ${owners}, not of --model ${String(kind)}`,
      );
    }
  };
  if (kind !== 'pcn') refuse(pcnOnly, '--model pcn');
  if (kind !== 'pcn' && kind !== 'pcgen') refuse(predictiveCodingOnly, '--model pcn and pcgen');
  if (kind !== 'vae' && kind !== 'pcvae') refuse(generativeOnly, '--model vae and pcvae');
  if (kind === 'pcn') {
    pcnOptions(raw, from, given, hidden, latent);
  } else if (kind === 'vae' || kind === 'ssvae') {
    if ((latent?.length ?? 1) > 1 || (hidden?.length ?? 1) > 1) {
      const what = kind === 'ssvae' ? 'one area under its class area' : 'one latent area';
      throw new NeocortexError(
        'OPTION_INVALID',
        `--model ${kind} has ${what}: give one --latent and one --hidden size`,
      );
    }
    if (latent !== undefined) {
      raw['latentSize'] = latent[0];
      from.set('latentSize', '--latent');
    }
    if (hidden !== undefined) {
      raw['hiddenSize'] = hidden[0];
      from.set('hiddenSize', '--hidden');
    }
  } else if (kind === 'pcgen') {
    if (latent !== undefined) {
      raw['latentSizes'] = latent;
      from.set('latentSizes', '--latent');
    }
    optimizerOptions(raw, from, given);
  } else if (kind === 'classifier' && hidden !== undefined) {
    raw['hidden'] = hidden;
    from.set('hidden', '--hidden');
  } else if (kind === 'pcvae' && (latent !== undefined || hidden !== undefined)) {
    raw['areas'] = pcvaeAreas(raw['areas'], latent, hidden);
    // An area's size came from --latent, its hidden width from --hidden (when given).
    if (latent !== undefined) from.set('areas.size', '--latent');
    if (hidden !== undefined) from.set('areas.hidden', '--hidden');
  }
  return { raw, from };
}

/**
 * The pcn's own option mapping: --hidden sets its hidden areas, --lr and --optimizer its
 * optimizer; it has no latent areas.
 */
function pcnOptions(
  raw: Record<string, unknown>,
  from: Map<string, string>,
  given: Record<string, unknown>,
  hidden: number[] | undefined,
  latent: number[] | undefined,
): void {
  if (latent !== undefined) {
    throw new NeocortexError(
      'OPTION_INVALID',
      '--model pcn has no latent areas: --hidden gives the sizes of its hidden areas (e.g. 256,256)',
    );
  }
  if (hidden !== undefined) {
    raw['hiddenSizes'] = hidden;
    from.set('hiddenSizes', '--hidden');
  }
  optimizerOptions(raw, from, given);
}

/**
 * --lr and --optimizer of a predictive-coding network (pcn, pcgen) set its `optimizer`
 * (a learning rate carried from another kind's spec moves there too).
 */
function optimizerOptions(
  raw: Record<string, unknown>,
  from: Map<string, string>,
  given: Record<string, unknown>,
): void {
  const rate = raw['learningRate'];
  const name = given['optimizer'];
  if (rate === undefined && name === undefined) return;
  const current = raw['optimizer'];
  const optimizer: Record<string, unknown> =
    current !== null && typeof current === 'object' && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  if (rate !== undefined) {
    optimizer['learningRate'] = rate;
    delete raw['learningRate'];
    if (from.has('learningRate')) from.set('optimizer.learningRate', '--lr');
    from.delete('learningRate');
  }
  if (name !== undefined) {
    optimizer['name'] = name;
    from.set('optimizer.name', '--optimizer');
  }
  raw['optimizer'] = optimizer;
}

const sharedFields = new Set(['dataset', 'dataDir', 'epochs', 'batchSize', 'learningRate', 'seed']);

/** A number typed on the command line; text that is no number stays text, so the schema names it. */
function toNumber(value: string): number | string {
  const number = Number(value);
  return value.trim() === '' || Number.isNaN(number) ? value : number;
}

/**
 * A pcvae's areas with --latent sizes and --hidden widths put in: the spec's
 * names are kept when the number of areas is unchanged, otherwise z1, z2, ...
 */
function pcvaeAreas(
  areas: unknown,
  latent: number[] | undefined,
  hidden: number[] | undefined,
): unknown[] {
  const current = Array.isArray(areas)
    ? (areas as Record<string, unknown>[])
    : [
        { name: 'sensory', size: 784 },
        { name: 'z1', size: 20, hidden: 400 },
      ];
  const [sensory, ...above] = current;
  const sizes = latent ?? above.map((area) => area['size']);
  const keepNames = sizes.length === above.length;
  return [
    sensory,
    ...sizes.map((size, i) => {
      const width =
        hidden !== undefined
          ? hidden[Math.min(i, hidden.length - 1)]
          : (above[i]?.['hidden'] ?? 400);
      return { name: keepNames ? above[i]!['name'] : `z${i + 1}`, size, hidden: width };
    }),
  ];
}

/**
 * Build the training options: the spec (from `--spec`, or `{ kind: --model }`),
 * with the options in `given` on top (only those the user gave), validated.
 * Throws a SpecError listing every problem, each naming its option or JSON path.
 * @param given - option values the user gave, keyed as commander keys them
 * @param spec - the parsed `--spec` file, if any
 */
export function buildTrainOptions(given: Record<string, unknown>, spec?: unknown): TrainOptions {
  const run = RunOptions.safeParse(given);
  if (!run.success) {
    const problems = formatSpecIssues(run.error.issues);
    throw new NeocortexError('OPTION_INVALID', `invalid options:\n  ${problems.join('\n  ')}`);
  }
  const base =
    spec === undefined
      ? { kind: given['model'] ?? 'vae' }
      : (modelSpecFromFile(spec) as Record<string, unknown>);
  if (base === null || typeof base !== 'object' || Array.isArray(base)) {
    throw new NeocortexError('SPEC_INVALID', 'invalid model spec:\n  (root): expected an object');
  }
  const { raw, from } = applyOptions(base, given);
  const parsed = ModelSpec.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      const field =
        issue.path[0] === 'areas'
          ? `areas.${String(issue.path[2])}`
          : issue.path[0] === 'optimizer' && issue.path.length > 1
            ? `optimizer.${String(issue.path[1])}`
            : issue.path[0];
      const flag = from.get(String(field));
      if (flag === undefined) return formatSpecIssues([issue]);
      // A problem in a field an option set is named by the option (and the value typed).
      const typed = given[flagKey(flag)];
      const shown = typed !== undefined && typeof typed !== 'boolean' ? ` ${String(typed)}` : '';
      const at = issue.path.length > 1 ? ` (${specPath(issue.path)})` : '';
      return [`${flag}${shown}${at}: ${issue.message}`];
    });
    const message = problems.map((p) => `  ${p}`).join('\n');
    if (spec !== undefined) throw new SpecError(`invalid model spec:\n${message}`, problems);
    throw new NeocortexError('OPTION_INVALID', `invalid train options:\n${message}`);
  }
  const resolved = parsed.data;
  delete resolved.$schema;
  return {
    ...resolved,
    batchSize: resolved.batchSize ?? defaultBatchSize(resolved),
    model: resolved.kind,
    ...run.data,
  } as TrainOptions;
}

/** The option key of a flag (`--lr` -> `learningRate`). */
function flagKey(flag: string): string {
  return Object.entries(flags).find(([, f]) => f === flag)?.[0] ?? '';
}

/** Parse raw option values, every one taken as given (the API of earlier versions). */
export function parseTrainOptions(raw: Record<string, unknown>): TrainOptions {
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  return buildTrainOptions(given);
}
