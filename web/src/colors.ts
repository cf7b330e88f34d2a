/**
 * The page's palette: one colour per signal direction, one per class, one per area of a
 * hierarchy. The class and area colours are Okabe & Ito's colour-blind-safe set (two more
 * colours for the tenth class); test/web/palette.test.ts checks that every pair stays apart
 * under protanopia, deuteranopia and tritanopia. Colour is never the only cue: classes are
 * also named in text (the latent view's labels and legend, the class bars' names).
 */
import { interpolateGreys, interpolateRgb } from 'd3';

/** Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black. */
export const OKABE_ITO = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#000000',
] as const;

/** One colour per class (digit 0..9): Okabe-Ito, then wine and dark brown. */
export const CLASS_COLORS: readonly string[] = [...OKABE_ITO, '#882255', '#6b4e16'];

export const FEEDFORWARD = '#3b6fb6';
export const FEEDBACK = '#e07b1f';
export const ERROR = '#c9314b';
export const MUTED = '#687183';
/** Lateral pathways: sideways, between areas of one level. */
export const LATERAL = '#cc79a7';

/** Colour of a class label (-1, an unknown label, is light grey). */
export function labelColor(label: number): string {
  return label < 0 ? '#b7bcc6' : CLASS_COLORS[label % CLASS_COLORS.length]!;
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
  return AREA_COLORS[index % AREA_COLORS.length]!;
}

/** The areas' colours, bottom to top: Okabe-Ito starting from blue. */
export const AREA_COLORS: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#000000',
  '#f0e442',
];
