/**
 * The predictive-coding VAE: a cortex hierarchy whose feedforward pathways are
 * the amortized recognition (encoder) and whose feedback pathways are the
 * generative model (decoder). Its negative ELBO is the hierarchy's `infer` tick:
 * sampled recognition up, predictions down, area energies summed. At test time
 * `settle` refines the posterior means by descending the same energy.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, type Hierarchy, type PosteriorParameters } from '../../cortex/index.ts';
import type { GenerativeModel } from '../generative.ts';
import { PcVaeSpec, pcvaeHierarchySpec } from './spec.ts';

/**
 * The predictive-coding VAE: a Bernoulli (or Gaussian) sensory area under one or more
 * stochastic areas; trained by {@link trainGenerative}, refined at test time by `settle`.
 */
export class PcVae implements GenerativeModel {
  readonly kind = 'pcvae';
  readonly spec: PcVaeSpec;
  readonly hierarchy: Hierarchy;

  constructor(spec: Partial<PcVaeSpec>, seed: number) {
    this.spec = PcVaeSpec.parse(spec);
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
   * Predictive-coding inference at test time: starting from the encoder's
   * guess, `iterations` gradient steps on the negative ELBO with respect to the
   * posterior means (fresh noise each step, from `seed`). Each image keeps its
   * own step size: a step is taken only where it lowers that image's energy
   * under the step's noise; elsewhere the mean stays and that image's step
   * halves (backtracking; steps never grow, so means cannot chase one noise
   * draw). So no image is moved uphill, whatever `stepSize` says. Returns the refined posterior (the caller owns it) and the
   * mean -ELBO before each step.
   */
  settle(
    x: tf.Tensor2D,
    options: { iterations: number; stepSize: number; seed: number },
  ): { posterior: Map<string, PosteriorParameters>; trace: number[] } {
    const start = this.recognizePosterior(x);
    const names = [...start.keys()];
    const logVars = names.map((n) => start.get(n)!.logVar);
    let means = names.map((n) => start.get(n)!.mean);
    let steps = tf.fill([x.shape[0], 1], options.stepSize) as tf.Tensor2D;
    const posteriorOf = (ms: tf.Tensor2D[]) =>
      new Map(names.map((n, i) => [n, { mean: ms[i]!, logVar: logVars[i]! }]));
    const trace: number[] = [];
    for (let t = 0; t < options.iterations; t++) {
      const seed = options.seed + t;
      const next = tf.tidy(() => {
        const energy = (ms: tf.Tensor[]) =>
          this.negElboTerms(x, seed, posteriorOf(ms as tf.Tensor2D[])).negElbo;
        // The sum: each image's posterior follows its own -ELBO, whatever the batch size.
        const grads = tf.grads((...ms: tf.Tensor[]) => tf.sum(energy(ms)))(means);
        const before = energy(means);
        const candidates = means.map((m, i) => tf.sub(m, tf.mul(grads[i]!, steps)) as tf.Tensor2D);
        const after = energy(candidates);
        const better = tf.expandDims(tf.less(after, before), 1);
        return {
          before: tf.mean(before),
          means: candidates.map((c, i) => tf.where(better, c, means[i]!) as tf.Tensor2D),
          steps: tf.where(better, steps, tf.mul(steps, 0.5)) as tf.Tensor2D,
        };
      });
      trace.push(next.before.dataSync()[0]!);
      next.before.dispose();
      tf.dispose([...means, steps]);
      means = next.means;
      steps = next.steps;
    }
    steps.dispose();
    return { posterior: posteriorOf(means), trace };
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
