/**
 * The figure-ground model: a scene explained as an object in front of a
 * background. Recognition (feedforward) gives two Gaussian posteriors from the
 * image, q(z_o | x[, y]) for the object and q(z_b | x) for the background;
 * generation (feedback) gives the object's Bernoulli logits and its mask from
 * z_o (and the class y, when conditioned), and the background's logits from z_b.
 * Each pixel's likelihood is the mask-weighted mixture of the two (loss.ts), so
 * the object latent need not encode the texture behind it.
 */
import * as tf from '@tensorflow/tfjs';
import { applyDense, createDense, disposeDense, type Dense } from '../../cortex/dense.ts';
import { reparameterize } from '../../cortex/densities.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import { NeocortexError } from '../../errors.ts';
import { figureGroundNegElbo, type FigureGroundTerms, type Posterior } from './loss.ts';
import { FigureGroundSpec, type FigureGroundSpecInput } from './spec.ts';

/** One hidden relu layer and a linear head. */
interface TwoLayer {
  hidden: Dense;
  head: Dense;
}

function createTwoLayer(inSize: number, hidden: number, outSize: number, seed: number): TwoLayer {
  return {
    hidden: createDense(inSize, hidden, seed),
    head: createDense(hidden, outSize, seed + 2),
  };
}

function applyTwoLayer(map: TwoLayer, x: tf.Tensor2D): tf.Tensor2D {
  return applyDense(map.head, applyDense(map.hidden, x, 'relu'), 'linear');
}

