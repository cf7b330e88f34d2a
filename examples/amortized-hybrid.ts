/**
 * The amortized hybrid on MNIST: an encoder guesses the latent state, settling refines
 * the guess, and the generative weights learn by the local predictive-coding rule
 * (each synapse from its presynaptic activity and its target's prediction error).
 * Then: how many settling iterations does the encoder's guess save?
 *
 *   npx tsx examples/amortized-hybrid.ts [steps=600] [batch=64] [seed=1]
 */
import * as tf from '@tensorflow/tfjs';
import { AmortizedHybrid, initBackend, loadMnist } from 'neocortex-sim';

const steps = Number(process.argv[2] ?? 600);
const batchSize = Number(process.argv[3] ?? 64);
const seed = Number(process.argv[4] ?? 1);
const backend = await initBackend();
console.log(`backend: ${backend.description}`);
const { train, test } = await loadMnist();
const binary = (images: Float32Array, start: number, count: number) =>
  tf.tidy(
    () =>
      tf.round(
        tf.tensor2d(images.subarray(start * 784, (start + count) * 784), [count, 784]),
      ) as tf.Tensor2D,
  );

const model = new AmortizedHybrid({
  latentSize: 64,
  recognitionHidden: [256],
  inferenceSteps: 20,
  seed,
});
console.log(`seed ${seed}`);
const probe = binary(test.images, 0, 256);
const report = (label: string) => {
  const saved = model.iterationsSaved(probe, 10, 1000);
  const prior = saved.fromPrior === undefined ? 'more than 1000' : String(saved.fromPrior);
  console.log(
    `${label}: free energy at the guess ${saved.startGuess.toFixed(1)}, at no guess ${saved.startPrior.toFixed(1)}; ` +
      `10 iterations from the guess reach ${saved.target.toFixed(1)}, from no guess that takes ${prior} iterations`,
  );
};
report('untrained');
const t0 = performance.now();
for (let step = 0; step < steps; step++) {
  const start = (step * batchSize) % (train.count - batchSize);
  const x = binary(train.images, start, batchSize);
  const r = model.trainStep(x);
  x.dispose();
  if ((step + 1) % 100 === 0 || step + 1 === steps) {
    console.log(
      `step ${step + 1}: free energy guess ${r.freeEnergyGuess.toFixed(1)}, settled ${r.freeEnergySettled.toFixed(1)}, amortization error ${r.amortizationError.toFixed(3)}`,
    );
  }
}
console.log(
  `trained ${steps} steps of ${batchSize} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
report('trained');
probe.dispose();
model.dispose();
