/**
 * A trained model, read back from what `neocortex train` left: a run's folder, its
 * checkpoint.bin or its metrics.json (the checkpoint beside it holds the weights). The
 * checkpoint names the model's kind and the spec it was built from, and holds its weights
 * in the model's variable order (`model/0`, `model/1`, ...). Whoever takes the weights
 * (a live session's slot) checks the kind and the areas first.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { kindOfFile } from '../io/fileKind.ts';
import {
  CheckpointError,
  decodeCheckpoint,
  loadCheckpoint,
  type NamedArray,
} from './checkpoint.ts';

/** The file name `neocortex train` gives a run's checkpoint. */
export const CHECKPOINT_FILE = 'checkpoint.bin';

/** A model as training left it. */
export interface TrainedModel {
  /** The checkpoint file it was read from. */
  file: string;
  /** Its kind, as the checkpoint names it (`pcvae`, `pcgen`, `pcn`, `classifier`, ...). */
  kind: string;
  /** The spec of the network it was built from, as saved (its kind reads it). */
  spec: unknown;
  /** Epochs of training it holds. */
  epoch: number;
  /** Its weights in the model's variable order (the optimizer's state left out). */
  weights: NamedArray[];
}

/**
 * The checkpoint `path` leads to: the path itself, `checkpoint.bin` in a run folder, or the
 * one beside a run's `metrics.json` (or any `.json` file of the run). Nothing is read yet.
 */
export async function trainedCheckpointPath(path: string): Promise<string> {
  let kind: string;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) return join(path, CHECKPOINT_FILE);
    kind = kindOfFile(stats);
  } catch {
    throw new CheckpointError(
      path,
      'nothing here: give a run folder of `neocortex train`, its checkpoint.bin or its metrics.json',
    );
  }
  if (kind !== 'a file') {
    throw new CheckpointError(path, `${kind}, not a run folder, a checkpoint or a metrics.json`);
  }
  return basename(path).endsWith('.json') ? join(dirname(path), CHECKPOINT_FILE) : path;
}

/**
 * Read the trained model `path` leads to (a run folder, its checkpoint or its metrics.json;
 * see {@link trainedCheckpointPath}). A missing, damaged or oversized checkpoint is a
 * CheckpointError naming the file and the problem.
 */
export async function loadTrainedModel(path: string): Promise<TrainedModel> {
  const file = await trainedCheckpointPath(path);
  let checkpoint: Awaited<ReturnType<typeof loadCheckpoint>>;
  try {
    checkpoint = await loadCheckpoint(file);
  } catch (error) {
    if (
      error instanceof CheckpointError &&
      file !== path &&
      error.problem === 'no checkpoint here'
    ) {
      throw new CheckpointError(
        file,
        `no checkpoint beside ${path}: the run kept no weights (did it finish an epoch?)`,
      );
    }
    throw error;
  }
  return trainedFromCheckpoint(checkpoint, file);
}

/**
 * The trained model in a checkpoint's bytes that the caller already holds (the static site's
 * worker fetched them; docs/static-site.md): checked as {@link loadTrainedModel} checks a file
 * (SHA-256, header, weights). `file` names it in messages.
 */
export function trainedModelFromBytes(bytes: Uint8Array, file: string): TrainedModel {
  return trainedFromCheckpoint(decodeCheckpoint(bytes, file), file);
}

function trainedFromCheckpoint(
  { header, tensors }: ReturnType<typeof decodeCheckpoint>,
  file: string,
): TrainedModel {
  const weights: NamedArray[] = [];
  for (let i = 0; tensors.has(`model/${i}`); i++) weights.push(tensors.get(`model/${i}`)!);
  if (weights.length === 0) throw new CheckpointError(file, 'holds no model weights');
  return { file, kind: header.model, spec: header.spec, epoch: header.epoch, weights };
}

/** A list of areas as a message shows it: "sensory 784, v1 64, it 16". */
export function describeAreas(areas: readonly { name: string; size: number }[]): string {
  return areas.map((a) => `${a.name} ${a.size}`).join(', ');
}

/**
 * Refuse a trained model that is not of `kind` or whose areas (names and sizes, bottom to
 * top) differ from `expected`, naming both sides; `areasOf` reads the areas from the trained
 * model's saved spec (it throws when the spec is not one of `kind`).
 */
export function checkTrainedMatches(
  trained: TrainedModel,
  kind: string,
  expected: readonly { name: string; size: number }[],
  areasOf: (spec: unknown) => { name: string; size: number }[],
  what: string,
): void {
  if (trained.kind !== kind) {
    throw new CheckpointError(
      trained.file,
      `holds a ${trained.kind} model, not the ${what} (${kind})`,
    );
  }
  let got: { name: string; size: number }[];
  try {
    got = areasOf(trained.spec);
  } catch (error) {
    throw new CheckpointError(
      trained.file,
      `its ${kind} spec cannot be read (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (describeAreas(got) !== describeAreas(expected)) {
    throw new CheckpointError(
      trained.file,
      `holds a ${kind} with areas ${describeAreas(got)}, but the ${what} has ${describeAreas(expected)}: ` +
        'give the slot the trained model’s areas, or train one with these',
    );
  }
}
