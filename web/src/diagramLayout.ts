/**
 * Where everything of the hierarchy diagram goes, computed from the topology
 * alone (pure, tested): the generative model's areas in a column bottom
 * (sensory) to top, its three lanes between neighbours (feedforward up, feedback
 * down, prediction errors up), and the classifier's areas in a second column
 * with feedforward lanes only. A lateral pathway (between areas of one level) is
 * a small curved arrow beside its column, from one box's side to the other's.
 * Any depth fits: deeper columns get lower boxes (down to a legible minimum), and
 * past that the drawing grows taller.
 */
import type { AreaTopology, Topology } from '../../src/server/wire.ts';
import { gridShape } from './gridShape.ts';

export type Model = 'generative' | 'classifier';
export type LaneKind = 'feedforward' | 'feedback' | 'error';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AreaNode extends Rect {
  /** `model/name`, unique over both models. */
  id: string;
  model: Model;
  area: AreaTopology;
  /** Position bottom (0) to top. */
  level: number;
  heat: Rect;
  /** The prediction-error bar (generative areas only). */
  error?: Rect;
}

export interface Lane {
  id: string;
  model: Model;
  kind: LaneKind;
  from: string;
  to: string;
  x: number;
  /** Where a signal starts and ends (y grows downwards). */
  y1: number;
  y2: number;
  /** Level of the lower area: sweeps are timed by it. */
  level: number;
}

/** A lateral pathway: a curved arrow beside the column, from one box's right side to another's. */
export interface LateralArc {
  id: string;
  model: Model;
  from: string;
  to: string;
  /** Where it leaves `from` and reaches `to` (the middle of each box's right side). */
  start: { x: number; y: number };
  end: { x: number; y: number };
  /** The control point of the quadratic curve between them, to the right of both boxes. */
  control: { x: number; y: number };
  /** The SVG path: M start Q control end. */
  path: string;
}

export interface DiagramLayout {
  width: number;
  height: number;
  areas: AreaNode[];
  lanes: Lane[];
  laterals: LateralArc[];
  titles: { model: Model; text: string; x: number; y: number }[];
}

/** Width of the drawing (SVG units; the page scales it to its panel). */
export const DIAGRAM_WIDTH = 480;
/** Height of the drawing for a shallow hierarchy; deeper ones make it taller. */
export const DIAGRAM_HEIGHT = 600;
const TOP = 44;
const BOTTOM = 8;
/** Shortest lane between two boxes, so its arrows stay visible. */
const MIN_LANE = 44;
/** Room in a box above its heatmap (name and size) and below it. */
const BOX_CHROME = 36;

interface ColumnStyle {
  centre: number;
  width: number;
  /** Box height when there is room, and the least a deep column gets. */
  height: number;
  minHeight: number;
  heatMax: number;
  errorBar: boolean;
}

const generativeColumn: ColumnStyle = {
  centre: 150,
  width: 236,
  height: 124,
  minHeight: 84,
  heatMax: 88,
  errorBar: true,
};
const classifierColumn: ColumnStyle = {
  centre: 392,
  width: 150,
  height: 100,
  minHeight: 72,
  heatMax: 64,
  errorBar: false,
};

function heatRect(area: AreaTopology, x: number, y: number, max: number): Rect {
  const [columns, rows] = gridShape(area.displaySize, area.shape);
  const cell = max / Math.max(columns, rows);
  return { x, y, width: columns * cell, height: rows * cell };
}

/** Box height for `n` areas in a drawing `height` tall. */
function boxHeight(n: number, style: ColumnStyle, height: number): number {
  if (n <= 1) return style.height;
  const fit = (height - TOP - BOTTOM - (n - 1) * MIN_LANE) / n;
  return Math.min(style.height, Math.max(style.minHeight, Math.floor(fit)));
}

/** Height a column of `n` boxes of `box` needs. */
function columnHeight(n: number, box: number): number {
  return TOP + BOTTOM + n * box + Math.max(0, n - 1) * MIN_LANE;
}

