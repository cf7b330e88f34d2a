/**
 * Colour-vision deficiency for tests: sRGB colours seen as a dichromat sees them (the
 * Machado, Oliveira & Fernandes 2009 matrices at severity 1, applied to linear RGB), and the
 * CIE76 colour difference (Euclidean distance in CIELAB, D65 white).
 */

/** The three dichromacies the palette is checked under, and normal vision. */
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

type Matrix = readonly [readonly number[], readonly number[], readonly number[]];

const machado: Record<Exclude<Vision, 'normal'>, Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** '#rrggbb' as linear RGB in 0..1. */
export function linearRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (match === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
}

/** Linear RGB as a dichromat of kind `vision` sees it (clipped to 0..1). */
export function simulate(rgb: readonly number[], vision: Vision): [number, number, number] {
  if (vision === 'normal') return [rgb[0]!, rgb[1]!, rgb[2]!];
  const m = machado[vision];
  return m.map((row) =>
    Math.min(1, Math.max(0, row[0]! * rgb[0]! + row[1]! * rgb[1]! + row[2]! * rgb[2]!)),
  ) as [number, number, number];
}

/** Linear RGB to CIELAB (D65). */
export function lab(rgb: readonly number[]): [number, number, number] {
  const [r, g, b] = [rgb[0]!, rgb[1]!, rgb[2]!];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 difference between two colours as `vision` sees them. */
export function deltaE(a: string, b: string, vision: Vision = 'normal'): number {
  const la = lab(simulate(linearRgb(a), vision));
  const lb = lab(simulate(linearRgb(b), vision));
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

/** The closest pair of `colors` under `vision`, with its difference. */
export function closestPair(
  colors: readonly string[],
  vision: Vision,
): { a: number; b: number; distance: number } {
  let best = { a: -1, b: -1, distance: Infinity };
  for (let a = 0; a < colors.length; a++) {
    for (let b = a + 1; b < colors.length; b++) {
      const distance = deltaE(colors[a]!, colors[b]!, vision);
      if (distance < best.distance) best = { a, b, distance };
    }
  }
  return best;
}
