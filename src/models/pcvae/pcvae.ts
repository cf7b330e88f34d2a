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
      return { negElbo, reconstruction: terms['sensory']! };
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
   * posterior means (fresh noise each step, from `seed`). Returns the refined
   * posterior (caller owns it) and the mean -ELBO before each step.
   */
  settle(
    x: tf.Tensor2D,
    options: { iterations: number; stepSize: number; seed: number },
  ): { posterior: Map<string, PosteriorParameters>; trace: number[] } {
    const start = this.recognizePosterior(x);
    const means = new Map<string, tf.Variable<tf.Rank.R2>>();
    for (const [name, p] of start) means.set(name, tf.variable(p.mean, true));
    const trace: number[] = [];
    for (let t = 0; t < options.iterations; t++) {
      const posterior = new Map(
        [...start].map(([name, p]) => [name, { mean: means.get(name)!, logVar: p.logVar }]),
      );
      const { value, grads } = tf.variableGrads(
        // The sum: each image's posterior follows its own -ELBO, whatever the batch size.
        () => tf.sum(this.negElboTerms(x, options.seed + t, posterior).negElbo) as tf.Scalar,
        [...means.values()],
      );
      trace.push(value.dataSync()[0]! / x.shape[0]);
      for (const v of means.values()) {
        const g = grads[v.name]!;
        tf.tidy(() => v.assign(tf.sub(v, tf.mul(g, options.stepSize))));
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
    const refined = new Map<string, PosteriorParameters>();
    for (const [name, p] of start) {
      const mean = means.get(name)!;
      refined.set(name, { mean: mean.clone() as tf.Tensor2D, logVar: p.logVar });
      p.mean.dispose();
      mean.dispose();
    }
    return { posterior: refined, trace };
  }

  variables(): tf.Variable[] {
    return this.hierarchy.variables();
  }

  dispose(): void {
    this.hierarchy.dispose();
  }
}