function columnNodes(
  model: Model,
  areas: AreaTopology[],
  style: ColumnStyle,
  height: number,
): AreaNode[] {
  const n = areas.length;
  const box = boxHeight(n, style, height);
  const heatMax = Math.min(style.heatMax, box - BOX_CHROME);
  const lowest = height - BOTTOM - box;
  const gap = n > 1 ? (lowest - TOP) / (n - 1) : 0;
  return areas.map((area, level) => {
    const x = style.centre - style.width / 2;
    const y = lowest - level * gap;
    const heat = heatRect(area, x + 10, y + 28, heatMax);
    const node: AreaNode = {
      id: `${model}/${area.name}`,
      model,
      area,
      level,
      x,
      y,
      width: style.width,
      height: box,
      heat,
    };
    if (style.errorBar) node.error = { x: x + 118, y: y + 28, width: 14, height: heatMax };
    return node;
  });
}

/** How far a lateral arc bulges out beyond the boxes' right sides. */
const LATERAL_BULGE = 22;

/** Horizontal offsets of the generative lanes from the column's centre. */
const generativeLaneOffset: Record<LaneKind, number> = {
  feedforward: -72,
  error: -24,
  feedback: 60,
};

/** The diagram of both models of `topology`, any depth. */
export function layoutDiagram(topology: Topology): DiagramLayout {
  const columns: [AreaTopology[], ColumnStyle][] = [
    [topology.generative.areas, generativeColumn],
    [topology.classifier.areas, classifierColumn],
  ];
  const height = Math.max(
    DIAGRAM_HEIGHT,
    ...columns.map(([areas, style]) =>
      columnHeight(areas.length, boxHeight(areas.length, style, DIAGRAM_HEIGHT)),
    ),
  );
  const generative = columnNodes('generative', topology.generative.areas, generativeColumn, height);
  const classifier = columnNodes('classifier', topology.classifier.areas, classifierColumn, height);
  const byName = (nodes: AreaNode[], name: string): AreaNode | undefined =>
    nodes.find((node) => node.area.name === name);

  const lanes: Lane[] = [];
  const addLane = (model: Model, kind: LaneKind, from: AreaNode, to: AreaNode, x: number): void => {
    const up = to.level > from.level;
    lanes.push({
      id: `${model}:${kind}:${from.area.name}->${to.area.name}`,
      model,
      kind,
      from: from.area.name,
      to: to.area.name,
      x,
      y1: up ? from.y : from.y + from.height,
      y2: up ? to.y + to.height : to.y,
      level: Math.min(from.level, to.level),
    });
  };

  const laterals: LateralArc[] = [];
  const addLateral = (model: Model, from: AreaNode, to: AreaNode): void => {
    const start = { x: from.x + from.width, y: from.y + from.height / 2 };
    const end = { x: to.x + to.width, y: to.y + to.height / 2 };
    const control = { x: Math.max(start.x, end.x) + LATERAL_BULGE, y: (start.y + end.y) / 2 };
    laterals.push({
      id: `${model}:lateral:${from.area.name}->${to.area.name}`,
      model,
      from: from.area.name,
      to: to.area.name,
      start,
      end,
      control,
      path: `M${start.x},${start.y}Q${control.x},${control.y} ${end.x},${end.y}`,
    });
  };

  for (const pathway of topology.generative.pathways) {
    const from = byName(generative, pathway.from);
    const to = byName(generative, pathway.to);
    if (from === undefined || to === undefined) continue;
    if (pathway.kind === 'lateral') {
      addLateral('generative', from, to);
      continue;
    }
    const centre = generativeColumn.centre;
    addLane('generative', pathway.kind, from, to, centre + generativeLaneOffset[pathway.kind]);
    // Prediction errors travel back up the way each prediction came down.
    if (pathway.kind === 'feedback') {
      addLane('generative', 'error', to, from, centre + generativeLaneOffset.error);
    }
  }
  for (const pathway of topology.classifier.pathways) {
    const from = byName(classifier, pathway.from);
    const to = byName(classifier, pathway.to);
    if (from === undefined || to === undefined || pathway.kind === 'feedback') continue;
    if (pathway.kind === 'lateral') addLateral('classifier', from, to);
    else addLane('classifier', 'feedforward', from, to, classifierColumn.centre);
  }

  return {
    width: DIAGRAM_WIDTH,
    height,
    areas: [...generative, ...classifier],
    lanes,
    laterals,
    titles: [
      {
        model: 'generative',
        text: topology.generative.captions.title,
        x: generativeColumn.centre,
        y: 18,
      },
      {
        model: 'classifier',
        text: topology.classifier.captions.title,
        x: classifierColumn.centre,
        y: 18,
      },
    ],
  };
}
