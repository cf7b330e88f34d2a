/**
 * Predictions at given states, as pure functions of a hierarchy's areas and pathways: the drive
 * the predictive pathways deliver into an area, and each area's prediction μ = act(prior bias +
 * drive) from the states of the areas that predict it. The same predictions a compare forms,
 * read at any states without sending anything on the streams or changing any area.
 */
import * as tf from '@tensorflow/tfjs';
import type { Area } from './area.ts';
import type { Pathway } from './pathway.ts';

/**
 * What the predictive pathways into `area` would deliver from the states `stateOf` gives their
 * sources (gains and lesions included), summed; `undefined` when nothing arrives.
 */
export function driveInto(
  area: Area,
  pathways: readonly Pathway[],
  stateOf: (source: Area) => tf.Tensor2D,
): tf.Tensor2D | undefined {
  let drive: tf.Tensor2D | undefined;
  for (const p of pathways) {
    if (p.role !== 'prediction' || p.to !== area) continue;
    const carried = p.driveFrom(stateOf(p.from));
    if (carried !== undefined)
      drive = drive === undefined ? carried : tf.add<tf.Tensor2D>(drive, carried);
  }
  return drive;
}

/**
 * Each area's prediction μ = act(prior bias + drive) from the states `stateOf` gives the areas
 * that predict it, for `batch` rows; a root area (nothing predicts it) has none. Visited in
 * `predictionOrder` (every area after all that predict it), so a deterministic area predicts
 * from its own prediction, as it does in a prediction sweep. New tensors, keyed by area.
 */
export function predictionsAt(
  areas: readonly Area[],
  pathways: readonly Pathway[],
  stateOf: (area: Area) => tf.Tensor2D,
  predictionOrder: readonly number[],
  batch: number,
): Map<Area, tf.Tensor2D> {
  const out = new Map<Area, tf.Tensor2D>();
  const state = (area: Area): tf.Tensor2D =>
    (area.spec.deterministic ? out.get(area) : undefined) ?? stateOf(area);
  for (const i of predictionOrder) {
    const area = areas[i]!;
    if (area.isRoot) continue;
    out.set(area, area.predictionAt(driveInto(area, pathways, state), batch));
  }
  return out;
}
