/**
 * The predictive-coding VAE: a cortex hierarchy whose feedforward pathways are
 * the amortized recognition (encoder) and whose feedback pathways are the
 * generative model (decoder). Its negative ELBO is the hierarchy's `infer` tick:
 * sampled recognition up, predictions down, area energies summed. At test time
 * `settle` refines the posterior means by descending the same energy.
 */
import * as tf from '@tensorflow/tfjs';
import {
  buildHierarchy,
  descentStep,
  initialSteps,
  type Hierarchy,
  type InputLike,
  type PosteriorParameters,
} from '../../cortex/index.ts';
import { NeocortexError } from '../../errors.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import type { GenerativeModel } from '../generative.ts';
import { PcVaeSpec, pcvaeHierarchySpec, type PcVaeSpecInput } from './spec.ts';

/** What {@link PcVae.settle} does when an option is not given: 50 steps of 0.02 from seed 0. */
export const pcvaeSettleDefaults = { iterations: 50, stepSize: 0.02, seed: 0 } as const;

/**
 * The predictive-coding VAE: a Bernoulli (or Gaussian) sensory area under one or more
 * stochastic areas; trained by {@link trainGenerative}, refined at test time by `settle`.
 */
export class PcVae implements GenerativeModel {
  readonly kind = 'pcvae';
  readonly spec: PcVaeSpec;
  readonly hierarchy: Hierarchy;

  constructor(spec: PcVaeSpecInput, seed: number) {
    this.spec = parseSpecWith(PcVaeSpec, spec, 'pcvae spec');
    this.hierarchy = buildHierarchy(pcvaeHierarchySpec(this.spec, seed));
  }

  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** Names of the stochastic areas, bottom to top. */
  get latentAreas(): string[] {
    return this.hierarchy.areas.slice(1).map((a) => a.name);
  }

  negElboTerms(
    x: tf.Tensor2D,
    seed: number,
    posterior?: ReadonlyMap<string, PosteriorParameters>,
  ): { negElbo: tf.Tensor1D; reconstruction: tf.Tensor1D } {
    return tf.tidy(() => {
      const { negElbo, terms } = this.hierarchy.negElbo(x, {
        seed,
        ...(posterior ? { posterior } : {}),
      });
      return { negElbo, reconstruction: terms[this.hierarchy.sensory.name]! };
    });
  }

  negElboPerSample(x: tf.Tensor2D, seed: number): tf.Tensor1D {
    return tf.tidy(() => this.negElboTerms(x, seed).negElbo);
  }

  /**
   * The encoder's posterior parameters for `x` (a deterministic recognition
   * sweep: each area's mean is what it sends up). The caller owns them.
   */
  recognizePosterior(x: tf.Tensor2D): Map<string, PosteriorParameters> {
    this.hierarchy.recognize(x);
    const out = new Map<string, PosteriorParameters>();
    for (const name of this.latentAreas) {
      const area = this.hierarchy.area(name);
      out.set(name, { mean: area.state!.clone(), logVar: area.logVar!.clone() });
    }
    return out;
  }

  /**
   * Each area's prediction of the area below it, made from its own recognized state: a
   * deterministic recognition sweep of `x` puts every stochastic area at its posterior mean,
   * then each area predicts from that state (not from the top's alone). Keyed by the name of
   * the area predicted, top down (the order a prediction sweep visits them; the top, which
   * nothing predicts, has none); the sensory area's prediction is the reconstruction
   * ({@link PcVae.reconstruct}). `states` (by area name, [batch, size]) replace recognized
   * means, e.g. a top with some units clamped. The caller owns the tensors.
   */
  predictions(
    x: InputLike,
    options: { states?: ReadonlyMap<string, InputLike> } = {},
  ): Map<string, tf.Tensor2D> {
    this.hierarchy.recognize(x);
    return this.hierarchy.predictionsFrom(options.states);
  }

  /**
   * The reconstruction of `x`, [batch, inputSize]: the sensory area's prediction given the
   * recognized states (each area at its posterior mean, the area above the sensory one
   * predicting it from its own mean): the Bernoulli probabilities (or Gaussian means) whose
   * negative log-likelihood of `x` is the reconstruction term of the -ELBO at zero posterior
   * noise. A new tensor the caller owns.
   */
  reconstruct(x: InputLike): tf.Tensor2D {
    const predictions = this.predictions(x);
    const sensory = this.hierarchy.sensory.name;
    tf.dispose([...predictions].filter(([name]) => name !== sensory).map(([, t]) => t));
    return predictions.get(sensory)!;
  }

