/**
 * The generative predictive-coding network in a live session (its live facet): no encoder,
 * so recognizing is settling from rest for its T iterations, and each train tick is one local
 * step (settle, then every pathway learns from its own two areas) with its trace. The same
 * inputs on the same weights settle the same way, so the last recognition is kept: recognize
 * mode shows one input for many ticks.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { MemoryEstimate } from '../kind.ts';
import {
  describedAs,
  liveSettleSteps,
  liveSizes,
  trainedField,
  type GenerativeStepReport,
  type LiveBuildContext,
  type LiveCaptions,
  type LiveFacet,
  type LiveGenerativeModel,
  type Recognition,
  type SettleStart,
} from '../live.ts';
import { anyClamped, HierarchyGenerativeModel } from '../liveGenerative.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { pcgenStep } from '../trainingStep.ts';
import { PcGen } from './pcgen.ts';
import { withTrainedPathways } from '../livePathways.ts';
import type { TrainedModel } from '../trainedModel.ts';
import {
  checkPcGenPathways,
  pcgenAreaNames,
  pcgenFields,
  pcgenGraphParameters,
  PcGenModelSpec,
  PcGenSpec,
} from './spec.ts';

/** The live default: two latent areas, small enough to settle every frame. */
const LIVE_LATENT_SIZES = [64, 32];

/**
 * The live page's pcgen: its model spec's network fields (latent sizes, activation, settle,
 * optimizer, pathways), its input size the data set's; at most 8 latent areas of at most 4,096 units,
 * and at most 200 settle iterations (every frame carries the latest local step's trace).
 */
export const PcGenLiveSpec = z
  .object({
    kind: z
      .literal('pcgen')
      .describe('A generative predictive-coding network: no encoder, local learning.'),
    latentSizes: describedAs(
      liveSizes(pcgenFields.latentSizes.unwrap()).default(LIVE_LATENT_SIZES),
      pcgenFields.latentSizes,
    ),
    activation: PcGenModelSpec.shape.activation,
    inferenceSteps: describedAs(
      liveSettleSteps(pcgenFields.inferenceSteps.unwrap()).default(20),
      pcgenFields.inferenceSteps,
    ),
    inferenceRate: PcGenModelSpec.shape.inferenceRate,
    optimizer: PcGenModelSpec.shape.optimizer,
    pathways: PcGenModelSpec.shape.pathways,
    trained: trainedField,
  })
  .strict()
  .superRefine(checkPcGenPathways);
/** A parsed live pcgen. */
export type PcGenLiveSpec = z.output<typeof PcGenLiveSpec>;

/** What the page says about a pcgen. */
export const pcgenCaptions: LiveCaptions = {
  title: 'Generative PC net (pcgen)',
  heading: 'pcgen: top-area state',
  headingTitle: 'A generative predictive-coding network: no encoder, trained by local learning',
  panels: {
    diagram:
      'Each box is a cortical area, the senses at the bottom. The generative network on the left ' +
      'has feedback pathways only: the area above predicts the one below, and what the ' +
      'prediction misses, the prediction error, travels up again. There is no encoder: to ' +
      'recognise an image its areas settle until the errors are small. The classifier on the ' +
      'right only has the way up.',
    compare:
      'The same input through both models. The classifier only answers "which digit?"; the ' +
      'generative network has no encoder: its areas settle until they explain the image, and ' +
      'the top area’s settled state is its code, from which it can draw the image again.',
    curves:
      'While training: the generative network’s total free energy after settling (the sensory ' +
      'area’s share, how badly it predicts the image, and the latent areas’ share) falls; the ' +
      'classifier’s accuracy on the batches it trains on rises.',
  },
  modes: {
    train:
      'Train: every tick both models learn from a batch of images, the generative network by ' +
      'local learning (see its panel); the panels show a test image settled and predicted back.',
    recognize:
      'Recognize: this network has no encoder, so there is no sweep up. Its areas start at rest ' +
      'and settle for a fixed number of iterations until they explain the input; the prediction ' +
      'comes back down from the settled states. No learning.',
  },
  curve: { title: 'pcgen, nats/image', negElbo: 'total', reconstruction: 'sensory', kl: 'latents' },
  freeEnergy: 'Free energy after settling from rest, per tick',
  localLearning: {
    title: 'pcgen (the generative network): sensory and latent areas',
    clamped: 'The image (the sensory area) is clamped: held fixed. The other areas start at rest.',
  },
};

/** A trained pcgen's areas, from the PcGenSpec its checkpoint saved. */
function trainedAreas(saved: unknown): { name: string; size: number }[] {
  const spec = PcGenSpec.parse(saved);
  const sizes = [spec.inputSize, ...spec.latentSizes];
  return pcgenAreaNames(spec).map((name, i) => ({ name, size: sizes[i]! }));
}

/** Whether `a` and `b` hold the same values. */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A pcgen trained and watched live. */
class LivePcGen extends HierarchyGenerativeModel {
  /** The last recognition, valid while the weights, the inputs and the clamp stay the same. */
  private lastSettled:
    { version: number; inputs: Float32Array; clamp: string; result: Recognition } | undefined;

