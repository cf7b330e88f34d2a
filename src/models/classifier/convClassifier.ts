/**
 * A small convolutional classifier, feedforward only: blocks of
 * conv k×k ('valid') → relu → max-pool, then dense relu layers and a linear
 * layer of class logits. Default 28x28 → conv 5x5x32 → pool 2 → conv 5x5x64 →
 * pool 2 → dense 128 → 10.
 *
 * Each block is relu(conv + b) then max-pooling, in that order on purpose:
 * the wasm backend's MaxPoolGrad kernel (tfjs 4.22) sends the gradient of a
 * window whose values are all negative to its first element instead of its
 * largest, so pooling must only see values >= 0 (after the relu, where a
 * window of zeros passes no gradient either way).
 * Weights start like PyTorch's: U(±1/sqrt(fan-in)).
 */
import * as tf from '@tensorflow/tfjs';
import { applyDense, createDense, disposeDense, type Dense } from '../../cortex/dense.ts';
import type { Classifier } from './classifier.ts';
import { conv2dValid } from './conv2d.ts';
import { ConvClassifierSpec, convFeatureShape } from './spec.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import { NeocortexError } from '../../errors.ts';

interface ConvBlock {
  /** [k, k, in channels, out channels] */
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

function createConvBlock(
  k: number,
  inChannels: number,
  outChannels: number,
  seed: number,
): ConvBlock {
  const bound = 1 / Math.sqrt(k * k * inChannels);
  return tf.tidy(() => ({
    filter: tf.variable(
      tf.randomUniform<tf.Rank.R4>([k, k, inChannels, outChannels], -bound, bound, 'float32', seed),
      true,
    ),
    bias: tf.variable(
      tf.randomUniform<tf.Rank.R1>([outChannels], -bound, bound, 'float32', seed + 1),
      true,
    ),
  }));
}

/**
 * The convolutional classifier: two convolution blocks and a dense layer, with gradients that
 * run on the wasm backend.
 */
export class ConvClassifier implements Classifier {
  readonly kind = 'conv';
  readonly spec: ConvClassifierSpec;
  private readonly blocks: ConvBlock[];
  private readonly dense: Dense[];
  private readonly output: Dense;

  constructor(spec: Omit<Partial<ConvClassifierSpec>, 'kind'> = {}) {
    this.spec = parseSpecWith(ConvClassifierSpec, { ...spec, kind: 'conv' }, 'classifier spec');
    const { convChannels, kernelSize, denseSizes, classes, seed } = this.spec;
    const inChannels = [1, ...convChannels];
    this.blocks = convChannels.map((out, i) =>
      createConvBlock(kernelSize, inChannels[i]!, out, seed + 10 * i),
    );
    const sizes = [convFeatureShape(this.spec).features, ...denseSizes];
    this.dense = denseSizes.map((size, i) => createDense(sizes[i]!, size, seed + 1000 + 2 * i));
    this.output = createDense(sizes.at(-1)!, classes, seed + 2000);
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    const { height, width, poolSize } = this.spec;
    if (x.shape[1] !== height * width) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `conv classifier: expected images of ${height}x${width} = ${height * width} pixels, ` +
          `got ${x.shape[1]}`,
      );
    }
    return tf.tidy(() => {
      let h = tf.reshape<tf.Rank.R4>(x, [x.shape[0], height, width, 1]);
      for (const [i, block] of this.blocks.entries()) {
        const maps = conv2dValid(h, block.filter, { inputGradient: i > 0 });
        const active = tf.relu(tf.add<tf.Tensor4D>(maps, block.bias));
        h = tf.maxPool(active, poolSize, poolSize, 'valid');
      }
      let flat = tf.reshape<tf.Rank.R2>(h, [x.shape[0], -1]);
      for (const layer of this.dense) flat = applyDense(layer, flat, 'relu');
      return applyDense(this.output, flat, 'linear');
    });
  }

  trainableVariables(): tf.Variable[] {
    return [
      ...this.blocks.flatMap((b) => [b.filter, b.bias]),
      ...[...this.dense, this.output].flatMap((l) => [l.weight, l.bias]),
    ];
  }

  /** Free the weights. */
  dispose(): void {
    for (const block of this.blocks) {
      block.filter.dispose();
      block.bias.dispose();
    }
    for (const layer of [...this.dense, this.output]) disposeDense(layer);
  }
}
