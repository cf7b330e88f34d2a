/**
 * The trained models a session spec names (each slot's `trained`: a run folder of
 * `neocortex train`, its checkpoint.bin or its metrics.json), read before the session starts.
 * Whether each fits its slot (kind, areas, weights' shapes) is checked when the slot's model
 * takes it (models/live.ts `loadTrained`); a relative path is taken from `baseDir`.
 */
import { resolve } from 'node:path';
import type { LiveSlot } from '../../models/live.ts';
import { loadTrainedModel } from '../../models/trainedModel.ts';
import type { TrainedSlots } from './sessionModels.ts';
import type { SessionSpec } from './sessionSpec.ts';

/** The slots whose spec names a trained model, with its path. */
export function trainedPaths(spec: SessionSpec): Partial<Record<LiveSlot, string>> {
  const out: Partial<Record<LiveSlot, string>> = {};
  if (spec.generative.trained !== undefined) out.generative = spec.generative.trained;
  if (spec.classifier.trained !== undefined) out.classifier = spec.classifier.trained;
  return out;
}

/**
 * Read the trained models `spec` names (paths relative to `baseDir`, default the working
 * folder). A missing or damaged file is a CheckpointError naming it and the slot's field.
 */
export async function loadTrainedSlots(
  spec: SessionSpec,
  baseDir = process.cwd(),
): Promise<TrainedSlots> {
  const out: TrainedSlots = {};
  for (const [slot, path] of Object.entries(trainedPaths(spec)) as [LiveSlot, string][]) {
    out[slot] = await loadTrainedModel(resolve(baseDir, path));
  }
  return out;
}
