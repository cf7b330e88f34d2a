/** The page's palette: one colour per signal direction, one per class. */
import { interpolateGreys, interpolateRgb, schemeDark2, schemeTableau10 } from 'd3';

export const FEEDFORWARD = '#3b6fb6';
export const FEEDBACK = '#e07b1f';
export const ERROR = '#c9314b';
export const MUTED = '#687183';
/** Lateral pathways: sideways, between areas of one level. */
export const LATERAL = '#7b5ea7';

/** Colour of a class label (-1, an unknown label, is dark grey). */
export function labelColor(label: number): string {
  return label < 0 ? '#333a46' : schemeTableau10[label % schemeTableau10.length]!;
}

/** Ink on paper: 0 is white, 1 is black. */
export const inkColor = (t: number): string => interpolateGreys(t);

const toBlue = interpolateRgb('#ffffff', '#2f66b3');
const toRed = interpolateRgb('#ffffff', '#c42f45');

/** Diverging, t in 0..1: below 0.5 blue (negative), 0.5 white, above red (positive). */
export const divergingColor = (t: number): string =>
  t < 0.5 ? toBlue(Math.min(1, (0.5 - t) * 2)) : toRed(Math.min(1, (t - 0.5) * 2));

/**
 * Colour of the area at position `index` in a hierarchy, bottom (0) to top: the same in the
 * diagram's swatches and the local-learning chart's lines.
 */
export function areaColor(index: number): string {
  return schemeDark2[index % schemeDark2.length]!;
}
