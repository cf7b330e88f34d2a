/**
 * The joint density of a generative hierarchy at any states: log p(x, z) = log p(x | z1) +
 * Σ log p(z_l | z_{l+1}) + log p(z_top), with every Gaussian normaliser included. Built from
 * the cortex's own energies (`Area.energyAt`, the free energy the settle descends) and each
 * pathway's drive (`Pathway.driveFrom`), so it is the same model the hierarchy settles in: the
 * free energy is −log p(x, z) less the normalisers, which this file adds back.
 */
import * as tf from '@tensorflow/tfjs';
import type { Area, Hierarchy } from '../../cortex/index.ts';
import { NeocortexError } from '../../errors.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The drive every predictive pathway into `area` would deliver if the areas held `states`
 * (summed; undefined when nothing predicts it or every such pathway is lesioned).
 */
export function driveInto(
  hierarchy: Hierarchy,
  area: Area,
  states: ReadonlyMap<Area, tf.Tensor2D>,
): tf.Tensor2D | undefined {
  let drive: tf.Tensor2D | undefined;
  for (const p of hierarchy.predictivePathways) {
    if (p.to !== area) continue;
    const source = states.get(p.from);
    if (source === undefined)
      throw new NeocortexError('OPTION_INVALID', `no state given for area ${p.from.name}`);
    const carried = p.driveFrom(source);
    if (carried !== undefined)
      drive = drive === undefined ? carried : tf.add<tf.Tensor2D>(drive, carried);
  }
  return drive;
}

/**
 * The prediction input u = prior bias + drive of a predicted area at `states` ([rows, size]);
 * undefined for a root.
 */
export function predictionInputOf(
  hierarchy: Hierarchy,
  area: Area,
  states: ReadonlyMap<Area, tf.Tensor2D>,
): tf.Tensor2D | undefined {
  const bias = area.priorBias;
  if (bias === undefined) return undefined;
  const drive = driveInto(hierarchy, area, states);
  const rows = states.get(area)?.shape[0] ?? states.values().next().value!.shape[0];
  return drive === undefined
    ? (tf.tile(tf.expandDims(bias, 0), [rows, 1]) as tf.Tensor2D)
    : tf.add<tf.Tensor2D>(drive, bias);
}

/**
 * The log-normaliser an area's energy leaves out, per sample: Σ ½·log(2π/π_i) over its units
 * for a Gaussian area (½·log 2π each when the precision is learned: its energy already holds
 * −½·Σ log π), 0 for a Bernoulli one. Throws where there is no density (a categorical area, a
 * root with no prior, a unit of precision 0).
 */
export function logNormaliser(area: Area): number {
  const spec = area.spec;
  if (spec.likelihood === 'bernoulli') return 0;
  if (spec.likelihood === 'categorical') {
    throw new NeocortexError(
      'NOT_SUPPORTED',
      `area ${area.name}: log p(x, z) is defined here for Gaussian and Bernoulli areas, not categorical ones`,
    );
  }
  if (area.isRoot && spec.prior === 'none') {
    throw new NeocortexError(
      'NOT_SUPPORTED',
      `area ${area.name}: a root with prior "none" has no density`,
    );
  }
  // A learned or predicted precision's −½·Σ log π is in the energy already.
  if (spec.learnPrecision || spec.precision === 'predicted') return spec.size * HALF_LOG_2PI;
  const precisions = Array.isArray(spec.precision)
    ? spec.precision
    : new Array<number>(spec.size).fill(spec.precision);
  let sum = 0;
  for (const p of precisions) {
    if (!(p > 0))
      throw new NeocortexError(
        'NOT_SUPPORTED',
        `area ${area.name}: a unit of precision 0 has no density`,
      );
    sum += HALF_LOG_2PI - 0.5 * Math.log(p);
  }
  return sum;
}

/**
 * log p(x, z) per row, [rows], for the states of every area (the sensory area's state is x):
 * minus the sum of the areas' energies at those states, minus their log-normalisers.
 */
export function logJoint(
  hierarchy: Hierarchy,
  states: ReadonlyMap<Area, tf.Tensor2D>,
): tf.Tensor1D {
  return tf.tidy(() => {
    let total: tf.Tensor1D | undefined;
    let normaliser = 0;
    for (const area of hierarchy.areas) {
      const state = states.get(area);
      if (state === undefined)
        throw new NeocortexError('OPTION_INVALID', `no state given for area ${area.name}`);
      const energy = area.energyAt(state, driveInto(hierarchy, area, states));
      total = total === undefined ? energy : tf.add<tf.Tensor1D>(total, energy);
      normaliser += logNormaliser(area);
    }
    return tf.neg<tf.Tensor1D>(tf.add<tf.Tensor1D>(total!, tf.scalar(normaliser)));
  });
}
