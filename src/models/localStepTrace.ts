/**
 * What one local-learning step did, area by area: each area's prediction-error energy at
 * every settle iteration (the free areas moving to explain the clamped ones), then the
 * energy the weight update left at the settled states. Plain numbers, for viewers.
 */
import type { Hierarchy, SettleResult } from '../cortex/index.ts';
import { NeocortexError } from '../errors.ts';

/** One local-learning step's energies (mean per sample, nats), area by area. */
export interface LocalStepTrace {
  /** Each area's energy at each settle iteration's compare phase: `settle[name][iteration]`. */
  settle: Record<string, number[]>;
  /** Each area's energy after the weight update, at the settled states (`Hierarchy.areaEnergies`). */
  afterUpdate: Record<string, number>;
  /** The settle's free energy at each iteration (the sum of the areas' values there). */
  freeEnergy: number[];
}

/**
 * The trace of a step that settled with `energyByArea` (giving `settled`) and has just
 * learned: the settle's per-area energies and the hierarchy's area energies now.
 */
export function localStepTrace(hierarchy: Hierarchy, settled: SettleResult): LocalStepTrace {
  if (settled.areaEnergy === undefined) {
    throw new NeocortexError('CALL_ORDER', 'localStepTrace: the settle ran without energyByArea');
  }
  return {
    settle: settled.areaEnergy,
    afterUpdate: hierarchy.areaEnergies(),
    freeEnergy: settled.freeEnergy,
  };
}
