/**
 * `pcgen`: a generative predictive-coding network (Rao and Ballard 1999; ngc-learn's GNCN-t1,
 * Ororbia and Kifer 2022) built from cortex parts. It has no encoder: for every batch the
 * latent areas start at rest (zeros) and settle for T iterations on the free energy with the
 * image clamped; then each feedback pathway learns from its presynaptic state and its target's
 * prediction error alone (`Hierarchy.learn`, the local rule). Reconstructions are the sensory
 * prediction after settling; samples are drawn ancestrally from the root's prior N(0, I).
 */
import { createOptimizer } from '../optimizerSpec.ts';
import * as tf from '@tensorflow/tfjs';
import {
  buildHierarchy,
  type Area,
  type Hierarchy,
  type SettleResult,
} from '../../cortex/index.ts';
import { activate } from '../../cortex/activation.ts';
import { localStepTrace, type LocalStepTrace } from '../localStepTrace.ts';
import { driveInto } from './joint.ts';
import { PcGenSpec, pcgenHierarchySpec, type PcGenSpecInput } from './spec.ts';
import { parseSpecWith } from '../../cortex/specError.ts';

/** What one {@link PcGen.trainStep} measured on its batch. */
export interface PcGenStepResult {
  /** Mean free energy per image (nats) at the settled states, before the weights moved. */
  freeEnergy: number;
  /** Asked with `trace`: each area's energy per settle iteration and after the update. */
  trace?: LocalStepTrace;
}

/**
 * The generative predictive-coding network: a Bernoulli sensory area under a chain of
 * Gaussian latent areas, feedback pathways only, settled and trained locally.
 */
export class PcGen {
  readonly kind = 'pcgen';
  readonly spec: PcGenSpec;
  readonly hierarchy: Hierarchy;

  /**
   * @param spec - the network (defaults filled in by {@link PcGenSpec})
   * @param seed - seed of the initial weights
   */
  constructor(spec: PcGenSpecInput, seed: number) {
    this.spec = parseSpecWith(PcGenSpec, spec, 'pcgen spec');
    this.hierarchy = buildHierarchy(pcgenHierarchySpec(this.spec, seed));
  }

  /** Pixels per image. */
  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** The optimizer the spec names (`adam` or `sgd`) at its learning rate; the caller disposes it. */
  createOptimizer(): tf.Optimizer {
    return createOptimizer(this.spec.optimizer);
  }

  /**
   * Settle the latent areas on the images `x` ([batch, inputSize], binary for this Bernoulli
   * model): from rest, `iterations` (default T, the spec's `inferenceSteps`) of per-image
   * backtracking descent on the free energy.
   */
  settle(
    x: tf.Tensor2D,
    iterations = this.spec.inferenceSteps,
    options: { energyByArea?: boolean } = {},
  ): SettleResult {
    return this.hierarchy.settle(x, {
      iterations,
      stepSize: this.spec.inferenceRate,
      ...options,
    });
  }

  /**
   * One local-learning step: settle on `x`, then `learn` (every pathway from its own two
   * areas). With `trace`, also each area's energy per settle iteration and after the update.
   */
  trainStep(
    x: tf.Tensor2D,
    optimizer: tf.Optimizer,
    options: { trace?: boolean } = {},
  ): PcGenStepResult {
    const trace = options.trace === true;
    const settled = this.settle(x, this.spec.inferenceSteps, { energyByArea: trace });
    const { freeEnergy } = this.hierarchy.learn({ optimizer });
    return { freeEnergy, ...(trace ? { trace: localStepTrace(this.hierarchy, settled) } : {}) };
  }

  /**
   * The backprop counterpart of {@link PcGen.trainStep}: the same settle on `x`, then every
   * weight moves by the gradient of the mean free energy at the settled states computed by
   * automatic differentiation through the whole network (`tf.variableGrads`), not by each
   * pathway's local rule. With the states held, the free energy's gradient for a pathway's
   * weights involves only the two areas it joins, so the two rules should agree up to
   * floating-point error; a difference would be a bug in one of them.
   */
  backpropStep(x: tf.Tensor2D, optimizer: tf.Optimizer): PcGenStepResult {
    this.settle(x);
    const h = this.hierarchy;
    const { value, grads } = tf.variableGrads(() => {
      const states = new Map<Area, tf.Tensor2D>(h.areas.map((a) => [a, a.state!]));
      const energies = h.areas.map((a) => a.energyAt(a.state!, driveInto(h, a, states)));
      return tf.mean(energies.reduce((a, b) => tf.add<tf.Tensor1D>(a, b)));
    }, this.variables());
    // Optimizers such as Adam keep their state by position: every variable, in one fixed order
    // (the model's `variables()`, not the local rule's), a zero where no gradient reached. So an
    // optimizer must not be shared between this step and `trainStep`.
    const ordered = this.variables().map((v) => ({
      name: v.name,
      tensor: grads[v.name] ?? tf.zerosLike(v),
    }));
    try {
      optimizer.applyGradients(ordered);
      return { freeEnergy: value.dataSync()[0]! };
    } finally {
      tf.dispose([value, ...Object.values(grads), ...ordered.map((g) => g.tensor)]);
    }
  }

  /**
   * The sensory prediction after settling on `x`: each image's reconstruction from its settled
   * latents, as pixel probabilities (the caller owns the tensor).
   */
  reconstruct(x: tf.Tensor2D): tf.Tensor2D {
    this.settle(x);
    return tf.tidy(() => this.predictionOf(this.hierarchy.sensory, this.currentStates()));
  }

  /**
   * Ancestral samples: the root from its prior N(0, I), then each area below drawn from
   * N(its prediction, 1/precision), down to the sensory area, shown as its Bernoulli mean
   * (pixel probabilities). `[count, inputSize]`; the caller owns it.
   */
  sample(count: number, seed: number): tf.Tensor2D {
    const h = this.hierarchy;
    return tf.tidy(() => {
      const states = new Map<Area, tf.Tensor2D>();
      for (const i of h.orders.prediction) {
        const area = h.areas[i]!;
        const noise = tf.randomNormal<tf.Rank.R2>(
          [count, area.size],
          0,
          1,
          'float32',
          seed + 7919 * i,
        );
        if (area.isRoot) {
          states.set(area, noise);
        } else if (area === h.sensory) {
          states.set(area, this.predictionOf(area, states));
        } else {
          const sd = tf.rsqrt(area.precisionTensor() ?? tf.scalar(1));
          states.set(area, tf.add(this.predictionOf(area, states), tf.mul(noise, sd)));
        }
      }
      return states.get(h.sensory)!;
    });
  }

  /** act(prior bias + drives) of `area` at `states` (a sigmoid at the Bernoulli sensory area). */
  private predictionOf(area: Area, states: ReadonlyMap<Area, tf.Tensor2D>): tf.Tensor2D {
    const drive = driveInto(this.hierarchy, area, states);
    const bias = area.priorBias!;
    const u = drive === undefined ? tf.expandDims(bias, 0) : tf.add(drive, bias);
    return activate(area.spec.activation, u as tf.Tensor2D);
  }

  private currentStates(): Map<Area, tf.Tensor2D> {
    return new Map(this.hierarchy.areas.map((a) => [a, a.state!]));
  }

  /** Every trainable weight: the feedback pathways' maps and the areas' prediction biases. */
  variables(): tf.Variable[] {
    return this.hierarchy.variables();
  }

  /** Free every weight and state. */
  dispose(): void {
    this.hierarchy.dispose();
  }
}
