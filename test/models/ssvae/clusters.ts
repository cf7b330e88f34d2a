/**
 * A shared check for either class area: four well-separated Gaussian clusters in 2-D, two
 * labels a class and 400 unlabelled points; 80 Adam steps of the ssvae's class loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassAreaModel } from '../../../src/models/ssvae/index.ts';
import { createRng } from '../../../src/random/rng.ts';

/** Test accuracy and the class loss (fixed noise) before and after training `area` on the clusters. */
export function trainOnClusters(area: ClassAreaModel): {
  accuracyBefore: number;
  accuracyAfter: number;
  lossBefore: number;
  lossAfter: number;
} {
  const rng = createRng(3);
  const centres = [
    [3, 3],
    [-3, 3],
    [-3, -3],
    [3, -3],
  ];
  const sample = (n: number) => {
    const points: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 4;
      points.push([centres[c]![0]! + 0.7 * rng.normal(), centres[c]![1]! + 0.7 * rng.normal()]);
      labels.push(c);
    }
    return { x: tf.tensor2d(points), y: tf.tensor1d(labels, 'int32') };
  };
  const unlabelled = sample(400);
  const labelled = sample(8);
  const test = sample(400);
  const accuracy = () =>
    tf.tidy(
      () =>
        tf.mean(tf.equal(tf.argMax(area.classLogits(test.x), 1), test.y).toFloat()).dataSync()[0]!,
    );
  const oneHot = tf.oneHot(labelled.y, 4).toFloat() as tf.Tensor2D;
  const loss = (seed: number) =>
    tf.tidy(() => {
      const ce = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(area.classLogits(labelled.x))), 1));
      return tf.addN([
        tf.mean(area.unlabelledEnergy(unlabelled.x, seed)),
        tf.mean(area.labelledEnergy(labelled.x, oneHot, 10_000 + seed)),
        tf.mul(10, tf.mean(ce)),
      ]) as tf.Scalar;
    });
  const measured = () => tf.tidy(() => loss(123_456).dataSync()[0]!);
  const [accuracyBefore, lossBefore] = [accuracy(), measured()];
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 80; step++) optimizer.minimize(() => loss(step));
  const [accuracyAfter, lossAfter] = [accuracy(), measured()];
  optimizer.dispose();
  tf.dispose([unlabelled.x, unlabelled.y, labelled.x, labelled.y, test.x, test.y, oneHot]);
  return { accuracyBefore, accuracyAfter, lossBefore, lossAfter };
}
