/**
 * The class area: the top of the semi-supervised hierarchy. Its generative side
 * is p(y) p(z2) p(z1 | y, z2), a uniform class prior, a standard normal style
 * and a Gaussian prediction of the area below; its recognition side is
 * q(y | z1) (the classifier) and q(z2 | z1, y). All terms are per sample, in nats.
 */
import * as tf from '@tensorflow/tfjs';
import {
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
  reparameterize,
} from '../../cortex/densities.ts';
import { applyDense, createDense, disposeDense, type Dense } from '../../cortex/dense.ts';

/**
 * The sizes of the ssvae's class area: the z1 below, the classes, the style z2 and the hidden
 * width.
 */
export interface ClassAreaSizes {
  /** Size of the area below (z1), which the class area recognises and predicts. */
  below: number;
  classes: number;
  style: number;
  hidden: number;
}

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
 * The ssvae's class area: latents y (class, categorical) and z2 (style, Gaussian) that predict
 * z1; recognition q(y given z1) and q(z2 given z1, y).
 */
export class ClassArea {
  readonly sizes: ClassAreaSizes;
  private readonly classify: TwoLayer;
  private readonly recognizeStyle: TwoLayer;
  private readonly predictBelow: TwoLayer;

  constructor(sizes: ClassAreaSizes, seed: number) {
    this.sizes = sizes;
    const { below, classes, style, hidden } = sizes;
    this.classify = createTwoLayer(below, hidden, classes, seed);
    this.recognizeStyle = createTwoLayer(below + classes, hidden, 2 * style, seed + 10);
    this.predictBelow = createTwoLayer(classes + style, hidden, 2 * below, seed + 20);
  }

  /** q(y | z1) as logits. */
  classLogits(below: tf.Tensor2D): tf.Tensor2D {
    return applyTwoLayer(this.classify, below);
  }

  /**
   * The energy of the class area for a known class: -log p(z1 | y, z2) with z2
   * sampled from q(z2 | z1, y), plus KL(q(z2 | z1, y) || N(0, I)) and -log p(y).
   * `noise` is [batch, style] standard normal.
   */
  labelledEnergy(below: tf.Tensor2D, oneHot: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const { style, below: belowSize, classes } = this.sizes;
      const q = applyTwoLayer(this.recognizeStyle, tf.concat([below, oneHot], 1));
      const [styleMean, styleLogVar] = tf.split(q, [style, style], 1) as [tf.Tensor2D, tf.Tensor2D];
      const z2 = reparameterize(styleMean, styleLogVar, noise);
      const p = applyTwoLayer(this.predictBelow, tf.concat([oneHot, z2], 1));
      const [mean, rawLogVar] = tf.split(p, [belowSize, belowSize], 1) as [
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const logVar = tf.clipByValue(rawLogVar, MIN_LOG_VAR, MAX_LOG_VAR);
      return tf.add(
        tf.add(
          gaussianNegLogDensity(below, mean, logVar),
          gaussianKlToStandardNormal(styleMean, styleLogVar),
        ),
        Math.log(classes),
      );
    });
  }

  /**
   * The energy when the class is unknown: the expectation of the labelled
   * energy under q(y | z1), minus the entropy of q(y | z1).
   */
  unlabelledEnergy(below: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const { classes } = this.sizes;
      const batch = below.shape[0];
      const logQ = tf.logSoftmax(this.classLogits(below));
      const q = tf.exp(logQ);
      // Every image with every class: [classes * batch] rows, class-major.
      const tiled = tf.tile(below, [classes, 1]) as tf.Tensor2D;
      const labels = tf.tensor1d(
        Int32Array.from({ length: classes * batch }, (_, i) => Math.floor(i / batch)),
        'int32',
      );
      const energies = this.labelledEnergy(
        tiled,
        tf.oneHot(labels, classes).toFloat() as tf.Tensor2D,
        tf.tile(noise, [classes, 1]) as tf.Tensor2D,
      );
      const perClass = tf.transpose(tf.reshape(energies, [classes, batch])) as tf.Tensor2D;
      return tf.sum(tf.mul(q, tf.add(perClass, logQ)), 1);
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
}