  constructor(private readonly pcgen: PcGen) {
    super({
      kind: pcgen.kind,
      learning: 'local',
      captions: pcgenCaptions,
      hierarchy: pcgen.hierarchy,
      variables: pcgen.variables(),
      optimizer: pcgen.createOptimizer(),
      dispose: () => pcgen.dispose(),
      trainedAreas,
    });
  }

  /** A local step: settle from rest, then each pathway from its own two areas; its cost is the settled free energy. */
  trainStep(binary: Float32Array): GenerativeStepReport {
    this.version += 1;
    const { trace } = pcgenStep(this.pcgen, this.optimizer, binary, 'local', { trace: true });
    return {
      negElbo: trace!.freeEnergy.at(-1)!,
      reconstruction: trace!.settle[this.sensoryArea]!.at(-1)!,
      trace: trace!,
    };
  }

  /**
   * Every row of `inputs` settles from rest for T iterations; the first row's last iteration
   * is shown, with its free energy. With `clamp`ed top units, the prediction comes down from
   * the clamped top instead.
   */
  recognize(inputs: Float32Array, clamp: readonly (number | null)[]): Recognition {
    const key = JSON.stringify(clamp);
    const cached = this.lastSettled;
    if (
      cached !== undefined &&
      cached.version === this.version &&
      cached.clamp === key &&
      sameValues(cached.inputs, inputs)
    ) {
      return cached.result;
    }
    const result = this.settleFromRest(inputs, clamp);
    this.lastSettled = { version: this.version, inputs: inputs.slice(), clamp: key, result };
    return result;
  }

  protected override settleFrom(start: SettleStart): 'current' | 'prior' {
    return start === 'recognition' ? 'prior' : start;
  }

  private settleFromRest(inputs: Float32Array, clamp: readonly (number | null)[]): Recognition {
    const n = this.pcgen.inputSize;
    const all = tf.tensor2d(inputs, [inputs.length / n, n]);
    try {
      const { inferenceSteps, inferenceRate } = this.pcgen.spec;
      // Only the last iteration is shown: the others run unwatched (no snapshots), and the
      // last continues from them (the same run as one settle of T iterations).
      if (inferenceSteps > 1) {
        this.hierarchy.settle(all, {
          iterations: inferenceSteps - 1,
          stepSize: inferenceRate,
          continueFrom: 'prior',
        });
      }
      const from = inferenceSteps > 1 ? 'current' : 'prior';
      const last = this.recordedSettle(all, 1, inferenceRate, from).at(-1)!;
      const recognition = {
        topMeans: this.hierarchy.readState(this.hierarchy.top.name),
        negElbo: last.freeEnergy,
      };
      if (!anyClamped(clamp)) {
        const { latents, latentErrors, prediction } = last;
        return { ...recognition, latents, latentErrors, prediction };
      }
      return { ...recognition, ...this.predictedFromTop(last.latents, clamp) };
    } finally {
      all.dispose();
    }
  }
}

/** The pcgen's live facet (the generative slot). */
export const pcgenLive = {
  kind: 'pcgen',
  slot: 'generative',
  spec: PcGenLiveSpec,
  /** Its weights, their gradients and Adam's moments, and a batch's activity, from the spec alone. */
  estimateBytes(spec: PcGenLiveSpec, context: LiveBuildContext): MemoryEstimate {
    const sizes = [context.inputSize, ...spec.latentSizes];
    // Its pathways' weights as the cortex builds them, or the chain's linear maps.
    const chain = sizes
      .slice(1)
      .reduce((sum, size, i) => sum + denseParameters([size, sizes[i]!]), 0);
    const parameters = pcgenGraphParameters(spec, context.inputSize) ?? chain;
    const units = sizes.reduce((sum, size) => sum + size, 0);
    return trainingMemory({
      parameters,
      optimizerSlots: spec.optimizer.name === 'adam' ? 2 : 0,
      unitsPerImage: 4 * units,
      batchSize: context.batchSize,
    });
  },
  /** Build the live model (weights from the seed) and its optimizer for data of this shape. */
  build(spec: PcGenLiveSpec, context: LiveBuildContext): LiveGenerativeModel {
    const { latentSizes, activation, inferenceSteps, inferenceRate, optimizer, pathways } = spec;
    const pcgen = new PcGen(
      {
        inputSize: context.inputSize,
        latentSizes,
        activation,
        inferenceSteps,
        inferenceRate,
        optimizer,
        ...(pathways !== undefined ? { pathways } : {}),
      },
      context.seed,
    );
    return new LivePcGen(pcgen);
  },
  /** The slot's spec with the trained pcgen's pathways (refused when they differ). */
  fromTrained(
    spec: PcGenLiveSpec,
    trained: TrainedModel,
    context: LiveBuildContext,
  ): PcGenLiveSpec {
    const sizes = [context.inputSize, ...spec.latentSizes];
    return withTrainedPathways(spec, trained, {
      kind: 'pcgen',
      what: 'generative model',
      areas: pcgenAreaNames(spec).map((name, i) => ({ name, size: sizes[i]! })),
      areasOf: trainedAreas,
      pathwaysOf: (saved) => PcGenSpec.parse(saved).pathways,
    });
  },
} satisfies LiveFacet<'generative', PcGenLiveSpec>;
