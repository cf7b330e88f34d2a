/**
 * The plain variational autoencoder (Kingma & Welling 2014): a recognition
 * (feedforward, encoder) path q(z|x) = N(mean, diag(exp(logVar))) and a
 * generative (feedback, decoder) path p(x|z) = Bernoulli(sigmoid(logits)), with
 * prior p(z) = N(0, I). Default shape 784-400-20-400-784, as in the classic
 * PyTorch example.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { GenerativeModel } from './generative.ts';
import {
  fusedBernoulliNegLogLikelihood,
  fusedDense,
  fusedGaussianLatent,
  gaussianLatentKernelAvailable,
} from '../backend/index.ts';
import { createDense, disposeDense, type Dense } from '../cortex/dense.ts';
import { gaussianKlToStandardNormal, reparameterize } from '../cortex/densities.ts';

/** One layer act(x·W + b), fused where the backend allows (see backend/denseKernel.ts). */
const applyDense = (layer: Dense, x: tf.Tensor2D, activation: 'linear' | 'relu'): tf.Tensor2D =>
  fusedDense(x, layer.weight, layer.bias, activation);

/**
 * The plain VAE's description (zod schema): input, hidden and latent sizes, and
 * the optional weight `beta` on the KL in the training objective.
 */
export const VaeSpec = z
  .object({
    inputSize: z.number().int().positive().default(784),
    hiddenSizes: z.array(z.number().int().positive()).min(1).default([400]),
    latentSize: z.number().int().positive().default(20),
    likelihood: z.literal('bernoulli').default('bernoulli'),
    /**
     * Weight on the KL in the training objective, reconstruction + beta · KL
     * (the beta-VAE of Higgins et al. 2017). Omitted: 1, the plain -ELBO. It
     * changes only what training minimises; the -ELBO reported stays beta-free.
     */
    beta: z.number().positive().max(1000).optional(),
  })
  .strict();
/** A validated VAE description. */
export type VaeSpec = z.infer<typeof VaeSpec>;

/** The encoder's output: posterior mean and log-variance. */
export interface Recognition {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/** Per-sample terms of the negative ELBO, in nats. */
export interface NegElboTerms {
  negElbo: tf.Tensor1D;
  reconstruction: tf.Tensor1D;
  kl: tf.Tensor1D;
}

/**
 * The plain Bernoulli VAE (Kingma and Welling 2014), written directly with tensors: the
 * reference the predictive-coding VAE is checked against.
 */
export class Vae implements GenerativeModel {
  readonly kind = 'vae';
  readonly spec: VaeSpec;
  private readonly encoder: Dense[];
  private readonly encoderHead: Dense;
  private readonly decoder: Dense[];
  private readonly decoderOut: Dense;

  constructor(spec: Partial<VaeSpec>, seed: number) {
    this.spec = VaeSpec.parse(spec);
    const { inputSize, hiddenSizes, latentSize } = this.spec;
    let s = seed;
    const next = (): number => (s += 2);
    const up = [inputSize, ...hiddenSizes];
    this.encoder = hiddenSizes.map((h, i) => createDense(up[i]!, h, next()));
    this.encoderHead = createDense(up.at(-1)!, 2 * latentSize, next());
    const down = [latentSize, ...[...hiddenSizes].reverse()];
    this.decoder = down.slice(1).map((h, i) => createDense(down[i]!, h, next()));
    this.decoderOut = createDense(down.at(-1)!, inputSize, next());
  }

  /** Feedforward sweep: the approximate posterior q(z | x). */
  recognize(x: tf.Tensor2D): Recognition {
    return tf.tidy(() => {
      const [mean, logVar] = tf.split(this.recognitionHead(x), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mean, logVar };
    });
  }

  /** The encoder's output layer: [mean | logVar] side by side, one row per image. */
  private recognitionHead(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    for (const layer of this.encoder) h = applyDense(layer, h, 'relu');
    return applyDense(this.encoderHead, h, 'linear');
  }

  /** A posterior sample z (reparameterised with `noise`) and KL(q(z | x) ‖ p(z)) per image. */
  private sampleLatent(
    x: tf.Tensor2D,
    noise: tf.Tensor2D,
  ): { sample: tf.Tensor2D; kl: tf.Tensor1D } {
    // One fused kernel each way where the backend has it (backend/gaussianLatentKernel.ts).
    if (gaussianLatentKernelAvailable()) return fusedGaussianLatent(this.recognitionHead(x), noise);
    const { mean, logVar } = this.recognize(x);
    return {
      sample: reparameterize(mean, logVar, noise),
      kl: gaussianKlToStandardNormal(mean, logVar),
    };
  }

  /** Feedback sweep: Bernoulli logits of p(x | z). */
  generate(latent: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = latent;
      for (const layer of this.decoder) h = applyDense(layer, h, 'relu');
      return applyDense(this.decoderOut, h, 'linear');
    });
  }

  /** Single-sample estimate of -ELBO per image, with the given standard-normal noise. */
  negElbo(x: tf.Tensor2D, noise: tf.Tensor2D): NegElboTerms {
    return tf.tidy(() => {
      const { sample, kl } = this.sampleLatent(x, noise);
      const logits = this.generate(sample);
      const reconstruction = fusedBernoulliNegLogLikelihood(logits, x);
      return { negElbo: tf.add<tf.Tensor1D>(reconstruction, kl), reconstruction, kl };
    });
  }

  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** Weight on the KL in the training objective (1 unless the spec sets `beta`). */
  get beta(): number {
    return this.spec.beta ?? 1;
  }

  negElboTerms(
    x: tf.Tensor2D,
    seed: number,
  ): { negElbo: tf.Tensor1D; reconstruction: tf.Tensor1D } {
    return tf.tidy(() => {
      const noise = tf.randomNormal<tf.Rank.R2>(
        [x.shape[0], this.spec.latentSize],
        0,
        1,
        'float32',
        seed,
      );
      const { negElbo, reconstruction } = this.negElbo(x, noise);
      return { negElbo, reconstruction };
    });
  }

  negElboPerSample(x: tf.Tensor2D, seed: number): tf.Tensor1D {
    return tf.tidy(() => this.negElboTerms(x, seed).negElbo);
  }

  /** Every trainable weight. */
  variables(): tf.Variable[] {
    return [...this.encoder, this.encoderHead, ...this.decoder, this.decoderOut].flatMap((l) => [
      l.weight,
      l.bias,
    ]);
  }

  /** Free every weight. */
  dispose(): void {
    for (const layer of [...this.encoder, this.encoderHead, ...this.decoder, this.decoderOut]) {
      disposeDense(layer);
    }
  }
}
