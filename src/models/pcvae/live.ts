/**
 * The predictive-coding VAE in a live session (its live facet): any hierarchy its areas
 * describe, trained on the -ELBO by Adam at the session's rate. Recognition is one sweep up
 * the feedforward pathways; each area then predicts the one below from its own recognized
 * state, so the sensory prediction is the reconstruction (a clamped top is predicted down
 * through every area instead, to show what its code means).
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NeocortexError } from '../../errors.ts';
import {
  afterOwnBounds,
  checkLiveSizes,
  LIVE_LIMITS,
  trainedField,
  type LiveBuildContext,
  type LiveCaptions,
  type LiveFacet,
  type LiveGenerativeModel,
  type Recognition,
} from '../live.ts';
import {
  anyClamped,
  difference,
  HierarchyGenerativeModel,
  rootMeanSquare,
} from '../liveGenerative.ts';
import type { MemoryEstimate } from '../kind.ts';
import type { TrainedModel } from '../trainedModel.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { generativeStep, type GenerativeStepResult } from '../trainingStep.ts';
import { PcVae } from './pcvae.ts';
import { withTrainedPathways } from '../livePathways.ts';
import {
  checkPcVaePathways,
  defaultPcVaeAreas,
  pcvaeAreaNames,
  pcvaeGraphWeights,
  PcVaeModelSpec,
  PcVaeSpec,
  pcvaeSpecOf,
} from './spec.ts';

/**
 * The live page's pcvae: its model spec's `areas` (the sensory area first, its size the data
 * set's image; then each stochastic area bottom to top), at most 8 stochastic areas of at
 * most 4,096 units and 4,096 hidden units each, and its `pathways` (absent: the chain, or a
 * trained model's); `kind` may be left out (it is the default).
 */
export const PcVaeLiveSpec = z
  .object({
    kind: z
      .literal('pcvae')
      .default('pcvae')
      .describe('The predictive-coding VAE (the default when kind is left out).'),
    areas: PcVaeModelSpec.shape.areas
      .unwrap()
      .superRefine(([, ...latents], ctx) => {
        checkLiveSizes(
          ctx,
          latents.map((a) => a.size),
          [],
          'units',
          1,
        );
        latents.forEach((area, i) => {
          if (area.hidden > LIVE_LIMITS.units) {
            ctx.addIssue({
              code: 'custom',
              path: [i + 1, 'hidden'],
              message: `expected at most ${LIVE_LIMITS.units} hidden units on a live page, got ${area.hidden}`,
            });
          }
        });
      }, afterOwnBounds)
      .default(defaultPcVaeAreas),
    pathways: PcVaeModelSpec.shape.pathways,
    trained: trainedField,
  })
  .strict()
  .superRefine(checkPcVaePathways);
/** A parsed live pcvae. */
export type PcVaeLiveSpec = z.output<typeof PcVaeLiveSpec>;

/** What the page says about a pcvae. */
export const pcvaeCaptions: LiveCaptions = {
  title: 'Predictive-coding VAE',
  heading: 'VAE: top-area code',
  headingTitle: 'The predictive-coding VAE: an encoder up, a generative model down',
  panels: {
    compare:
      'The same input through both models. The classifier only answers "which digit?"; ' +
      'the VAE recognises the image as a code (its top area), from which it can draw the image again.',
    curves:
      'While training: the VAE’s cost −ELBO (how badly it reconstructs, plus KL, how far its ' +
      'codes stray from the prior) falls; the classifier’s accuracy on the batches it trains on rises.',
  },
  modes: {
    train:
      'Train: every tick both models learn from a batch of images; the panels show a test image ' +
      'recognised (up) and predicted back (down).',
    recognize:
      'Recognize: one sweep up the feedforward pathways gives every area its code; each area ' +
      'then predicts the one below from its own code, down to the image. No learning.',
  },
  curve: { title: 'VAE, nats/image', negElbo: '−ELBO', reconstruction: 'reconstruction', kl: 'KL' },
  freeEnergy: 'Free energy (−ELBO) of the shown input, per tick',
};

/** A trained pcvae's areas, from the PcVaeSpec its checkpoint saved. */
function trainedAreas(saved: unknown): { name: string; size: number }[] {
  const spec = PcVaeSpec.parse(saved);
  const sizes = [spec.inputSize, ...spec.latentSizes];
  return pcvaeAreaNames(spec).map((name, i) => ({ name, size: sizes[i]! }));
}

/** A pcvae trained and watched live. */
class LivePcVae extends HierarchyGenerativeModel {
  constructor(
    private readonly pcvae: PcVae,
    learningRate: number,
  ) {
    super({
      kind: pcvae.kind,
      learning: 'backprop',
      captions: pcvaeCaptions,
      hierarchy: pcvae.hierarchy,
      variables: pcvae.variables(),
      optimizer: tf.train.adam(learningRate),
      dispose: () => pcvae.dispose(),
      trainedAreas,
    });
  }

