/**
 * What every live classifier built on one cortex hierarchy does the same way: classify one
 * input by a sweep up and read each area's state, and hand its weights over. A kind's live
 * classifier (classifier/live.ts, pcn/live.ts) adds how it learns. Everything returned is a
 * Float32Array copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hierarchy } from '../cortex/index.ts';
import type { HierarchySpec } from '../cortex/spec.ts';
import type {
  ClassifierStepReport,
  ClassifierView,
  LiveCaptions,
  LiveClassifierModel,
} from './live.ts';
import { assignTrainedWeights, assignWeights, packWeights } from './modelWeights.ts';
import { checkTrainedMatches, type TrainedModel } from './trainedModel.ts';

/** What a hierarchy-based live classifier is made of. */
export interface ClassifierParts {
  kind: string;
  learning: 'local' | 'backprop';
  captions: LiveCaptions;
  hierarchy: Hierarchy;
  /** Class scores [batch, classes] of images (the caller owns them). */
  logits: (x: tf.Tensor2D) => tf.Tensor2D;
  /** The weights it trains, in checkpoint order. */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  /** Frees the model (its hierarchy) itself. */
  dispose: () => void;
  /** The kind a checkpoint of it names (`classifier`, `pcn`). */
  trainedKind: string;
  /** Reads a trained model's areas (names and sizes, bottom to top) from its saved spec. */
  trainedAreas: (spec: unknown) => { name: string; size: number }[];
}

/** A live classifier on one hierarchy: see the file comment. */
export abstract class HierarchyClassifierModel implements LiveClassifierModel {
  readonly kind: string;
  readonly learning: 'local' | 'backprop';
  readonly captions: LiveCaptions;
  readonly hierarchySpec: HierarchySpec;
  protected readonly variables: tf.Variable[];
  protected readonly optimizer: tf.Optimizer;
  private readonly parts: ClassifierParts;

  protected constructor(parts: ClassifierParts) {
    this.parts = parts;
    this.kind = parts.kind;
    this.learning = parts.learning;
    this.captions = parts.captions;
    this.hierarchySpec = parts.hierarchy.toSpec();
    this.variables = parts.variables;
    this.optimizer = parts.optimizer;
  }

  abstract trainStep(grey: Float32Array, labels: Uint8Array): ClassifierStepReport;

  classify(input: Float32Array): ClassifierView {
    const hierarchy = this.parts.hierarchy;
    const x = tf.tensor2d(input, [1, hierarchy.sensory.size]);
    try {
      const scores = this.parts.logits(x);
      const logits = Float32Array.from(scores.dataSync());
      scores.dispose();
      const areas = hierarchy.areas.slice(1).map((area) => hierarchy.readState(area.name));
      return { areas, logits };
    } finally {
      x.dispose();
    }
  }

  weights(): Float32Array {
    return packWeights(this.variables);
  }

  loadWeights(flat: Float32Array): void {
    assignWeights(this.variables, flat);
  }

  loadTrained(trained: TrainedModel): void {
    const areas = this.hierarchySpec.areas.map(({ name, size }) => ({ name, size }));
    const { trainedKind, trainedAreas } = this.parts;
    checkTrainedMatches(trained, trainedKind, areas, trainedAreas, 'classifier');
    assignTrainedWeights(this.variables, trained.weights, trained.file);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.parts.dispose();
  }
}
