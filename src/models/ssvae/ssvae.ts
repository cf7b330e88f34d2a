/**
 * The semi-supervised generative classifier (`ssvae`): Kingma et al. 2014's
 * M1+M2, stacked as Kingma et al. trained them. The sensory area and the
 * stochastic area z1 are a predictive-coding VAE (the hierarchy of `PcVae`, M1);
 * on top sits the class area (M2), whose data is z1 (samples of the first's
 * posterior) and in which the class y and a style z2 predict z1: by default
 * its own dense networks (denseClassArea.ts), or a second cortex hierarchy
 * (classArea.ts, `classArea: 'cortex'`). An image is classified by recognition alone: a feedforward sweep to z1's
 * posterior mean, then q(y | z1).
 */
import * as tf from '@tensorflow/tfjs';
import { reparameterize } from '../../cortex/densities.ts';
import { PcVae } from '../pcvae/index.ts';
import { ClassArea } from './classArea.ts';
import type { ClassAreaModel } from './classAreaModel.ts';
import { DenseClassArea } from './denseClassArea.ts';
import { SsVaeSpec } from './spec.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import { NeocortexError } from '../../errors.ts';

/**
 * The semi-supervised generative classifier (Kingma et al. 2014, M1+M2): a pcvae with a class
 * area on top; classifies by recognition alone.
 */
export class SsVae {
  readonly kind = 'ssvae';
  readonly spec: SsVaeSpec;
  /** Sensory area and z1: the lower, unsupervised part of the hierarchy. */
  readonly lower: PcVae;
  /** The class area on top: dense (default) or built from cortex areas (spec `classArea`). */
  readonly classArea: ClassAreaModel;

  constructor(spec: Partial<SsVaeSpec>, seed: number) {
    this.spec = parseSpecWith(SsVaeSpec, spec, 'ssvae spec');
    const { inputSize, latentSize, hiddenSize, classes, styleSize, classHiddenSize } = this.spec;
    this.lower = new PcVae(
      { inputSize, latentSizes: [latentSize], hiddenSizes: [hiddenSize] },
      seed,
    );
    const sizes = { below: latentSize, classes, style: styleSize, hidden: classHiddenSize };
    this.classArea =
      this.spec.classArea === 'cortex'
        ? new ClassArea(sizes, seed + 1000)
        : new DenseClassArea(sizes, seed + 1000);
  }

  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** A sample of z1 from its posterior q(z1 | x), the class area's input while training. */
  sampleBelow(x: tf.Tensor2D, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const posterior = this.lower.recognizePosterior(x).get(this.lower.latentAreas[0]!)!;
      const noise = tf.randomNormal<tf.Rank.R2>(posterior.mean.shape, 0, 1, 'float32', seed);
      return reparameterize(posterior.mean, posterior.logVar, noise);
    });
  }

  /** Class logits by recognition: z1's posterior mean, then q(y | z1). The caller owns them. */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const posterior = this.lower.recognizePosterior(x).get(this.lower.latentAreas[0]!)!;
      return this.classArea.classLogits(posterior.mean);
    });
  }

  /**
   * The class area's training loss on a batch: the mean -ELBO of the unlabelled
   * z1 samples, plus that of the labelled ones, plus `labelWeight` times the
   * labelled images' cross-entropy (the term that teaches q(y | z1) directly).
   */
  classLoss(
    unlabelled: tf.Tensor2D,
    labelled: tf.Tensor2D,
    labels: tf.Tensor1D,
    seed: number,
  ): { loss: tf.Scalar; correct: tf.Scalar } {
    return tf.tidy(() => {
      const { classes, labelWeight } = this.spec;
      const oneHot = tf.oneHot(labels, classes).toFloat() as tf.Tensor2D;
      const energyU = this.classArea.unlabelledEnergy(unlabelled, seed);
      const energyL = this.classArea.labelledEnergy(labelled, oneHot, seed + 1);
      const logits = this.classArea.classLogits(labelled);
      const crossEntropy = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1));
      const loss = tf.addN([
        tf.mean(energyU),
        tf.mean(energyL),
        tf.mul(labelWeight, tf.mean(crossEntropy)),
      ]);
      const correct = tf.sum(tf.equal(tf.argMax(logits, 1), labels).toFloat());
      return { loss: loss as tf.Scalar, correct: correct as tf.Scalar };
    });
  }

  /**
   * Start from a lower hierarchy trained elsewhere (e.g. one pcvae shared by
   * several experiments): copy its weights into this model's sensory area and
   * z1. Train with `epochs: 0` to keep them and run only the class stage.
   */
  copyLowerFrom(source: PcVae): void {
    const from = source.variables();
    const to = this.lower.variables();
    const same =
      from.length === to.length && from.every((v, i) => v.shape.join() === to[i]!.shape.join());
    if (!same) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `ssvae: the lower hierarchy to copy (${JSON.stringify(source.spec)}) does not match ` +
          `this model's (${JSON.stringify(this.lower.spec)})`,
      );
    }
    to.forEach((variable, i) => variable.assign(from[i]!));
  }

  /** Every trainable weight: the lower pcvae's and the class area's. */
  variables(): tf.Variable[] {
    return [...this.lower.variables(), ...this.classArea.variables()];
  }

  /** Free every weight. */
  dispose(): void {
    this.lower.dispose();
    this.classArea.dispose();
  }
}