  /**
   * `count` samples from the generative model, [count, inputSize], drawn ancestrally with
   * `seed`: the top from its prior N(0, I), each stochastic area below from its prior
   * N(prediction, exp(priorLogVar)) given the sample above, and the sensory area's prediction
   * (Bernoulli probabilities, or Gaussian means) from the sample of the area above it. A new
   * tensor the caller owns.
   */
  sample(count: number, seed: number): tf.Tensor2D {
    if (!Number.isInteger(count) || count < 1) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `sample: count must be a positive whole number, got ${count}`,
      );
    }
    return this.hierarchy.generate(undefined, { seed, batch: count, sample: true }).clone();
  }

  /**
   * Predictive-coding inference at test time: starting from the encoder's
   * guess, `iterations` gradient steps on the negative ELBO with respect to the
   * posterior means (fresh noise each step, from `seed`), through the cortex's
   * one settling routine (`descentStep`, cortex/settle.ts). Each image keeps its
   * own step size: a step is taken only where it does not raise that image's
   * energy under the step's noise; elsewhere the mean stays and that image's step
   * halves (backtracking; steps never grow, so means cannot chase one noise
   * draw). So no image is moved uphill, whatever `stepSize` says. Returns the
   * refined posterior (the caller owns it), the mean -ELBO before each step and
   * each image's -ELBO before each step (`tracePerImage`, `[step][image]`) and
   * after it under the same noise (`afterPerImage`, never above `tracePerImage`).
   * Without options it runs {@link pcvaeSettleDefaults}: 50 steps of 0.02, noise from seed 0
   * (the test-time settling of `neocortex train`).
   */
  settle(
    x: tf.Tensor2D,
    settings: { iterations?: number; stepSize?: number; seed?: number } = {},
  ): {
    posterior: Map<string, PosteriorParameters>;
    trace: number[];
    tracePerImage: number[][];
    afterPerImage: number[][];
  } {
    const options = { ...pcvaeSettleDefaults, ...settings };
    if (!Number.isInteger(options.iterations) || options.iterations < 0) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `settle: iterations must be a whole number of at least 0, got ${options.iterations}`,
      );
    }
    const start = this.recognizePosterior(x);
    const names = [...start.keys()];
    const logVars = names.map((n) => start.get(n)!.logVar);
    let means = names.map((n) => start.get(n)!.mean);
    let steps = initialSteps(x.shape[0], options.stepSize);
    const posteriorOf = (ms: tf.Tensor2D[]) =>
      new Map(names.map((n, i) => [n, { mean: ms[i]!, logVar: logVars[i]! }]));
    const trace: number[] = [];
    const tracePerImage: number[][] = [];
    const afterPerImage: number[][] = [];
    for (let t = 0; t < options.iterations; t++) {
      const seed = options.seed + t;
      const next = tf.tidy(() => {
        const energyAt = (ms: tf.Tensor2D[]) => this.negElboTerms(x, seed, posteriorOf(ms)).negElbo;
        // Each image's energy at the current means, kept from the gradient's own forward
        // pass (the same kernels, the same noise: no second pass for it).
        const atMeans: tf.Tensor1D[] = [];
        // The sum: each image's posterior follows its own -ELBO, whatever the batch size.
        const gradients = tf.grads((...ms: tf.Tensor[]) => {
          const perImage = energyAt(ms as tf.Tensor2D[]);
          atMeans.push(tf.keep(perImage));
          return tf.sum(perImage);
        })(means) as tf.Tensor2D[];
        const energy = atMeans[0]!;
        const step = descentStep({ states: means, gradients, energy, steps, energyAt });
        return { before: energy, after: step.energy, means: step.states, steps: step.steps };
      });
      tracePerImage.push(Array.from(next.before.dataSync()));
      trace.push(tf.tidy(() => tf.mean(next.before).dataSync()[0]!));
      afterPerImage.push(Array.from(next.after.dataSync()));
      tf.dispose([next.before, next.after]);
      tf.dispose([...means, steps]);
      means = next.means;
      steps = next.steps;
    }
    steps.dispose();
    return { posterior: posteriorOf(means), trace, tracePerImage, afterPerImage };
  }

  /** Every trainable weight of its hierarchy. */
  variables(): tf.Variable[] {
    return this.hierarchy.variables();
  }

  /** Free its hierarchy's tensors. */
  dispose(): void {
    this.hierarchy.dispose();
  }
}
