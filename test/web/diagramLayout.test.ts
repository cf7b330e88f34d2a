import { describe, expect, it } from 'vitest';
import { mlpCaptions } from '../../src/models/classifier/live.ts';
import { pcgenCaptions } from '../../src/models/pcgen/live.ts';
import { pcvaeCaptions } from '../../src/models/pcvae/live.ts';
import type { Topology } from '../../src/server/wire.ts';
import { layoutDiagram } from '../../web/src/diagramLayout.ts';

const topology: Topology = {
  generative: {
    areas: [
      { name: 'sensory', kind: 'sensory', size: 784, displaySize: 784, shape: [28, 28] },
      { name: 'z2', kind: 'stochastic', size: 64, displaySize: 64 },
      { name: 'z1', kind: 'stochastic', size: 20, displaySize: 20 },
    ],
    pathways: [
      { from: 'sensory', to: 'z2', kind: 'feedforward' },
      { from: 'z2', to: 'z1', kind: 'feedforward' },
      { from: 'z1', to: 'z2', kind: 'feedback' },
      { from: 'z2', to: 'sensory', kind: 'feedback' },
    ],
    kind: 'pcvae',
    learning: 'backprop',
    captions: pcvaeCaptions,
  },
  classifier: {
    areas: [
      { name: 'sensory', kind: 'sensory', size: 784, displaySize: 784, shape: [28, 28] },
      { name: 'h1', kind: 'deterministic', size: 512, displaySize: 128 },
      { name: 'class', kind: 'deterministic', size: 10, displaySize: 10 },
    ],
    pathways: [
      { from: 'sensory', to: 'h1', kind: 'feedforward' },
      { from: 'h1', to: 'class', kind: 'feedforward' },
    ],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    kind: 'mlp',
    learning: 'backprop',
    captions: mlpCaptions,
  },
  latentSize: 20,
  imageShape: [28, 28],
};

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutDiagram', () => {
  const layout = layoutDiagram(topology);

  it('has one box per area of each model, with unique ids', () => {
    expect(layout.areas.map((a) => a.id)).toEqual([
      'generative/sensory',
      'generative/z2',
      'generative/z1',
      'classifier/sensory',
      'classifier/h1',
      'classifier/class',
    ]);
  });

  it('stacks each model bottom (sensory) to top, inside the drawing, without overlaps', () => {
    for (const model of ['generative', 'classifier']) {
      const column = layout.areas.filter((a) => a.model === model);
      for (let i = 1; i < column.length; i++) {
        expect(column[i]!.y + column[i]!.height).toBeLessThan(column[i - 1]!.y);
      }
    }
    for (const a of layout.areas) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.areas) if (a !== b) expect(overlaps(a, b)).toBe(false);
      // The heatmap and the error bar sit inside the box, side by side.
      expect(a.heat.x + a.heat.width).toBeLessThanOrEqual(a.error?.x ?? a.x + a.width);
      expect(a.heat.y + a.heat.height).toBeLessThanOrEqual(a.y + a.height);
    }
  });

  it('draws a feedforward lane up, a feedback lane down and an error lane up per reciprocal pair', () => {
    const lanes = layout.lanes.filter((l) => l.model === 'generative');
    expect(lanes.filter((l) => l.kind === 'feedforward')).toHaveLength(2);
    expect(lanes.filter((l) => l.kind === 'feedback')).toHaveLength(2);
    expect(lanes.filter((l) => l.kind === 'error').map((l) => `${l.from}->${l.to}`)).toEqual([
      'z2->z1',
      'sensory->z2',
    ]);
    for (const lane of lanes) {
      const up = lane.kind !== 'feedback';
      expect(lane.y2 < lane.y1).toBe(up); // y grows downwards
    }
    const classifierLanes = layout.lanes.filter((l) => l.model === 'classifier');
    expect(classifierLanes.map((l) => l.kind)).toEqual(['feedforward', 'feedforward']);
    expect(new Set(layout.lanes.map((l) => l.id)).size).toBe(layout.lanes.length);
  });
});