  trainStep(binary: Float32Array, noiseSeed: number): GenerativeStepResult {
    this.version += 1;
    return generativeStep(this.pcvae, this.optimizer, this.variables, binary, noiseSeed);
  }

  recognize(inputs: Float32Array, clamp: readonly (number | null)[], seed: number): Recognition {
    const n = this.pcvae.inputSize;
    const rows = inputs.length / n;
    const first = tf.tensor2d(inputs.subarray(0, n), [1, n]);
    const all = rows === 1 ? first : tf.tensor2d(inputs, [rows, n]);
    try {
      const negElbo = tf.tidy(() => this.pcvae.negElboPerSample(first, seed).dataSync()[0]!);
      if (anyClamped(clamp)) {
        this.hierarchy.recognize(all);
        return {
          topMeans: this.topMeans(),
          negElbo,
          ...this.predictedFromTop(this.firstStates(), clamp),
        };
      }
      // Every row is recognized (the latent view reads the top means of all of them); the
      // predictions are made from the first row's states alone, the only row the page shows.
      this.hierarchy.recognize(all);
      const latents = this.firstStates();
      const top = latents.length - 1;
      const predictions = this.hierarchy.predictionsFrom(
        new Map(this.latentAreas.map((name, k) => [name, latents[k]!])),
      );
      try {
        const firstRow = (name: string): Float32Array =>
          (predictions.get(name)!.dataSync() as Float32Array).slice();
        return {
          topMeans: this.topMeans(),
          negElbo,
          latents,
          prediction: firstRow(this.sensoryArea),
          latentErrors: latents.map((state, k) =>
            k === top
              ? rootMeanSquare(state)
              : rootMeanSquare(difference(state, firstRow(this.latentAreas[k]!))),
          ),
        };
      } finally {
        tf.dispose([...predictions.values()]);
      }
    } finally {
      first.dispose();
      if (all !== first) all.dispose();
    }
  }

  /** The top area's recognized state, every row. */
  private topMeans(): Float32Array {
    return this.hierarchy.readState(this.hierarchy.top.name);
  }

  /** Each area's recognized state for the first row, bottom to top. */
  private firstStates(): Float32Array[] {
    return this.latentAreas.map((name) => {
      const size = this.hierarchy.area(name).size;
      return this.hierarchy.readState(name).slice(0, size);
    });
  }
}

/**
 * Weights of a pcvae's maps: each stochastic area's recognition map from below (to its mean
 * and log-variance) and generative map to below (its mean and log-variance, for a latent below);
 * with pathways given, every pathway's map and area's biases as the cortex builds them.
 */
function parameterCount(spec: PcVaeLiveSpec): number {
  const graph = pcvaeGraphWeights(spec);
  if (graph !== undefined) return graph.parameters;
  const [, ...latents] = spec.areas;
  return latents.reduce((total, { size, hidden }, i) => {
    const below = spec.areas[i]!.size;
    return (
      total +
      denseParameters([below, hidden, 2 * size]) +
      denseParameters([size, hidden, 2 * below])
    );
  }, 0);
}

/** The pcvae's live facet (the generative slot). */
export const pcvaeLive = {
  kind: 'pcvae',
  slot: 'generative',
  spec: PcVaeLiveSpec,
  /** Its weights, their gradients and Adam's moments, and a batch's activity, from the spec alone. */
  estimateBytes(spec: PcVaeLiveSpec, context: LiveBuildContext): MemoryEstimate {
    const [sensory, ...latents] = spec.areas;
    const units = latents.reduce((sum, a) => sum + a.size + 2 * a.hidden, sensory.size);
    return trainingMemory({
      parameters: parameterCount(spec),
      optimizerSlots: 2,
      unitsPerImage: 2 * units,
      batchSize: context.batchSize,
    });
  },
  /** Build the live model (weights from the seed) and its optimizer for data of this shape. */
  build(spec: PcVaeLiveSpec, context: LiveBuildContext): LiveGenerativeModel {
    const sensorySize = spec.areas[0].size;
    if (sensorySize !== context.inputSize) {
      throw new NeocortexError(
        'SPEC_INVALID',
        `session spec: generative.areas[0].size is ${sensorySize} but the data set's images have ${context.inputSize} pixels`,
      );
    }
    return new LivePcVae(new PcVae(pcvaeSpecOf(spec), context.seed), context.learningRate);
  },
  /** The slot's spec with the trained pcvae's pathways (refused when they differ). */
  fromTrained(spec: PcVaeLiveSpec, trained: TrainedModel): PcVaeLiveSpec {
    return withTrainedPathways(spec, trained, {
      kind: 'pcvae',
      what: 'generative model',
      areas: spec.areas.map(({ name, size }) => ({ name, size })),
      areasOf: trainedAreas,
      pathwaysOf: (saved) => PcVaeSpec.parse(saved).pathways,
    });
  },
} satisfies LiveFacet<'generative', PcVaeLiveSpec>;
