/**
 * The multilayer perceptron as a cortex hierarchy with no feedback: a sensory
 * area, relu hidden areas and a linear class area whose state is the logits,
 * wired by feedforward pathways only. Classifying an image is one recognition
 * sweep; the streams carry the computation, and gradients flow back through it.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, type AreaSpecInput, type Hierarchy } from '../../cortex/index.ts';
import type { Classifier } from './classifier.ts';
import { MlpClassifierSpec } from './spec.ts';
import { parseSpecWith } from '../../cortex/specError.ts';

/** Variables of every area's recognition (feedforward) side: the maps into it and its bias. */
export function recognitionVariables(hierarchy: Hierarchy): tf.Variable[] {
  return hierarchy.areas.flatMap((area) => [
    ...hierarchy.pathways
      .filter((p) => p.role === 'recognition' && p.to === area)
      .flatMap((p) => p.variables()),
    ...(area.recognitionBias ? [area.recognitionBias] : []),
  ]);
}

/** Area names of an MLP classifier: sensory, h1..hn, class. */
export function mlpAreaNames(hiddenLayers: number): string[] {
  return ['sensory', ...Array.from({ length: hiddenLayers }, (_, i) => `h${i + 1}`), 'class'];
}

/**
 * The multilayer perceptron as a purely feedforward cortex hierarchy: classifying is one
 * recognition sweep.
 */
export class MlpClassifier implements Classifier {
  readonly kind = 'mlp';
  readonly spec: MlpClassifierSpec;
  /** The cortex the classifier is: inspect, lesion or watch it like any other. */
  readonly hierarchy: Hierarchy;
  private readonly variables: tf.Variable[];

  constructor(spec: Omit<Partial<MlpClassifierSpec>, 'kind'> = {}) {
    this.spec = parseSpecWith(MlpClassifierSpec, { ...spec, kind: 'mlp' }, 'classifier spec');
    const { inputSize, hiddenSizes, classes, seed } = this.spec;
    const names = mlpAreaNames(hiddenSizes.length);
    const areas: AreaSpecInput[] = [
      { name: names[0]!, size: inputSize },
      ...hiddenSizes.map((size, i) => ({ name: names[i + 1]!, size, activation: 'relu' as const })),
      { name: names.at(-1)!, size: classes, activation: 'linear' },
    ];
    const pathways = names.slice(1).map((to, i) => ({
      from: names[i]!,
      to,
      kind: 'feedforward' as const,
    }));
    this.hierarchy = buildHierarchy({ areas, pathways, seed });
    this.variables = recognitionVariables(this.hierarchy);
  }

  /** One recognition sweep; the class area's state, as a tensor the caller owns. */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    // The area keeps its state until its next tick; the clone shares its data.
    return tf.clone(this.hierarchy.recognize(x));
  }

  trainableVariables(): tf.Variable[] {
    return [...this.variables];
  }

  /** Free the hierarchy's weights. */
  dispose(): void {
    this.hierarchy.dispose();
  }
}
