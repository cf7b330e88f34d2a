/**
 * The dense class area (the default): M2 of Kingma et al. 2014 written with its own dense
 * layers, as the ssvae was first built and measured. Its generative side is p(y) p(z2)
 * p(z1 | y, z2): a uniform class prior, a standard normal style and a Gaussian prediction of
 * z1 with a mean AND a log-variance per sample, both from one relu network on the joined
 * (y, z2). Its recognition side is q(y | z1) (the classifier) and q(z2 | z1, y), each one
 * relu network. All terms are per sample, in nats.
 *
 * The cortex class area (classArea.ts) builds the same three networks from cortex areas
 * (joint relu areas, a predicted precision of z1) and classifies as well (docs/models.md).
 * This one stays the default because the committed experiment results were made with it.
 */
import * as tf from '@tensorflow/tfjs';
import { applyDense, createDense, disposeDense, type Dense } from '../../cortex/dense.ts';
import {
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
  reparameterize,
} from '../../cortex/densities.ts';
import type { ClassAreaModel, ClassAreaSizes } from './classAreaModel.ts';

/** Two dense layers: relu hidden, linear out. */
interface TwoLayer {
  hidden: Dense;
  out: Dense;
}

function createTwoLayer(inSize: number, hidden: number, outSize: number, seed: number): TwoLayer {
  return { hidden: createDense(inSize, hidden, seed), out: createDense(hidden, outSize, seed + 2) };
}

function applyTwoLayer(net: TwoLayer, x: tf.Tensor2D): tf.Tensor2D {
  return applyDense(net.out, applyDense(net.hidden, x, 'relu'), 'linear');
}

/** Log-variances of the prediction of z1 are kept in this range. */
const MIN_LOG_VAR = -8;
const MAX_LOG_VAR = 4;

/**
 * The ssvae's dense class area: latents y (class, categorical) and z2 (style, Gaussian)
 * that predict z1 through one joint network; recognition q(y | z1) and q(z2 | z1, y).
 */
export class DenseClassArea implements ClassAreaModel {
  readonly sizes: ClassAreaSizes;
  private readonly classify: TwoLayer;
  private readonly recognizeStyle: TwoLayer;
  private readonly predictBelow: TwoLayer;

  /**
   * @param sizes - sizes of z1, the classes, z2 and the hidden layers
   * @param seed - seed of the initial weights
   */
  constructor(sizes: ClassAreaSizes, seed: number) {
    this.sizes = sizes;
    const { below, classes, style, hidden } = sizes;
    this.classify = createTwoLayer(below, hidden, classes, seed);
    this.recognizeStyle = createTwoLayer(below + classes, hidden, 2 * style, seed + 10);
    this.predictBelow = createTwoLayer(classes + style, hidden, 2 * below, seed + 20);
  }

  /** q(y | z1) as logits. The caller owns them. */
  classLogits(below: tf.Tensor2D): tf.Tensor2D {
    return applyTwoLayer(this.classify, below);
  }

  /**
   * The energy for a known class: −log p(z1 | y, z2) at z2 sampled from q(z2 | z1, y) (noise
   * from `seed`), plus KL(q(z2 | z1, y) ‖ N(0, I)) and −log p(y).
   */
  labelledEnergy(below: tf.Tensor2D, oneHot: tf.Tensor2D, seed: number): tf.Tensor1D {
    return tf.tidy(() => this.energyWithNoise(below, oneHot, this.noise(below.shape[0], seed)));
  }

  /**
   * The energy when the class is unknown: the expectation of the labelled energy under
   * q(y | z1), minus the entropy of q(y | z1); every class sees the same style noise.
   */
  unlabelledEnergy(below: tf.Tensor2D, seed: number): tf.Tensor1D {
    return tf.tidy(() => {
      const { classes } = this.sizes;
      const batch = below.shape[0];
      const logQ = tf.logSoftmax(this.classLogits(below));
      // Every image with every class: [classes * batch] rows, class-major.
      const labels = tf.tensor1d(
        Int32Array.from({ length: classes * batch }, (_, i) => Math.floor(i / batch)),
        'int32',
      );
      const energies = this.energyWithNoise(
        tf.tile(below, [classes, 1]) as tf.Tensor2D,
        tf.oneHot(labels, classes).toFloat() as tf.Tensor2D,
        tf.tile(this.noise(batch, seed), [classes, 1]) as tf.Tensor2D,
      );
      const perClass = tf.transpose(tf.reshape(energies, [classes, batch])) as tf.Tensor2D;
      return tf.sum(tf.mul(tf.exp(logQ), tf.add(perClass, logQ)), 1);
    });
  }

  /** Every trainable weight of the class area. */
  variables(): tf.Variable[] {
    return [this.classify, this.recognizeStyle, this.predictBelow].flatMap((net) => [
      net.hidden.weight,
      net.hidden.bias,
      net.out.weight,
      net.out.bias,
    ]);
  }

  /** Free the class area's weights. */
  dispose(): void {
    for (const net of [this.classify, this.recognizeStyle, this.predictBelow]) {
      disposeDense(net.hidden);
      disposeDense(net.out);
    }
  }

  private noise(rows: number, seed: number): tf.Tensor2D {
    return tf.randomNormal<tf.Rank.R2>([rows, this.sizes.style], 0, 1, 'float32', seed);
  }

  private energyWithNoise(
    below: tf.Tensor2D,
    oneHot: tf.Tensor2D,
    noise: tf.Tensor2D,
  ): tf.Tensor1D {
    const { style, below: belowSize, classes } = this.sizes;
    const q = applyTwoLayer(this.recognizeStyle, tf.concat([below, oneHot], 1));
    const [styleMean, styleLogVar] = tf.split(q, [style, style], 1) as [tf.Tensor2D, tf.Tensor2D];
    const z2 = reparameterize(styleMean, styleLogVar, noise);
    const p = applyTwoLayer(this.predictBelow, tf.concat([oneHot, z2], 1));
    const [mean, rawLogVar] = tf.split(p, [belowSize, belowSize], 1) as [tf.Tensor2D, tf.Tensor2D];
    const logVar = tf.clipByValue(rawLogVar, MIN_LOG_VAR, MAX_LOG_VAR);
    return tf.add(
      tf.add(
        gaussianNegLogDensity(below, mean, logVar),
        gaussianKlToStandardNormal(styleMean, styleLogVar),
      ),
      Math.log(classes),
    );
  }
}
