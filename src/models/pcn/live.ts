/**
 * The discriminative predictive-coding network in a live session (its live facet): the
 * session's classifier, trained by its rule, local (each train tick clamps image and label,
 * settles, and every pathway learns from its own two areas, with the step's trace) or
 * backprop; it classifies by one sweep of predictions up.
 */
import { z } from 'zod';
import type { MemoryEstimate } from '../kind.ts';
import {
  describedAs,
  liveSettleSteps,
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
import { pcnStep } from '../trainingStep.ts';
import { withTrainedPathways } from '../livePathways.ts';
import type { TrainedModel } from '../trainedModel.ts';
import { Pcn, pcnAreaNames } from './pcn.ts';
import { checkPcnPathways, pcnFields, pcnGraphParameters, PcnModelSpec, PcnSpec } from './spec.ts';

/**
 * The live page's pcn: its model spec's network fields (hidden sizes, activation, learning
 * rule, settle, optimizer, pathways), its input size and classes the data set's; at most 8
 * hidden areas of at most 4,096 units, and at most 200 settle iterations (every frame carries
 * the latest local step's trace).
 */
export const PcnLiveSpec = z
  .object({
    kind: pcnFields.kind.describe(
      'A discriminative predictive-coding network: image, hidden areas, label.',
    ),
    hiddenSizes: describedAs(
      liveSizes(pcnFields.hiddenSizes.unwrap()).default([256, 256]),
      pcnFields.hiddenSizes,
    ),
    activation: PcnModelSpec.shape.activation,
    learning: PcnModelSpec.shape.learning,
    inferenceSteps: describedAs(
      liveSettleSteps(pcnFields.inferenceSteps.unwrap()).default(20),
      pcnFields.inferenceSteps,
    ),
    inferenceRate: PcnModelSpec.shape.inferenceRate,
    optimizer: PcnModelSpec.shape.optimizer,
    pathways: PcnModelSpec.shape.pathways,
    trained: trainedField,
  })
  .strict()
  // The graph's names and kinds, not the sizes of image and label (the data set's), are judged.
  .superRefine((spec, ctx) => checkPcnPathways({ ...spec, inputSize: 1, classes: 2 }, ctx));
/** A parsed live pcn. */
export type PcnLiveSpec = z.output<typeof PcnLiveSpec>;

/** What the page says about a pcn learning by `learning`. */
function pcnCaptions(learning: 'local' | 'backprop'): LiveCaptions {
  return {
    title: 'PC classifier (pcn)',
    heading: 'pcn: p(class)',
    headingTitle: `A predictive-coding network, trained by ${learning} learning`,
    ...(learning === 'local'
      ? {
          localLearning: {
            title: 'pcn (the classifier): image, hidden areas, label',
            clamped: 'The image (the sensory area) and its correct label are clamped: held fixed.',
          },
        }
      : {}),
  };
}

/** A trained pcn's areas, from the pcn spec its checkpoint saved. */
function trainedAreas(saved: unknown): { name: string; size: number }[] {
  const spec = PcnSpec.parse(saved);
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.classes];
  return pcnAreaNames(spec.hiddenSizes.length).map((name, i) => ({ name, size: sizes[i]! }));
}

/** A pcn trained and watched live. */
class LivePcn extends HierarchyClassifierModel {
  constructor(private readonly pcn: Pcn) {
    super({
      kind: 'pcn',
      learning: pcn.spec.learning,
      captions: pcnCaptions(pcn.spec.learning),
      hierarchy: pcn.hierarchy,
      logits: (x) => pcn.logits(x),
      variables: pcn.variables(),
      optimizer: pcn.createOptimizer(),
      dispose: () => pcn.dispose(),
      trainedKind: 'pcn',
      trainedAreas,
    });
  }

  trainStep(grey: Float32Array, labels: Uint8Array): ClassifierStepReport {
    const local = this.pcn.spec.learning === 'local';
    const { crossEntropy, correct, trace } = pcnStep(this.pcn, this.optimizer, grey, labels, {
      trace: local,
    });
    return { crossEntropy, correct, ...(trace !== undefined ? { trace } : {}) };
  }
}

/** The pcn's live facet (the classifier slot). */
export const pcnLive = {
  kind: 'pcn',
  slot: 'classifier',
  spec: PcnLiveSpec,
  /** Its weights, their gradients and Adam's moments, and a batch's activity, from the spec alone. */
  estimateBytes(spec: PcnLiveSpec, context: LiveBuildContext): MemoryEstimate {
    const sizes = [context.inputSize, ...spec.hiddenSizes, context.classes];
    const network = { ...spec, inputSize: context.inputSize, classes: context.classes };
    return trainingMemory({
      parameters: pcnGraphParameters(network) ?? denseParameters(sizes),
      optimizerSlots: spec.optimizer.name === 'adam' ? 2 : 0,
      unitsPerImage: 4 * sizes.reduce((sum, size) => sum + size, 0),
      batchSize: context.batchSize,
    });
  },
  /** Build the live model (weights from the seed) and its optimizer for data of this shape. */
  build(spec: PcnLiveSpec, context: LiveBuildContext): LiveClassifierModel {
    const {
      hiddenSizes,
      activation,
      learning,
      inferenceSteps,
      inferenceRate,
      optimizer,
      pathways,
    } = spec;
    const pcn = new Pcn(
      {
        inputSize: context.inputSize,
        classes: context.classes,
        hiddenSizes,
        activation,
        learning,
        inferenceSteps,
        inferenceRate,
        optimizer,
        ...(pathways !== undefined ? { pathways } : {}),
      },
      context.seed,
    );
    return new LivePcn(pcn);
  },
  /** The slot's spec with the trained pcn's pathways (refused when they differ). */
  fromTrained(spec: PcnLiveSpec, trained: TrainedModel, context: LiveBuildContext): PcnLiveSpec {
    const sizes = [context.inputSize, ...spec.hiddenSizes, context.classes];
    return withTrainedPathways(spec, trained, {
      kind: 'pcn',
      what: 'classifier',
      areas: pcnAreaNames(spec.hiddenSizes.length).map((name, i) => ({ name, size: sizes[i]! })),
      areasOf: trainedAreas,
      pathwaysOf: (saved) => PcnSpec.parse(saved).pathways,
    });
  },
} satisfies LiveFacet<'classifier', PcnLiveSpec>;
