/**
 * Filling in occluded pixels with a pcvae. The hidden pixels get precision 0
 * (`Hierarchy.occlude`): unknown, not blank. The encoder sees them as 0 (its
 * sweep has no "unknown"). Each method ends with states in the latent areas,
 * and the fill-in is what the feedback pathway from z1 then predicts at the
 * sensory area (Bernoulli means):
 *   encoder         - the recognition sweep alone;
 *   settle          - the sweep, then T settling iterations on the free energy;
 *   settle-lesion-sensory - the same settle with the feedback pathway z1 → sensory
 *                     lesioned (the visible pixels' errors cannot reach z1), restored
 *                     for the read-out;
 *   settle-lesion-top - (two or more stochastic areas) the settle with the feedback
 *                     pathway z2 → z1 lesioned (no prediction from the area above).
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../../cortex/activation.ts';
import type { Area } from '../../cortex/index.ts';
import { driveInto } from '../../models/pcgen/index.ts';
import type { PcVae } from '../../models/pcvae/index.ts';

/** The fill-in methods, in report order. */
export const FILL_IN_METHODS = [
  'encoder',
  'settle',
  'settle-lesion-sensory',
  'settle-lesion-top',
] as const;
/** One of {@link FILL_IN_METHODS}. */
export type FillInMethod = (typeof FILL_IN_METHODS)[number];

/** The methods that apply to `model` (the top-down lesion needs a second stochastic area). */
export function fillInMethods(model: PcVae): FillInMethod[] {
  return FILL_IN_METHODS.filter((m) => m !== 'settle-lesion-top' || model.latentAreas.length > 1);
}

/** The settle of the settling methods: iterations T and first step size. */
export interface FillInSettle {
  iterations: number;
  stepSize: number;
}

/** The pathways a method lesions while it settles, as [from, to] area names. */
export function lesionedPathways(model: PcVae, method: FillInMethod): [string, string][] {
  const [z1, z2] = model.latentAreas;
  const sensory = model.hierarchy.sensory.name;
  if (method === 'settle-lesion-sensory') return [[z1!, sensory]];
  if (method === 'settle-lesion-top') {
    if (z2 === undefined) throw new Error('settle-lesion-top needs a second stochastic area');
    return [[z2, z1!]];
  }
  return [];
}

/**
 * The sensory prediction (pixel probabilities, `[batch, pixels]`) of `method` for
 * images `x` whose pixels are known where `known` is 1. `x` should hold 0 at the
 * hidden pixels (what the encoder sees). Lesions and the occlusion are undone
 * before it returns, even on an error.
 */
export function fillIn(
  model: PcVae,
  x: tf.Tensor2D,
  known: tf.Tensor2D,
  method: FillInMethod,
  settle: FillInSettle,
): Float32Array {
  const h = model.hierarchy;
  const lesions = lesionedPathways(model, method);
  try {
    if (method === 'encoder') {
      h.recognize(x);
    } else {
      h.occlude(known);
      for (const [from, to] of lesions) h.lesion(from, to);
      h.settle(x, { iterations: settle.iterations, stepSize: settle.stepSize });
    }
  } finally {
    for (const [from, to] of lesions) h.restore(from, to);
    h.occlude(undefined);
  }
  return tf.tidy(() => {
    const states = new Map<Area, tf.Tensor2D>(h.areas.map((a) => [a, a.state!]));
    const sensory = h.sensory;
    const drive = driveInto(h, sensory, states);
    const bias = sensory.priorBias!;
    const u = drive === undefined ? tf.expandDims(bias, 0) : tf.add(drive, bias);
    return activate(sensory.spec.activation, u as tf.Tensor2D).dataSync() as Float32Array;
  });
}

/** Errors of a fill-in on the hidden pixels only. */
export interface HiddenPixelError {
  /** Binary cross-entropy (nats) per hidden pixel, target the true pixel, prediction clipped to [1e-6, 1 − 1e-6]. */
  crossEntropy: number;
  /** Squared error per hidden pixel. */
  squaredError: number;
  /** Hidden pixels counted. */
  hidden: number;
}

/**
 * Mean binary cross-entropy and squared error of `predicted` against `target` over the pixels
 * where `known` is 0. Arrays of different lengths, or no hidden pixel, are errors.
 */
export function hiddenPixelError(
  predicted: Float32Array,
  target: Float32Array,
  known: Float32Array,
): HiddenPixelError {
  if (predicted.length !== target.length || known.length !== target.length) {
    throw new Error(
      `hiddenPixelError: ${predicted.length} predicted, ${target.length} target and ${known.length} mask values`,
    );
  }
  let ce = 0;
  let se = 0;
  let hidden = 0;
  for (let i = 0; i < target.length; i++) {
    if (known[i] !== 0) continue;
    const p = Math.min(1 - 1e-6, Math.max(1e-6, predicted[i]!));
    const t = target[i]!;
    ce -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    se += (p - t) ** 2;
    hidden++;
  }
  if (hidden === 0) throw new Error('hiddenPixelError: no pixel is hidden');
  return { crossEntropy: ce / hidden, squaredError: se / hidden, hidden };
}

/** The image with its hidden pixels replaced by the prediction's (what the model fills in). */
export function composite(
  image: Float32Array,
  predicted: Float32Array,
  known: Float32Array,
): Float32Array {
  return image.map((v, i) => (known[i] === 0 ? predicted[i]! : v));
}
