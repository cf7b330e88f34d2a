/**
 * One predictive-coding iteration of the default hierarchy (sensory bernoulli,
 * middle tanh, top linear) written directly in tensor ops: no areas, pathways,
 * streams or snapshots. The overhead benchmark times the hierarchy against it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hierarchy } from '../src/cortex/index.ts';

export function directSettle(
  h: Hierarchy,
  x: tf.Tensor2D,
  iterations: number,
  stepSize: number,
): number[] {
  const sensory = h.area('sensory');
  const middle = h.area('middle');
  const top = h.area('top');
  const Gm = h.pathway('middle', 'sensory').map.weight;
  const Gt = h.pathway('top', 'middle').map.weight;
  const pb0 = sensory.priorBias!;
  const pbm = middle.priorBias!;
  if (middle.spec.precision !== 1 || top.spec.precision !== 1) {
    throw new Error('directSettle is written for unit precisions');
  }
  let m = tf.clone(middle.state!);
  let t = tf.clone(top.state!);
  const energies: number[] = [];
  for (let k = 0; k < iterations; k++) {
    const [energy, nextM, nextT] = tf.tidy(() => {
      const u0 = tf.add(tf.matMul(m, Gm), pb0);
      const um = tf.add(tf.matMul(t, Gt), pbm);
      const tanhUm = tf.tanh(um);
      const eps0 = tf.sub(x, tf.sigmoid(u0));
      const epsM = tf.sub(m, tanhUm);
      // The default spec has unit precisions, so no precision multiplies are needed.
      const f = tf.mean(
        tf.add(
          tf.add(
            tf.sum(tf.sub(tf.softplus(u0), tf.mul(x, u0)), 1),
            tf.mul(0.5, tf.sum(tf.square(epsM), 1)),
          ),
          tf.mul(0.5, tf.sum(tf.square(t), 1)),
        ),
      );
      const eM = tf.mul(epsM, tf.sub(1, tf.square(tanhUm)));
      const gradM = tf.sub(epsM, tf.matMul(eps0, Gm, false, true));
      const gradT = tf.sub(t, tf.matMul(eM, Gt, false, true));
      return [f, tf.sub(m, tf.mul(gradM, stepSize)), tf.sub(t, tf.mul(gradT, stepSize))];
    });
    energies.push(energy.dataSync()[0]!);
    energy.dispose();
    m.dispose();
    t.dispose();
    m = nextM as tf.Tensor2D;
    t = nextT as tf.Tensor2D;
  }
  m.dispose();
  t.dispose();
  return energies;
}
