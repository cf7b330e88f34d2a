/**
 * Where everything of the hierarchy diagram goes, computed from the topology
 * alone (pure, tested): the generative model's areas in a column bottom
 * (sensory) to top, its three lanes between neighbours (feedforward up, feedback
 * down, prediction errors up), and the classifier's areas in a second column
 * with feedforward lanes only.
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

export interface DiagramLayout {
  width: number;
  height: number;
  areas: AreaNode[];
  lanes: Lane[];
  titles: { model: Model; text: string; x: number; y: number }[];
}

export const DIAGRAM_WIDTH = 480;
export const DIAGRAM_HEIGHT = 600;
const TOP = 44;
const BOTTOM = 8;

interface ColumnStyle {
  centre: number;
  width: number;
  height: number;
  heatMax: number;
  errorBar: boolean;
}

const generativeColumn: ColumnStyle = {
  centre: 150,
  width: 236,
  height: 124,
  heatMax: 88,
  errorBar: true,
};
const classifierColumn: ColumnStyle = {
  centre: 392,
  width: 150,
  height: 100,
  heatMax: 64,
  errorBar: false,
};

function heatRect(area: AreaTopology, x: number, y: number, max: number): Rect {
  const [columns, rows] = gridShape(area.displaySize, area.shape);
  const cell = max / Math.max(columns, rows);
  return { x, y, width: columns * cell, height: rows * cell };
}

function columnNodes(model: Model, areas: AreaTopology[], style: ColumnStyle): AreaNode[] {
  const n = areas.length;
  const lowest = DIAGRAM_HEIGHT - BOTTOM - style.height;
  const gap = n > 1 ? (lowest - TOP) / (n - 1) : 0;
  return areas.map((area, level) => {
    const x = style.centre - style.width / 2;
    const y = lowest - level * gap;
    const heat = heatRect(area, x + 10, y + 28, style.heatMax);
    const node: AreaNode = {
      id: `${model}/${area.name}`,
      model,
      area,
      level,
      x,
      y,
      width: style.width,
      height: style.height,
      heat,
    };
    if (style.errorBar) node.error = { x: x + 118, y: y + 28, width: 14, height: style.heatMax };
    return node;
  });
}

/** Horizontal offsets of the generative lanes from the column's centre. */
const generativeLaneOffset: Record<LaneKind, number> = {
  feedforward: -72,
  error: -24,
  feedback: 60,
};

export function layoutDiagram(topology: Topology): DiagramLayout {
  const generative = columnNodes('generative', topology.generative.areas, generativeColumn);
  const classifier = columnNodes('classifier', topology.classifier.areas, classifierColumn);
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

  for (const pathway of topology.generative.pathways) {
    const from = byName(generative, pathway.from);
    const to = byName(generative, pathway.to);
    if (from === undefined || to === undefined) continue;
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
    if (from === undefined || to === undefined || pathway.kind !== 'feedforward') continue;
    addLane('classifier', 'feedforward', from, to, classifierColumn.centre);
  }

  return {
    width: DIAGRAM_WIDTH,
    height: DIAGRAM_HEIGHT,
    areas: [...generative, ...classifier],
    lanes,
    titles: [
      { model: 'generative', text: 'Predictive-coding VAE', x: generativeColumn.centre, y: 18 },
      { model: 'classifier', text: 'Feedforward classifier', x: classifierColumn.centre, y: 18 },
    ],
  };
}
