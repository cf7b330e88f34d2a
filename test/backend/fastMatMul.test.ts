import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fastTransposedMatMulInstalled,
  installFastTransposedMatMul,
  uninstallFastTransposedMatMul,
} from '../../src/backend/index.ts';
import { Vae } from '../../src/models/vae.ts';

type Grads = Float32Array[];

/** Gradients of the mean -ELBO with respect to every weight, on the current backend. */
function vaeGradients(seed: number): { loss: number; grads: Grads } {
  const model = new Vae({}, seed);
  try {
    const x = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([32, 784], 0, 1, 'float32', seed), 0.7), 'float32'),
    ) as tf.Tensor2D;
    const noise = tf.randomNormal<tf.Rank.R2>([32, 20], 0, 1, 'float32', seed + 1);
    const { value, grads } = tf.variableGrads(
      () => tf.mean(model.negElbo(x, noise).negElbo) as tf.Scalar,
      model.variables(),
    );
    // In the model's own variable order, so the two backends line up.
    const out: Grads = model.variables().map((v) => grads[v.name]!.dataSync() as Float32Array);
    tf.dispose(Object.values(grads));
    const loss = value.dataSync()[0]!;
    tf.dispose([x, noise, value]);
    return { loss, grads: out };
  } finally {
    model.dispose();
  }
}

function maxRelativeDifference(a: Grads, b: Grads): number {
  let worst = 0;
  for (const [k, ga] of a.entries()) {
    const gb = b[k];
    if (gb === undefined || gb.length !== ga.length)
      throw new Error(`gradient ${k} differs in size`);
    let scale = 0;
    for (const v of ga) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < ga.length; i++) {
      worst = Math.max(worst, Math.abs(ga[i]! - gb[i]!) / (scale + 1e-12));
    }
  }
  return worst;
}

describe('fast transposed matMul on wasm', () => {
  afterAll(() => uninstallFastTransposedMatMul());

  it('gives the cpu backend gradients of a VAE loss to float tolerance', async () => {
    await tf.setBackend('cpu');
    const reference = vaeGradients(11);

    installFastTransposedMatMul();
    expect(fastTransposedMatMulInstalled()).toBe(true);
    await tf.setBackend('wasm');
    const fast = vaeGradients(11);

    expect(fast.grads).toHaveLength(8);
    expect(Math.abs(fast.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
    expect(maxRelativeDifference(fast.grads, reference.grads)).toBeLessThan(1e-4);
  });

  it('computes every transposed form, batched and fused, like the stock kernel', async () => {
    installFastTransposedMatMul();
    await tf.setBackend('wasm');
    const a = tf.randomNormal([3, 5, 7], 0, 1, 'float32', 1);
    const b = tf.randomNormal([3, 7, 4], 0, 1, 'float32', 2);
    const aT = tf.transpose(a, [0, 2, 1]);
    const bT = tf.transpose(b, [0, 2, 1]);
    const bias = tf.randomNormal([4], 0, 1, 'float32', 3);
    const fastResults = [
      tf.matMul(a, b),
      tf.matMul(aT, b, true, false),
      tf.matMul(a, bT, false, true),
      tf.matMul(aT, bT, true, true),
      tf.fused.matMul({
        a: aT,
        b: bT,
        transposeA: true,
        transposeB: true,
        bias,
        activation: 'relu',
      }),
    ].map((t) => t.arraySync());

    uninstallFastTransposedMatMul();
    const stock = tf.fused.matMul({ a, b, bias, activation: 'relu' }).arraySync();
    const plain = tf.matMul(a, b).arraySync();
    for (const r of fastResults.slice(0, 4)) expect(r).toEqual(plain);
    expect(fastResults[4]).toEqual(stock);
  });

  it('frees the temporary transposes', async () => {
    installFastTransposedMatMul();
    await tf.setBackend('wasm');
    const g = tf.randomNormal([64, 32]);
    const w = tf.randomNormal([48, 32]);
    tf.matMul(g, w, false, true).dispose();
    const before = tf.memory();
    for (let i = 0; i < 50; i++) tf.matMul(g, w, false, true).dispose();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
