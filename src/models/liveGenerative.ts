/**
 * What every live generative model built on one cortex hierarchy does the same way: dream
 * down the feedback pathways from a top state, settle an input and record each iteration as
 * the first row saw it, lesion its feedback, and hand its weights over. A kind's live model
 * (pcvae/live.ts, pcgen/live.ts) adds how it learns and how it recognizes. Everything
 * returned is a Float32Array copy.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ActivitySnapshot } from '../cortex/activity.ts';
import type { Hierarchy } from '../cortex/index.ts';
import type { HierarchySpec } from '../cortex/spec.ts';
import type {
  GenerativeStepReport,
  GenerativeView,
  LiveCaptions,
  LiveGenerativeModel,
  Recognition,
  SettleStart,
  SettleStep,
} from './live.ts';
import { assignTrainedWeights, assignWeights, packWeights } from './modelWeights.ts';
import { checkTrainedMatches, type TrainedModel } from './trainedModel.ts';

/** a − b, elementwise. */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/** The root mean square of `values` (0 when there are none). */
export function rootMeanSquare(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s / values.length);
}

/** `values` with every non-null clamp entry in place of the value at its index. */
export function applyClamp(values: Float32Array, clamp: readonly (number | null)[]): Float32Array {
  const out = values.slice();
  for (let i = 0; i < out.length; i++) {
    const c = clamp[i];
    if (c !== undefined && c !== null) out[i] = c;
  }
  return out;
}

/** Whether any unit is clamped. */
export function anyClamped(clamp: readonly (number | null)[]): boolean {
  return clamp.some((c) => c !== null && c !== undefined);
}

/** What a hierarchy-based live generative model is made of. */
export interface HierarchyParts {
  kind: string;
  learning: 'local' | 'backprop';
  captions: LiveCaptions;
  hierarchy: Hierarchy;
  /** The weights it trains, in checkpoint order. */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  /** Frees the model (its hierarchy) itself. */
  dispose: () => void;
  /** Reads a trained model's areas (names and sizes, bottom to top) from its saved spec. */
  trainedAreas: (spec: unknown) => { name: string; size: number }[];
}

/** A live generative model on one hierarchy: see the file comment. */
export abstract class HierarchyGenerativeModel implements LiveGenerativeModel {
  readonly kind: string;
  readonly learning: 'local' | 'backprop';
  readonly captions: LiveCaptions;
  readonly hierarchySpec: HierarchySpec;
  readonly sensoryArea: string;
  readonly latentAreas: readonly string[];
  protected readonly hierarchy: Hierarchy;
  protected readonly variables: tf.Variable[];
  protected readonly optimizer: tf.Optimizer;
  /** Changes whenever the weights or the wiring change (a step, a weight load, a lesion). */
  protected version = 0;
  private readonly parts: HierarchyParts;

  protected constructor(parts: HierarchyParts) {
    this.parts = parts;
    this.kind = parts.kind;
    this.learning = parts.learning;
    this.captions = parts.captions;
    this.hierarchy = parts.hierarchy;
    this.hierarchySpec = parts.hierarchy.toSpec();
    this.sensoryArea = parts.hierarchy.sensory.name;
    this.latentAreas = parts.hierarchy.areas.slice(1).map((a) => a.name);
    this.variables = parts.variables;
    this.optimizer = parts.optimizer;
  }

  get topSize(): number {
    return this.hierarchy.top.size;
  }

  abstract trainStep(binary: Float32Array, noiseSeed: number): GenerativeStepReport;

  abstract recognize(
    inputs: Float32Array,
    clamp: readonly (number | null)[],
    seed: number,
  ): Recognition;

  generate(top: Float32Array): GenerativeView {
    const view = this.generateDown(top);
    return {
      ...view,
      latentErrors: view.latents.map((state, k) =>
        k === view.latents.length - 1 ? rootMeanSquare(state) : 0,
      ),
    };
  }

  settle(
    input: Float32Array,
    iterations: number,
    stepSize: number,
    start: SettleStart,
    known?: Float32Array,
  ): SettleStep[] {
    return this.recordedSettle(input, iterations, stepSize, this.settleFrom(start), known);
  }

