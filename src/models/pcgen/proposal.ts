/**
 * A Laplace-style proposal for importance sampling a settled generative hierarchy: for each
 * free area, q(z) = N(settled state, proposalScale / h) per unit, where h is the diagonal of
 * the Gauss-Newton approximation of the free energy's curvature at the settled states:
 *
 *   h_l = π_l + Σ over the areas t that l predicts: gain² · (c_t · (W∘W)ᵀ),
 *   c_t = π_t · f_t'(u_t)² (Gaussian t, f its activation) or σ(u_t)(1 − σ(u_t)) (Bernoulli t).
 *
 * Diagonal: it ignores the coupling between units and levels, so it is a proposal, not the
 * posterior; the importance weights correct for it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Area, Hierarchy } from '../../cortex/index.ts';
import { predictionInputOf } from './joint.ts';
import { NeocortexError } from '../../errors.ts';

/** d act(u)/du for an activation, elementwise. */
function activationSlope(area: Area, u: tf.Tensor2D): tf.Tensor2D {
  switch (area.spec.activation) {
    case 'linear':
      return tf.onesLike(u);
    case 'relu':
      return tf.step(u);
    case 'tanh':
      return tf.sub(1, tf.square(tf.tanh(u)));
    case 'sigmoid': {
      const s = tf.sigmoid(u);
      return tf.mul(s, tf.sub(1, s));
    }
  }
}

/** Each unit's precision, [1 or rows, size] broadcastable (1 when the area's is 1). */
function precisionOf(area: Area): tf.Tensor | number {
  return area.precisionTensor() ?? 1;
}

/**
 * The proposal's per-unit variance for each area other than the sensory one, at the states the
 * hierarchy holds now (settle first): `proposalScale` / (diagonal Gauss-Newton curvature).
 * Needs maps without hidden layers. The caller owns the tensors.
 */
export function laplaceVariances(hierarchy: Hierarchy, proposalScale = 1): Map<Area, tf.Tensor2D> {
  const states = new Map<Area, tf.Tensor2D>();
  for (const area of hierarchy.areas) {
    if (area.state === undefined)
      throw new NeocortexError('CALL_ORDER', `area ${area.name} has no state: settle first`);
    states.set(area, area.state);
  }
  const variances = new Map<Area, tf.Tensor2D>();
  tf.tidy(() => {
    // Curvature of each target's energy in its prediction input: c_t.
    const curvature = new Map<Area, tf.Tensor2D>();
    for (const area of hierarchy.areas) {
      const u = predictionInputOf(hierarchy, area, states);
      if (u === undefined) continue;
      if (area.spec.likelihood === 'bernoulli') {
        const s = tf.sigmoid(u);
        curvature.set(area, tf.mul(tf.mul(s, tf.sub(1, s)), precisionOf(area)));
      } else if (area.spec.likelihood === 'gaussian') {
        curvature.set(area, tf.mul(tf.square(activationSlope(area, u)), precisionOf(area)));
      } else {
        throw new NeocortexError(
          'NOT_SUPPORTED',
          `area ${area.name}: no Laplace proposal for a categorical area`,
        );
      }
    }
    for (const area of hierarchy.areas.slice(1)) {
      const rows = area.state!.shape[0];
      let h: tf.Tensor2D = tf.mul(tf.ones([rows, area.size]), precisionOf(area));
      for (const p of hierarchy.predictivePathways) {
        if (p.from !== area || p.lesioned) continue;
        if (p.map.hidden.length > 0) {
          throw new NeocortexError(
            'NOT_SUPPORTED',
            `pathway ${p.id}: the Laplace proposal needs a map without hidden layers`,
          );
        }
        const c = curvature.get(p.to)!;
        const squared = tf.square(p.map.weight); // [from, to]
        h = tf.add(h, tf.mul(tf.matMul(c, squared, false, true), p.gain * p.gain));
      }
      variances.set(area, tf.keep(tf.div<tf.Tensor2D>(proposalScale, h)));
    }
  });
  return variances;
}
