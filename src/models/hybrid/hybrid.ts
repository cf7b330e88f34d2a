/**
 * The amortized hybrid (ngc-learn's amortized predictive coding; Marino et al. 2018):
 * a cortex hierarchy whose feedforward pathway is an encoder that guesses the latent
 * state, whose settling refines that guess, and whose generative weights learn by the
 * local rule from the settled states. The encoder learns to predict where settling
 * ends (½‖settled − guess‖², through the encoder only), so over training its guess
 * saves settling iterations: `iterationsSaved` measures how many.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, parseSpecWith, type Hierarchy } from '../../cortex/index.ts';
import { NonFiniteLossError } from '../epochLoop.ts';
import { HybridSpec, type HybridSpecInput } from './spec.ts';

/** What one training step reports (means per image, nats). */
export interface HybridStepResult {
  /** Free energy at the encoder's guess, before settling. */
  freeEnergyGuess: number;
  /** Free energy after the step's settling, where the weights learn. */
  freeEnergySettled: number;
  /** ½‖settled − guess‖²: what the encoder has yet to learn. */
  amortizationError: number;
}

/** What {@link AmortizedHybrid.iterationsSaved} measures on a batch. */
export interface IterationsSaved {
  /** Settling iterations from the encoder's guess. */
  fromGuess: number;
  /** The mean free energy they reach. */
  target: number;
  /** Iterations from no guess (prior means) to reach `target`, or undefined if `maxIterations` did not. */
  fromPrior: number | undefined;
  /** The free energy at the guess and at the prior start. */
  startGuess: number;
  startPrior: number;
}

/** Encoder guess, settle, local learning of the generative weights. */
export class AmortizedHybrid {
  readonly spec: HybridSpec;
  readonly hierarchy: Hierarchy;
  private readonly generativeOptimizer: tf.Optimizer;
  private readonly recognitionOptimizer: tf.Optimizer;
  private readonly recognitionVariables: tf.Variable[];

  constructor(spec: HybridSpecInput = {}) {
    this.spec = parseSpecWith(HybridSpec, spec, 'hybrid spec');
    const { inputSize, latentSize, recognitionHidden, seed, learningRate } = this.spec;
    this.hierarchy = buildHierarchy({
      areas: [
        { name: 'sensory', size: inputSize, activation: 'sigmoid', likelihood: 'bernoulli' },
        { name: 'latent', size: latentSize },
      ],
      pathways: [
        { from: 'sensory', to: 'latent', kind: 'feedforward', hidden: recognitionHidden },
        { from: 'latent', to: 'sensory', kind: 'feedback', hidden: [] },
      ],
      seed,
    });
    const latent = this.hierarchy.area('latent');
    this.recognitionVariables = [
      ...this.hierarchy.pathway('sensory', 'latent').variables(),
      latent.recognitionBias!,
    ];
    this.generativeOptimizer = tf.train.adam(learningRate);
    this.recognitionOptimizer = tf.train.adam(learningRate);
  }

  /**
   * One training step on a batch (rows of `x`, binary): guess, settle T iterations, move the
   * generative weights by the local rule at the settled states, move the encoder toward them.
   */
  trainStep(x: tf.Tensor2D): HybridStepResult {
    const h = this.hierarchy;
    const guess = tf.clone(h.recognize(x));
    try {
      const { freeEnergy } = h.settle(x, {
        iterations: this.spec.inferenceSteps,
        stepSize: this.spec.inferenceRate,
        continueFrom: 'current',
      });
      const settled = tf.clone(h.area('latent').state!);
      const { freeEnergy: freeEnergySettled } = h.learn({ optimizer: this.generativeOptimizer });
      const amortization = this.recognitionOptimizer.minimize(
        () =>
          tf.mul(0.5, tf.mean(tf.sum(tf.square(tf.sub(settled, h.recognize(x))), 1))) as tf.Scalar,
        true,
        this.recognitionVariables,
      );
      const amortizationError = amortization!.dataSync()[0]!;
      tf.dispose([settled, amortization!]);
      if (!Number.isFinite(freeEnergySettled) || !Number.isFinite(amortizationError)) {
        throw new NonFiniteLossError(
          `hybrid: the free energy (${freeEnergySettled}) or the amortization error (${amortizationError}) is not a finite number; lower the learning rate or the inference rate`,
        );
      }
      return { freeEnergyGuess: freeEnergy[0]!, freeEnergySettled, amortizationError };
    } finally {
      guess.dispose();
    }
  }

  /**
   * How many settling iterations the encoder's guess saves: settle `fromGuess` iterations from
   * the guess, then count the iterations that settling from no guess (every latent at its prior
   * mean) needs to reach the same mean free energy, up to `maxIterations`.
   */
  iterationsSaved(x: tf.Tensor2D, fromGuess = 10, maxIterations = 1000): IterationsSaved {
    const h = this.hierarchy;
    const step = this.spec.inferenceRate;
    const guessed = h.settle(x, { iterations: fromGuess + 1, stepSize: step }).freeEnergy;
    const target = guessed[fromGuess]!;
    const prior = h.settle(x, {
      iterations: maxIterations + 1,
      stepSize: step,
      continueFrom: 'prior',
    }).freeEnergy;
    const reached = prior.findIndex((f) => f <= target);
    return {
      fromGuess,
      target,
      fromPrior: reached === -1 ? undefined : reached,
      startGuess: guessed[0]!,
      startPrior: prior[0]!,
    };
  }

  /** Free the hierarchy and the optimizers. */
  dispose(): void {
    this.generativeOptimizer.dispose();
    this.recognitionOptimizer.dispose();
    this.hierarchy.dispose();
  }
}