  lesionFeedback(lesioned: boolean): void {
    this.version += 1;
    for (const pathway of this.hierarchy.pathwaysOfKind('feedback')) {
      if (lesioned) pathway.lesion();
      else pathway.restore();
    }
  }

  weights(): Float32Array {
    return packWeights(this.variables);
  }

  loadWeights(flat: Float32Array): void {
    this.version += 1;
    assignWeights(this.variables, flat);
  }

  loadTrained(trained: TrainedModel): void {
    const areas = this.hierarchySpec.areas.map(({ name, size }) => ({ name, size }));
    checkTrainedMatches(trained, this.kind, areas, this.parts.trainedAreas, 'generative model');
    this.version += 1;
    assignTrainedWeights(this.variables, trained.weights, trained.file);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.parts.dispose();
  }

  /** Where a settle asked to start `start` begins in the hierarchy (a model without an encoder: at rest). */
  protected settleFrom(start: SettleStart): 'recognition' | 'current' | 'prior' {
    return start;
  }

  /**
   * The recognised states (bottom to top) with the top's `clamp`ed units held, predicted back
   * down from the top alone: each area's error is its state against the prediction from
   * above (the top's against its prior mean 0).
   */
  protected predictedFromTop(
    recognized: readonly Float32Array[],
    clamp: readonly (number | null)[],
  ): GenerativeView {
    const latents = [...recognized];
    latents[latents.length - 1] = applyClamp(latents.at(-1)!, clamp);
    const predicted = this.generateDown(latents.at(-1)!);
    return {
      latents,
      prediction: predicted.prediction,
      latentErrors: latents.map((state, k) =>
        k === latents.length - 1
          ? rootMeanSquare(state)
          : rootMeanSquare(difference(state, predicted.latents[k]!)),
      ),
    };
  }

  /** One sweep down from `top`: every area's state above the sensory one, and its prediction. */
  protected generateDown(top: Float32Array): Omit<GenerativeView, 'latentErrors'> {
    this.hierarchy.generate(top);
    return {
      latents: this.latentAreas.map((name) => this.hierarchy.readState(name)),
      prediction: this.hierarchy.readState(this.sensoryArea),
    };
  }

  /**
   * Settle `input` (one row or more) and record each iteration as the first row saw it: its
   * areas' states and prediction errors, the sensory prediction and its free energy.
   */
  protected recordedSettle(
    input: Float32Array | tf.Tensor2D,
    iterations: number,
    stepSize: number,
    continueFrom: 'recognition' | 'current' | 'prior',
    known?: Float32Array,
  ): SettleStep[] {
    const hierarchy = this.hierarchy;
    const sensory = this.sensoryArea;
    const index = new Map(this.latentAreas.map((name, k) => [name, k]));
    // Each iteration's snapshots, in iteration order (the sweep that starts a run is not one).
    const byIteration = new Map<number, Omit<SettleStep, 'freeEnergy'>>();
    const record = (s: ActivitySnapshot): void => {
      if (s.mode !== 'settle') return;
      let step = byIteration.get(s.iteration);
      if (step === undefined) {
        step = {
          latents: this.latentAreas.map(() => new Float32Array(0)),
          latentErrors: this.latentAreas.map(() => 0),
          prediction: new Float32Array(0),
        };
        byIteration.set(s.iteration, step);
      }
      if (s.area === sensory) {
        if (s.kind === 'prediction') step.prediction = s.values;
        return;
      }
      const k = index.get(s.area);
      if (k === undefined) return;
      if (s.kind === 'state') step.latents[k] = s.values;
      if (s.kind === 'predictionError') step.latentErrors[k] = rootMeanSquare(s.values);
    };
    const subscription = hierarchy.activity$.subscribe(record);
    hierarchy.occlude(known);
    try {
      const result = hierarchy.settle(input, { iterations, stepSize, continueFrom });
      return [...byIteration.values()].map((step, i) => ({
        ...step,
        freeEnergy: result.freeEnergyPerImage[i]![0]!,
      }));
    } finally {
      hierarchy.occlude(undefined);
      subscription.unsubscribe();
    }
  }
}
