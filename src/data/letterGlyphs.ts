/**
 * Stroke skeletons of the letters A-E: line segments in a letter box with
 * x in [-0.35, 0.35] and y in [-0.5, 0.5] (y grows downwards, as in images),
 * the box centred on the origin. Curves (in B, C, D) are approximated by
 * short segments along elliptical arcs.
 */
import { NeocortexError } from '../errors.ts';

/** The synthetic letters' classes, in label order. */
export const LETTER_CLASS_NAMES = ['A', 'B', 'C', 'D', 'E'];

type Point = readonly [number, number];

/** Points along an ellipse arc from angle `from` to `to` (degrees; 0 = right, 90 = down). */
function arc(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  from: number,
  to: number,
  pieces: number,
): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= pieces; i++) {
    const angle = ((from + ((to - from) * i) / pieces) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)]);
  }
  return points;
}

const STROKES: readonly (readonly Point[])[][] = [
  // A: two legs meeting at the apex, and a crossbar.
  [
    [
      [-0.35, 0.5],
      [0, -0.5],
      [0.35, 0.5],
    ],
    [
      [-0.21, 0.1],
      [0.21, 0.1],
    ],
  ],
  // B: stem and two bowls.
  [
    [
      [-0.3, -0.5],
      [-0.3, 0.5],
    ],
    [[-0.3, -0.5], ...arc(0.05, -0.25, 0.25, 0.25, -90, 90, 10), [-0.3, 0]],
    [[-0.3, 0], ...arc(0.08, 0.25, 0.25, 0.25, -90, 90, 10), [-0.3, 0.5]],
  ],
  // C: an ellipse open on the right.
  [arc(0.02, 0, 0.33, 0.5, 40, 320, 18)],
  // D: stem and one large bowl.
  [
    [
      [-0.3, -0.5],
      [-0.3, 0.5],
    ],
    [[-0.3, -0.5], ...arc(-0.05, 0, 0.35, 0.5, -90, 90, 14), [-0.3, 0.5]],
  ],
  // E: stem and three bars, the middle one shorter.
  [
    [
      [0.3, -0.5],
      [-0.3, -0.5],
      [-0.3, 0.5],
      [0.3, 0.5],
    ],
    [
      [-0.3, 0],
      [0.2, 0],
    ],
  ],
];

/** A stroke segment from (x0, y0) to (x1, y1). */
export type Segment = readonly [x0: number, y0: number, x1: number, y1: number];

function toSegments(polylines: readonly (readonly Point[])[]): Segment[] {
  const segments: Segment[] = [];
  for (const line of polylines) {
    let previous: Point | undefined;
    for (const point of line) {
      if (previous) segments.push([previous[0], previous[1], point[0], point[1]]);
      previous = point;
    }
  }
  return segments;
}

const SEGMENTS = STROKES.map(toSegments);

/** The letter's stroke segments in the letter box. */
export function letterSegments(letter: number): readonly Segment[] {
  const segments = SEGMENTS[letter];
  if (segments === undefined) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `letter index ${letter} outside 0..${SEGMENTS.length - 1}`,
    );
  }
  return segments;
}
