/**
 * The free energy of a hierarchy's states, as pure functions of its areas and pathways:
 * every area's prediction and error formed, each area's energy, their sum, and the sum the
 * states would have if some areas held other states (to try a settle step). Also the state
 * an area rests at when nothing has set it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Area } from './area.ts';
import type { Pathway } from './pathway.ts';
import { driveInto as driveOf } from './predictions.ts';

/** Form every area's prediction (from the drives that arrived) and its prediction error. */
export function compareAreas(areas: readonly Area[]): void {
  for (const area of areas) {
    area.formPrediction(area.state!.shape[0]);
    area.compare();
  }
}

/** The sum of the areas' energies: each sample's free energy, [batch]. */
export function totalEnergy(energies: readonly tf.Tensor1D[]): tf.Tensor1D {
  return energies.reduce((a, b) => tf.add<tf.Tensor1D>(a, b));
}

/**
 * Each sample's free energy, [batch], if the areas in `states` held those states (the others
 * keep theirs): the sum a compare forms, with the predictions the predictive pathways would
 * deliver (gains and lesions included), computed without sending anything on the streams or
 * changing any area. Used to try a settle step. `predictionOrder` (the hierarchy's prediction
 * sweep order) is needed when an area is deterministic: its state follows the trial states.
 */
export function freeEnergyAt(
  areas: readonly Area[],
  pathways: readonly Pathway[],
  states: ReadonlyMap<Area, tf.Tensor2D>,
  predictionOrder: readonly number[] = [],
): tf.Tensor1D {
  const trial = new Map(states);
  const stateOf = (area: Area): tf.Tensor2D => trial.get(area) ?? area.state!;
  const driveInto = (area: Area) => driveOf(area, pathways, stateOf);
  // A deterministic area holds its prediction: form it from the trial states, in prediction order.
  for (const i of predictionOrder) {
    const area = areas[i]!;
    if (area.spec.deterministic) {
      trial.set(area, area.predictionAt(driveInto(area), stateOf(area).shape[0]));
    }
  }
  // A deterministic area has no energy of its own: no drive is formed twice for it.
  return totalEnergy(
    areas
      .filter((area) => !area.spec.deterministic)
      .map((area) => area.energyAt(stateOf(area), driveInto(area))),
  );
}

/**
 * The state of an area nothing has set: its prior mean (zeros; uniform for a categorical
 * area). A clamped area takes its clamp instead (the hierarchy's setState sees to it).
 */
export function restingState(area: Area, batch: number): tf.Tensor2D {
  return area.spec.likelihood === 'categorical'
    ? tf.fill([batch, area.size], 1 / area.size)
    : tf.zeros([batch, area.size]);
}
