/**
 * The `train` command's options and spec: `--spec FILE` (a model spec, or a run's
 * metrics.json) gives the model, and options the user typed override its fields; without
 * `--spec` the options alone build the same spec. The shared flags (`--dataset`, `--epochs`,
 * ...) set the fields every kind has; every other flag belongs to the kinds that declare it
 * (models/<kind>/kind.ts `options`), and a kind refuses a flag it does not take, naming the
 * kinds that do. The result is validated by the kind's own schema before anything runs, and
 * each problem names the option (`--epochs: expected a whole number from 1 to 100000`) or, for
 * a field of the file, its JSON path. The model's description (the spec) stays apart from how
 * it is run ({@link RunOptions}).
 */
import { z } from 'zod';
import { BackendChoice } from '../backend/index.ts';
import { formatSpecIssues, safeParseSpec, SpecError, specPath } from '../cortex/specError.ts';
import { DATASET_NAMES, type DatasetName } from '../data/index.ts';
import { NeocortexError } from '../errors.ts';
import type {
  AnyModelKind,
  KindOption,
  ModelKindDefinition,
  ModelSpecBase,
} from '../models/kind.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { findModelKind, modelKinds, unknownKindMessage } from '../models/kinds.ts';
import { parseByteSize } from '../models/memory.ts';
import { resolveModelSpec, type ResolvedModelSpec } from '../models/modelSpec/index.ts';
import { parseCommandOptions } from './commandOptions.ts';

/** Data sets `--dataset` accepts. */
export const datasetNames = DATASET_NAMES;

/** How a run is carried out, not what it computes: these stay out of the spec. */
export const RunOptions = z.object({
  out: z.string().min(1).optional(),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
  resume: z.boolean().default(false),
  /** Replace a run already in `out` (refused otherwise). */
  overwrite: z.boolean().default(false),
  /** Refuse a model whose memory estimate is above this many bytes (default 2 GiB). */
  maxMemory: z.number().positive().optional(),
});
/** How a run is carried out (output folder, backend, progress bar, resume, overwrite, memory limit). */
export type RunOptions = z.infer<typeof RunOptions>;

/** Everything a training command needs: the model's resolved spec and how it is run, apart. */
export interface TrainOptions {
  /** The model: a spec of a registered kind, validated, its batch size chosen. */
  spec: ResolvedModelSpec;
  /** How it is run. */
  run: RunOptions;
}

/** What the run's set-up reads (runSetup.ts): the run options with the spec's data and seed. */
export type TrainSetupOptions = RunOptions & {
  model: string;
  dataset: DatasetName;
  dataDir?: string | undefined;
  seed: number;
};

/** The set-up options of a training run. */
export function setupOptionsOf(options: TrainOptions): TrainSetupOptions {
  const { kind, dataset, dataDir, seed } = options.spec;
  return {
    ...options.run,
    model: kind,
    dataset,
    seed,
    ...(dataDir !== undefined ? { dataDir } : {}),
  };
}

/** The resolved model spec of training options (what metrics.json records as `spec`). */
export function modelSpecOf(options: TrainOptions): ResolvedModelSpec {
  return options.spec;
}

/** The flags every kind takes: option key (as commander gives it) -> flag and the field it sets. */
const sharedFlags: Record<string, { flag: string; numeric: boolean }> = {
  dataset: { flag: '--dataset', numeric: false },
  dataDir: { flag: '--data-dir', numeric: false },
  epochs: { flag: '--epochs', numeric: true },
  batchSize: { flag: '--batch-size', numeric: true },
  learningRate: { flag: '--lr', numeric: true },
  seed: { flag: '--seed', numeric: true },
};

/** Fields a spec of one kind carries over when `--model` names another. */
const carried = new Set(Object.keys(sharedFlags));

/** The flag of an option (`--latent <sizes>` -> `--latent`). */
export function flagName(option: KindOption): string {
  return option.flag.split(' ')[0]!;
}

