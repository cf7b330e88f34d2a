/**
 * The feedforward classifier (the MLP hierarchy) in a live session (its live facet): the
 * session's default classifier, trained by backprop on the cross-entropy with Adam at the
 * session's rate; it classifies by one recognition sweep.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { MemoryEstimate } from '../kind.ts';
import {
  describedAs,
  liveSizes,
  trainedField,
  type ClassifierStepReport,
  type LiveBuildContext,
  type LiveCaptions,
  type LiveClassifierModel,
  type LiveFacet,
} from '../live.ts';
import { HierarchyClassifierModel } from '../liveClassifier.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { classifierStep } from '../trainingStep.ts';
import { MlpClassifier, mlpAreaNames } from './mlpClassifier.ts';
import { ClassifierModelSpec, MlpClassifierSpec } from './spec.ts';

/** The hidden areas of the live MLP when neither its spec nor the session gives them. */
export const LIVE_MLP_HIDDEN = [256, 256];

/**
 * The live page's MLP: its model spec's hidden sizes (`hidden`, at most 8 areas of at most
 * 4,096 units); left out, the session's `classifierHidden` are used. Its input size and
 * classes are the data set's.
 */
export const MlpLiveSpec = z
  .object({
    kind: z
      .literal('mlp')
      .describe('The feedforward classifier; its hidden sizes are `hidden`, or classifierHidden.'),
    hidden: describedAs(
      liveSizes(ClassifierModelSpec.shape.hidden.unwrap()).optional(),
      ClassifierModelSpec.shape.hidden,
    ),
    trained: trainedField,
  })
  .strict();
/** A parsed live MLP. */
export type MlpLiveSpec = z.output<typeof MlpLiveSpec>;

/** What the page says about the MLP. */
export const mlpCaptions: LiveCaptions = {
  title: 'Feedforward classifier',
  heading: 'Classifier: p(class)',
  headingTitle: 'A feedforward network (an MLP), trained by backprop',
};

/** A trained MLP's areas, from the classifier spec its checkpoint saved. */
function trainedAreas(saved: unknown): { name: string; size: number }[] {
  const spec = MlpClassifierSpec.parse(saved);
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.classes];
  return mlpAreaNames(spec.hiddenSizes.length).map((name, i) => ({ name, size: sizes[i]! }));
}

/** An MLP trained and watched live. */
class LiveMlp extends HierarchyClassifierModel {
  constructor(
    private readonly mlp: MlpClassifier,
    learningRate: number,
  ) {
    super({
      kind: 'mlp',
      learning: 'backprop',
      captions: mlpCaptions,
      hierarchy: mlp.hierarchy,
      logits: (x) => mlp.logits(x),
      variables: mlp.trainableVariables(),
      optimizer: tf.train.adam(learningRate),
      dispose: () => mlp.dispose(),
      trainedKind: 'classifier',
      trainedAreas,
    });
  }

  trainStep(grey: Float32Array, labels: Uint8Array): ClassifierStepReport {
    return classifierStep(this.mlp, this.optimizer, this.variables, grey, labels);
  }
}

/** The MLP's live facet (the classifier slot). */
export const mlpLive = {
  kind: 'mlp',
  slot: 'classifier',
  spec: MlpLiveSpec,
  /** Its weights, their gradients and Adam's moments, and a batch's activity, from the spec alone. */
  estimateBytes(spec: MlpLiveSpec, context: LiveBuildContext): MemoryEstimate {
    const sizes = [context.inputSize, ...(spec.hidden ?? LIVE_MLP_HIDDEN), context.classes];
    return trainingMemory({
      parameters: denseParameters(sizes),
      optimizerSlots: 2,
      unitsPerImage: sizes.reduce((sum, size) => sum + size, 0),
      batchSize: context.batchSize,
    });
  },
  /** Build the live model (weights from the seed) and its optimizer for data of this shape. */
  build(spec: MlpLiveSpec, context: LiveBuildContext): LiveClassifierModel {
    const mlp = new MlpClassifier({
      inputSize: context.inputSize,
      hiddenSizes: spec.hidden ?? LIVE_MLP_HIDDEN,
      classes: context.classes,
      seed: context.seed,
    });
    return new LiveMlp(mlp, context.learningRate);
  },
} satisfies LiveFacet<'classifier', MlpLiveSpec>;