function splitPosterior(head: tf.Tensor2D): Posterior {
  const [mean, logVar] = tf.split(head, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  return { mean, logVar };
}

/** Both areas' posteriors for a batch of images. */
export type FigureGroundRecognition = {
  /** q(z_o | x[, y]). */
  object: Posterior;
  /** q(z_b | x). */
  background: Posterior;
};

/** What the generative maps predict, [batch, pixels] each. */
export type FigureGroundGeneration = {
  /** Bernoulli logits of the object's pixels. */
  objectLogits: tf.Tensor2D;
  /** Bernoulli logits of the background's pixels. */
  backgroundLogits: tf.Tensor2D;
  /** Logits of the mask m: the probability that a pixel shows the object. */
  maskLogits: tf.Tensor2D;
};

/**
 * An object in front of a background, two latent areas and a per-pixel mask,
 * trained on the −ELBO with both KL terms. With `spec.classes` > 0 every call
 * that touches the object needs the class labels (int32, [batch]).
 */
export class FigureGround {
  /** The model's kind, as checkpoints record it. */
  readonly kind = 'figure-ground';
  /** The validated description this model was built from. */
  readonly spec: FigureGroundSpec;
  private readonly recognizeObject: TwoLayer;
  private readonly recognizeBackground: TwoLayer;
  private readonly generateObject: TwoLayer;
  private readonly generateBackground: TwoLayer;

  /**
   * Build the four maps from `spec`, weights drawn from `seed`. A bad spec throws a
   * SpecError (code SPEC_INVALID) listing every problem with its path.
   */
  constructor(spec: FigureGroundSpecInput, seed: number) {
    this.spec = parseSpecWith(FigureGroundSpec, spec, 'figure-ground spec');
    const { inputSize, object, background, classes } = this.spec;
    this.recognizeObject = createTwoLayer(
      inputSize + classes,
      object.hidden,
      2 * object.latent,
      seed,
    );
    this.recognizeBackground = createTwoLayer(
      inputSize,
      background.hidden,
      2 * background.latent,
      seed + 10,
    );
    this.generateObject = createTwoLayer(
      object.latent + classes,
      object.hidden,
      2 * inputSize,
      seed + 20,
    );
    this.generateBackground = createTwoLayer(
      background.latent,
      background.hidden,
      inputSize,
      seed + 30,
    );
    // The mask's half of the object's head starts at `initialMaskLogit`.
    const bias = this.generateObject.head.bias;
    tf.tidy(() =>
      bias.assign(
        tf.concat([
          bias.slice([0], [inputSize]),
          tf.fill([inputSize], this.spec.initialMaskLogit),
        ]) as tf.Tensor1D,
      ),
    );
  }

  /** Pixels per image. */
  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** The one-hot class the object's maps read, or nothing for an unconditional model. */
  private conditioned(input: tf.Tensor2D, labels: tf.Tensor1D | undefined): tf.Tensor2D {
    const { classes } = this.spec;
    if (classes === 0) {
      if (labels !== undefined) {
        throw new NeocortexError(
          'OPTION_INVALID',
          'figure-ground: this model has no classes (spec.classes is 0); pass no labels',
        );
      }
      return input;
    }
    if (labels === undefined) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `figure-ground: this model is conditioned on ${classes} classes; pass the labels`,
      );
    }
    if (labels.shape[0] !== input.shape[0]) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `figure-ground: ${labels.shape[0]} labels for a batch of ${input.shape[0]} images`,
      );
    }
    return tf.concat([input, tf.oneHot(labels, classes).toFloat() as tf.Tensor2D], 1);
  }

  /** Feedforward sweep: the object's and the background's posteriors. */
  recognize(x: tf.Tensor2D, labels?: tf.Tensor1D): FigureGroundRecognition {
    return tf.tidy(() => ({
      object: splitPosterior(applyTwoLayer(this.recognizeObject, this.conditioned(x, labels))),
      background: splitPosterior(applyTwoLayer(this.recognizeBackground, x)),
    }));
  }

  /** Feedback sweep: object logits and mask from z_o (and y), background logits from z_b. */
  generate(
    objectLatent: tf.Tensor2D,
    backgroundLatent: tf.Tensor2D,
    labels?: tf.Tensor1D,
  ): FigureGroundGeneration {
    return tf.tidy(() => {
      const object = applyTwoLayer(this.generateObject, this.conditioned(objectLatent, labels));
      const [objectLogits, maskLogits] = tf.split(object, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const backgroundLogits = applyTwoLayer(this.generateBackground, backgroundLatent);
      return { objectLogits, backgroundLogits, maskLogits };
    });
  }

  /** Single-sample −ELBO per image and its parts, posterior noise drawn from `seed`. */
  negElboTerms(x: tf.Tensor2D, seed: number, labels?: tf.Tensor1D): FigureGroundTerms {
    return tf.tidy(() => {
      const { object, background } = this.recognize(x, labels);
      const batch = x.shape[0];
      const noise = tf.randomNormal<tf.Rank.R2>(
        [batch, this.spec.object.latent + this.spec.background.latent],
        0,
        1,
        'float32',
        seed,
      );
      const [objectNoise, backgroundNoise] = tf.split(
        noise,
        [this.spec.object.latent, this.spec.background.latent],
        1,
      ) as [tf.Tensor2D, tf.Tensor2D];
      const generated = this.generate(
        reparameterize(object.mean, object.logVar, objectNoise),
        reparameterize(background.mean, background.logVar, backgroundNoise),
        labels,
      );
      return figureGroundNegElbo(x, generated, object, background, this.spec.backgroundCeiling);
    });
  }

  /** Single-sample −ELBO per image, [batch]. */
  negElboPerSample(x: tf.Tensor2D, seed: number, labels?: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => this.negElboTerms(x, seed, labels).negElbo);
  }

  /**
   * Analysis by synthesis: the −ELBO of every image under every class's object
   * model, [batch, classes], averaged over `samples` posterior draws (seeds
   * `seed`, `seed` + 1, ...). Only the object's maps read the class, so the
   * background's explanation is the same for every class; the lowest value is
   * the class whose object explains the image best.
   */
  negElboPerClass(x: tf.Tensor2D, seed: number, samples = 1): tf.Tensor2D {
    const { classes } = this.spec;
    if (classes === 0)
      throw new NeocortexError(
        'OPTION_INVALID',
        'figure-ground: negElboPerClass needs a model with classes',
      );
    return tf.tidy(() => {
      const batch = x.shape[0];
      const perClass = Array.from({ length: classes }, (_, c) => {
        const labels = tf.fill([batch], c, 'int32') as tf.Tensor1D;
        const draws = Array.from({ length: samples }, (_, s) =>
          this.negElboPerSample(x, seed + s, labels),
        );
        return tf.div(tf.addN(draws), samples) as tf.Tensor1D;
      });
      return tf.stack(perClass, 1) as tf.Tensor2D;
    });
  }

  /**
   * The mask m at the object's posterior mean, [batch, pixels]: the probability
   * that each pixel shows the object rather than the background.
   */
  mask(x: tf.Tensor2D, labels?: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const { object } = this.recognize(x, labels);
      const zeros = tf.zeros<tf.Rank.R2>([x.shape[0], this.spec.background.latent]);
      return tf.sigmoid(this.generate(object.mean, zeros, labels).maskLogits);
    });
  }

  /** Every trainable weight. */
  variables(): tf.Variable[] {
    return this.maps().flatMap((map) => [
      map.hidden.weight,
      map.hidden.bias,
      map.head.weight,
      map.head.bias,
    ]);
  }

  /** Free every weight. */
  dispose(): void {
    for (const map of this.maps()) {
      disposeDense(map.hidden);
      disposeDense(map.head);
    }
  }

  private maps(): TwoLayer[] {
    return [
      this.recognizeObject,
      this.recognizeBackground,
      this.generateObject,
      this.generateBackground,
    ];
  }
}