/** The key commander gives a flag's value: `--class-epochs` -> `classEpochs`, `--lr` -> `learningRate`. */
export function flagKey(flag: string): string {
  if (flag === '--lr') return 'learningRate';
  return flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Every kind's options, by flag: what the command line declares once for all of them. */
export function kindOptionsByFlag(
  kinds: readonly AnyModelKind[] = modelKinds(),
): Map<string, { flag: string; kinds: { kind: AnyModelKind; option: KindOption }[] }> {
  const byFlag = new Map<
    string,
    { flag: string; kinds: { kind: AnyModelKind; option: KindOption }[] }
  >();
  for (const kind of kinds) {
    for (const option of kind.options ?? []) {
      const name = flagName(option);
      const entry = byFlag.get(name) ?? { flag: option.flag, kinds: [] };
      entry.kinds.push({ kind, option });
      byFlag.set(name, entry);
    }
  }
  return byFlag;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Where to read a model spec from a parsed JSON file: the spec itself or a metrics.json's `spec`. */
export function modelSpecFromFile(json: unknown): unknown {
  if (json !== null && typeof json === 'object' && !('kind' in json) && 'spec' in json) {
    return (json as { spec: unknown }).spec;
  }
  return json;
}

/**
 * Put the options the user gave onto a spec (or a bare `{ kind }`): the shared flags, then the
 * kind's own in the order it lists them. Returns the kind, the raw spec and which fields came
 * from which flag.
 */
function applyOptions(
  base: Record<string, unknown>,
  given: Record<string, unknown>,
  fromFile: boolean,
): { kind: AnyModelKind; raw: Record<string, unknown>; from: Map<string, string> } {
  // Another kind: the spec's network does not carry over, only what every kind shares.
  const otherKind = given['model'] !== undefined && given['model'] !== base['kind'];
  const raw: Record<string, unknown> = otherKind
    ? Object.fromEntries(Object.entries(base).filter(([key]) => carried.has(key)))
    : { ...base };
  if (given['model'] !== undefined) raw['kind'] = given['model'];
  const kind = findModelKind(String(raw['kind']));
  if (kind === undefined) {
    const problem = `${given['model'] !== undefined ? `--model ${String(given['model'])}` : 'kind'}: ${unknownKindMessage(raw['kind'])}`;
    if (fromFile && given['model'] === undefined) {
      throw new SpecError(`invalid model spec:\n  ${problem}`, [problem]);
    }
    throw new NeocortexError('OPTION_INVALID', `invalid train options:\n  ${problem}`);
  }
  const from = new Map<string, string>();
  if (given['model'] !== undefined) from.set('kind', '--model');
  const own = new Map((kind.options ?? []).map((option) => [flagName(option), option]));
  for (const [key, { flag, numeric }] of Object.entries(sharedFlags)) {
    if (given[key] === undefined || own.has(flag)) continue;
    raw[key] = numeric ? typedNumber(given[key]) : given[key];
    from.set(key, flag);
  }
  const shared = new Set(Object.values(sharedFlags).map((f) => f.flag));
  for (const [flag, { kinds }] of kindOptionsByFlag()) {
    if (given[flagKey(flag)] === undefined || own.has(flag) || shared.has(flag)) continue;
    const owners = kinds.filter((k) => k.option.apply !== undefined).map((k) => k.kind.name);
    throw new NeocortexError(
      'OPTION_INVALID',
      `${flag} is an option of --model ${listed(owners)}, not of --model ${kind.name}`,
    );
  }
  for (const option of kind.options ?? []) {
    const value = given[flagKey(flagName(option))];
    if (value === undefined) continue;
    if (option.refusal !== undefined) throw new NeocortexError('OPTION_INVALID', option.refusal);
    for (const field of option.apply!(raw, value)) from.set(field, flagName(option));
  }
  return { kind, raw, from };
}

/** The flag that set the field at `path` (its longest prefix without indices), if any. */
function flagOfPath(path: readonly PropertyKey[], from: Map<string, string>): string | undefined {
  const fields = path.filter((part) => typeof part === 'string');
  for (let n = fields.length; n > 0; n--) {
    const flag = from.get(fields.slice(0, n).join('.'));
    if (flag !== undefined) return flag;
  }
  return undefined;
}

/**
 * The run options among the given ones, validated (`--max-memory 4GB` read as bytes); a bad
 * one is named by its flag and the value typed (`--backend gpu: expected one of ...`).
 */
function runOptionsOf(given: Record<string, unknown>): RunOptions {
  const maxMemory = given['maxMemory'];
  const input = {
    ...given,
    ...(typeof maxMemory === 'string' ? { maxMemory: parseByteSize(maxMemory) } : {}),
  };
  return parseCommandOptions(RunOptions, input, 'train', given);
}

/**
 * Build the training options: the spec (from `--spec`, or `{ kind: --model }`), with the
 * options in `given` on top (only those the user gave), validated by the kind's schema, and
 * the run options beside it. Throws a SpecError listing every problem, each naming its option
 * or JSON path.
 * @param given - option values the user gave, keyed as commander keys them
 * @param spec - the parsed `--spec` file, if any
 */
export function buildTrainOptions(given: Record<string, unknown>, spec?: unknown): TrainOptions {
  const run = runOptionsOf(given);
  const base =
    spec === undefined
      ? { kind: given['model'] ?? 'vae' }
      : (modelSpecFromFile(spec) as Record<string, unknown>);
  if (base === null || typeof base !== 'object' || Array.isArray(base)) {
    throw new NeocortexError('SPEC_INVALID', 'invalid model spec:\n  (root): expected an object');
  }
  const { kind, raw, from } = applyOptions(base, given, spec !== undefined);
  const parsed = safeParseSpec(kind.spec, raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      const flag = flagOfPath(issue.path, from);
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
  const resolved = resolveModelSpec(kind as ModelKindDefinition<ModelSpecBase, never>, parsed.data);
  return { spec: resolved as ResolvedModelSpec, run };
}

/** Parse raw option values, every one taken as given (the API of earlier versions). */
export function parseTrainOptions(raw: Record<string, unknown>): TrainOptions {
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  return buildTrainOptions(given);
}
