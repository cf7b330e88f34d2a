/**
 * Recognize mode: the current input swept up the feedforward pathways and
 * predicted back down from the top (clamped units held), every area shown.
 */
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';

/**
 * Recognise the current input and predict it back; with `recordLatent`, the
 * input and `latentPerDisplay` upcoming test images become latent-view points.
 */
export function recognizeTick(context: ModeContext, recordLatent: boolean): FrameParts {
  const { spec, models, inputs, controls } = context;
  const x = inputs.seen();
  const current = inputs.current;
  const extra =
    recordLatent && inputs.source === 'dataset' ? inputs.upcoming(spec.latentPerDisplay) : [];
  const rows = new Float32Array((1 + extra.length) * inputs.pixelsPerImage);
  rows.set(x);
  extra.forEach((image, k) => rows.set(image.pixels, (k + 1) * inputs.pixelsPerImage));
  const seed = (spec.seed * 7919 + current.serial) >>> 0;
  const r = models.recognize(rows, controls.clamp, seed);
  const labels = [current.label, ...extra.map((image) => image.label)];
  return {
    input: x,
    prediction: r.prediction,
    latents: r.latents,
    latentErrors: r.latentErrors,
    classifier: models.classify(x),
    freeEnergy: r.negElbo,
    latentPoints: recordLatent ? context.latentView.record(r.topMeans, labels) : [],
  };
}
