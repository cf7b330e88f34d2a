/**
 * Sample digits to load onto the drawing canvas without a pointer (the keyboard's way to
 * draw): each is a few pen strokes, points in 0..1 of the canvas (x right, y down).
 */

/** A digit as pen strokes. */
export interface SampleDigit {
  digit: number;
  strokes: [number, number][][];
}

/** Points on an ellipse arc around (cx, cy), from angle a0 to a1 (radians, y down). */
function arc(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  a0: number,
  a1: number,
  steps = 24,
): [number, number][] {
  return Array.from({ length: steps + 1 }, (_, k) => {
    const a = a0 + ((a1 - a0) * k) / steps;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

/** The samples, in the order "Load a sample digit" goes through them. */
export const sampleDigits: readonly SampleDigit[] = [
  { digit: 0, strokes: [arc(0.5, 0.5, 0.22, 0.32, 0, 2 * Math.PI, 40)] },
  {
    digit: 1,
    strokes: [
      [
        [0.4, 0.3],
        [0.52, 0.18],
        [0.52, 0.84],
      ],
    ],
  },
  {
    digit: 2,
    strokes: [
      [...arc(0.5, 0.36, 0.2, 0.18, Math.PI * 1.1, Math.PI * 2.25, 16), [0.3, 0.82], [0.74, 0.82]],
    ],
  },
  {
    digit: 3,
    strokes: [
      arc(0.48, 0.34, 0.2, 0.16, Math.PI * 1.15, Math.PI * 2.5, 18),
      arc(0.48, 0.66, 0.22, 0.18, Math.PI * 1.5, Math.PI * 2.85, 18),
    ],
  },
  {
    digit: 7,
    strokes: [
      [
        [0.28, 0.2],
        [0.74, 0.2],
        [0.44, 0.84],
      ],
    ],
  },
];
