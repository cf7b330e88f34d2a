/**
 * Text alternatives for the page's pictures and charts: a short summary in words of what each
 * shows now, put in its aria-label (the element has role="img"). Pure functions of the data,
 * so they are tested without a browser; they round so that a summary changes only when what
 * it says changes.
 */
import type { CurvePoint, LatentPoint } from '../../src/server/wire.ts';

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const fixed = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** A grey picture in words: how much of it is ink (values in 0..`scale`, 255 for bytes). */
export function imageSummary(
  name: string,
  pixels: ArrayLike<number>,
  detail = '',
  scale = 255,
): string {
  if (pixels.length === 0) return `${name}: nothing to show.`;
  let ink = 0;
  for (let i = 0; i < pixels.length; i++) if ((pixels[i] ?? 0) / scale > 0.5) ink += 1;
  const rest = detail === '' ? '' : ` ${detail}`;
  return `${name}:${rest} ${pct(ink / pixels.length)} of the pixels are ink.`;
}

/**
 * The prediction error in words: the share of pixels with missed ink (error above +0.25) and
 * with ink predicted where there is none (below -0.25). `error` is input minus prediction in
 * -`scale`..`scale` (the frame's signed bytes: 127.5).
 */
export function errorSummary(error: ArrayLike<number>, scale = 127.5): string {
  if (error.length === 0) return 'Prediction error: nothing to compare with.';
  let missed = 0;
  let extra = 0;
  for (let i = 0; i < error.length; i++) {
    const e = (error[i] ?? 0) / scale;
    if (e > 0.25) missed += 1;
    else if (e < -0.25) extra += 1;
  }
  const n = error.length;
  return `Prediction error: ink missed at ${pct(missed / n)} of the pixels (red), ink expected but absent at ${pct(extra / n)} (blue).`;
}

/** The classifier's answer: the three likeliest classes with their probabilities, and the truth. */
export function probabilitiesSummary(
  classes: readonly string[],
  probabilities: ArrayLike<number>,
  label: number,
): string {
  if (probabilities.length === 0) return 'Class probabilities: none yet.';
  const ranked = classes
    .map((name, index) => ({ name, p: probabilities[index] ?? 0 }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  const truth = label >= 0 ? ` The input is a ${classes[label] ?? label}.` : '';
  return `Class probabilities: ${ranked.map((r) => `${r.name} ${pct(r.p)}`).join(', ')}.${truth}`;
}

/** The top area's code in words: each unit's value, clamped ones marked. */
export function latentBarsSummary(
  means: ArrayLike<number>,
  clamp: readonly (number | null)[],
): string {
  if (means.length === 0) return 'Top-area code: none yet.';
  const units = Array.from({ length: means.length }, (_, i) => {
    const held = clamp[i] !== null && clamp[i] !== undefined ? ' (clamped)' : '';
    return `unit ${i + 1} ${fixed(means[i] ?? 0, 1)}${held}`;
  });
  return `Top-area code, ${means.length} units: ${units.join(', ')}.`;
}

/** The training curves in words: steps, the cost and accuracy now and where they started. */
export function curvesSummary(points: readonly CurvePoint[], costName = 'cost'): string {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return 'Training curves: no training yet.';
  return (
    `Training curves over ${last.step} steps (epoch ${last.epoch}): ` +
    `${costName} ${fixed(last.negElbo, 1)} (from ${fixed(first.negElbo, 1)}), ` +
    `classifier accuracy ${pct(last.accuracy)} (from ${pct(first.accuracy)}).`
  );
}

/** The latent view in words: how many points of each class are shown. */
export function latentViewSummary(
  points: readonly LatentPoint[],
  classes: readonly string[],
): string {
  if (points.length === 0) return 'Latent space: no points yet.';
  const counts = new Map<number, number>();
  for (const p of points) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([label, n]) => `${n} ${label < 0 ? 'unlabelled' : `${classes[label] ?? label}s`}`);
  return `Latent space: ${points.length} test images placed by their code, each marked with its digit: ${parts.join(', ')}.`;
}

/** A trace in words: its name, how many points, the first, last and lowest value. */
export function traceSummary(
  name: string,
  values: readonly number[],
  unit: string,
  pointName = 'points',
): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return `${name}: no values yet.`;
  const lowest = Math.min(...finite);
  return (
    `${name}: ${finite.length} ${pointName}, from ${fixed(finite[0]!, 1)} to ` +
    `${fixed(finite.at(-1)!, 1)} ${unit} (lowest ${fixed(lowest, 1)}).`
  );
}

/** Set `element`'s role to img and its label to `text` (written only when it changes). */
export function labelImage(element: Element, text: string): void {
  if (element.getAttribute('role') !== 'img') element.setAttribute('role', 'img');
  if (element.getAttribute('aria-label') !== text) element.setAttribute('aria-label', text);
}