/** A pcvae topology of `names` (sensory first) with reciprocal pathways. */
function deepTopology(names: string[]): Topology {
  return {
    ...topology,
    generative: {
      areas: names.map((name, i) =>
        i === 0
          ? { name, kind: 'sensory' as const, size: 784, displaySize: 784, shape: [28, 28] }
          : { name, kind: 'stochastic' as const, size: 64 >> i, displaySize: 64 >> i },
      ),
      pathways: names.slice(1).flatMap((upper, i) => [
        { from: names[i]!, to: upper, kind: 'feedforward' as const },
        { from: upper, to: names[i]!, kind: 'feedback' as const },
      ]),
      kind: 'pcvae',
      learning: 'backprop',
      captions: pcvaeCaptions,
    },
  };
}

describe('layoutDiagram of any depth', () => {
  it.each([[['retina', 'v1', 'v2', 'it']], [['sensory', 'z1', 'z2', 'z3', 'z4', 'z5', 'z6']]])(
    'fits %j: boxes apart, inside the drawing, lanes long enough to see',
    (names) => {
      const layout = layoutDiagram(deepTopology(names));
      const column = layout.areas.filter((a) => a.model === 'generative');
      expect(column.map((a) => a.area.name)).toEqual(names);
      for (const a of layout.areas) {
        expect(a.y).toBeGreaterThanOrEqual(0);
        expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
        for (const b of layout.areas) if (a !== b) expect(overlaps(a, b)).toBe(false);
        expect(a.heat.y + a.heat.height).toBeLessThanOrEqual(a.y + a.height);
        expect(Math.max(a.heat.width, a.heat.height)).toBeGreaterThanOrEqual(40);
      }
      for (const lane of layout.lanes)
        expect(Math.abs(lane.y2 - lane.y1)).toBeGreaterThanOrEqual(40);
      expect(layout.lanes.filter((l) => l.kind === 'error')).toHaveLength(names.length - 1);
    },
  );

  it('grows the drawing only when the boxes would get too small', () => {
    expect(layoutDiagram(deepTopology(['retina', 'v1', 'v2', 'it'])).height).toBe(600);
    expect(layoutDiagram(deepTopology(['s', 'a', 'b', 'c', 'd', 'e', 'f'])).height).toBeGreaterThan(
      600,
    );
  });
});

describe('layoutDiagram: lateral pathways and model titles', () => {
  /** The test topology with a lateral pathway between the two latent areas of the generative model. */
  const withLateral: Topology = {
    ...topology,
    generative: {
      ...topology.generative,
      pathways: [...topology.generative.pathways, { from: 'z2', to: 'z1', kind: 'lateral' }],
    },
  };

  it('draws a lateral pathway as one curved arc beside the column, not as a lane', () => {
    const layout = layoutDiagram(withLateral);
    expect(layout.lanes).toEqual(layoutDiagram(topology).lanes);
    expect(layout.laterals).toHaveLength(1);
    const [arc] = layout.laterals;
    const box = (name: string) => layout.areas.find((a) => a.id === `generative/${name}`)!;
    const [from, to] = [box('z2'), box('z1')];
    expect(arc).toMatchObject({ model: 'generative', from: 'z2', to: 'z1' });
    // From the middle of one box's right side to the other's, bulging out beyond both.
    expect(arc!.start).toEqual({ x: from.x + from.width, y: from.y + from.height / 2 });
    expect(arc!.end).toEqual({ x: to.x + to.width, y: to.y + to.height / 2 });
    expect(arc!.control.x).toBeGreaterThan(Math.max(arc!.start.x, arc!.end.x));
    expect(arc!.control.y).toBe((arc!.start.y + arc!.end.y) / 2);
    expect(arc!.control.x).toBeLessThanOrEqual(layout.width);
    expect(arc!.path).toBe(
      `M${arc!.start.x},${arc!.start.y}Q${arc!.control.x},${arc!.control.y} ${arc!.end.x},${arc!.end.y}`,
    );
    expect(layoutDiagram(topology).laterals).toEqual([]);
  });

  it('names the columns by the titles the models’ kinds give', () => {
    const titles = (t: Topology) => layoutDiagram(t).titles.map((title) => title.text);
    expect(titles(topology)).toEqual(['Predictive-coding VAE', 'Feedforward classifier']);
    const other: Topology = {
      ...topology,
      generative: { ...topology.generative, kind: 'pcgen', captions: pcgenCaptions },
      classifier: { ...topology.classifier, captions: { ...mlpCaptions, title: 'My own net' } },
    };
    expect(titles(other)).toEqual(['Generative PC net (pcgen)', 'My own net']);
  });
});
