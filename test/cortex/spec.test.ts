import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  defaultHierarchySpec,
  parseHierarchySpec,
  reciprocalPathways,
  SpecError,
  type PathwaySpecInput,
} from '../../src/cortex/index.ts';
import { smallSpec } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('hierarchy description', () => {
  it('is plain JSON that round-trips and rebuilds the same wiring', () => {
    const spec = defaultHierarchySpec(5);
    const again = parseHierarchySpec(JSON.parse(JSON.stringify(spec)));
    expect(again).toEqual(spec);
    const h = buildHierarchy(again);
    expect(h.areas.map((a) => [a.name, a.size])).toEqual([
      ['sensory', 784],
      ['middle', 256],
      ['top', 32],
    ]);
    expect(h.pathways.map((p) => `${p.kind}:${p.id}`)).toEqual([
      'feedforward:sensory->middle',
      'feedback:middle->sensory',
      'feedforward:middle->top',
      'feedback:top->middle',
    ]);
    h.lesion('top', 'middle');
    h.setGain('sensory', 'middle', 0.5);
    const saved = JSON.parse(JSON.stringify(h.toSpec())) as unknown;
    const rebuilt = buildHierarchy(parseHierarchySpec(saved));
    expect(rebuilt.pathway('top', 'middle').lesioned).toBe(true);
    expect(rebuilt.pathway('sensory', 'middle').gain).toBe(0.5);
    h.dispose();
    rebuilt.dispose();
  });

  it('lists every schema problem with its path', () => {
    const bad = {
      areas: [
        { name: 'sensory', size: -1 },
        { name: '9top', size: 3, activation: 'softmax' },
      ],
      pathways: [{ from: 'sensory', to: '9top', kind: 'sideways' }],
    };
    let message = '';
    try {
      parseHierarchySpec(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      message = (error as Error).message;
    }
    // One problem a line, each starting with its JSON path (indices in brackets).
    const lines = message.split('\n').slice(1);
    expect(lines.map((line) => line.trim().split(':')[0])).toEqual([
      'areas[0].size',
      'areas[1].name',
      'areas[1].activation',
      'pathways[0].kind',
    ]);
  });

  it('refuses wiring that is not a hierarchy, before anything runs', () => {
    const base = smallSpec();
    const withPathways = (pathways: PathwaySpecInput[]) => ({ ...base, pathways });
    // A cycle upward: feedforward middle->top with feedback middle->top (top would be below middle).
    expect(() =>
      buildHierarchy(
        withPathways([
          { from: 'middle', to: 'top', kind: 'feedforward' },
          { from: 'middle', to: 'top', kind: 'feedback' },
        ]),
      ),
    ).toThrow(
      /pathways: the areas form a cycle upward: (middle -> top -> middle|top -> middle -> top)/,
    );
    expect(() =>
      buildHierarchy(
        withPathways([
          { from: 'middle', to: 'top', kind: 'feedforward' },
          { from: 'top', to: 'middle', kind: 'feedforward' },
        ]),
      ),
    ).toThrow(/cycle upward/);
    expect(() =>
      buildHierarchy(withPathways([{ from: 'sensory', to: 'middle', kind: 'feedback' }])),
    ).toThrow(
      /pathways\[0\]: feedback sensory->middle: sensory is the sensory area .*no area lies below it/,
    );
    expect(() =>
      buildHierarchy(withPathways([{ from: 'middle', to: 'middle', kind: 'lateral' }])),
    ).toThrow(/joins two different areas/);
    expect(() =>
      buildHierarchy(
        withPathways([
          ...reciprocalPathways(['sensory', 'middle', 'top']),
          { from: 'top', to: 'middle', kind: 'lateral' },
        ]),
      ),
    ).toThrow(
      /lateral top->middle: a lateral pathway joins areas of one level \(top is at level 2, middle at level 1\)/,
    );
    expect(() =>
      buildHierarchy({
        ...withPathways([{ from: 'middle', to: 'top', kind: 'feedback' }]),
        predictions: 'up',
      }),
    ).toThrow(/predictions go up .* a feedback pathway has no role in it/);
    expect(() =>
      buildHierarchy({
        ...base,
        areas: [
          { name: 'sensory', size: 4 },
          { name: 'top', size: 2, precision: [1, 2, 3] },
        ],
        pathways: [],
      }),
    ).toThrow(/areas\[1\]\.precision: area "top" has 2 units but 3 precisions/);
    expect(() =>
      buildHierarchy(withPathways([{ from: 'retina', to: 'middle', kind: 'feedforward' }])),
    ).toThrow(/pathways\[0\]\.from: no area named "retina"/);
    expect(() =>
      buildHierarchy(
        withPathways([
          { from: 'sensory', to: 'middle', kind: 'feedforward' },
          { from: 'sensory', to: 'middle', kind: 'feedforward' },
        ]),
      ),
    ).toThrow(/defined twice/);
    expect(() =>
      buildHierarchy({
        ...base,
        areas: [
          { name: 'sensory', size: 4 },
          { name: 'top', size: 2, likelihood: 'bernoulli', activation: 'sigmoid' },
        ],
        pathways: [],
      }),
    ).toThrow(/areas\[1\]\.likelihood: .*bernoulli likelihood is only for the sensory area/);
  });

  it('refuses a pathway whose map has an empty hidden layer, naming it', () => {
    expect(() =>
      buildHierarchy({
        areas: [
          { name: 'sensory', size: 4 },
          { name: 'top', size: 2 },
        ],
        pathways: [{ from: 'sensory', to: 'top', kind: 'feedforward', hidden: [0] }],
      }),
    ).toThrow(/pathways\[0\]\.hidden\[0\]/);
  });

  it('accepts skip pathways, several sources and laterals within a level', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'retina', size: 6 },
        { name: 'v1', size: 4 },
        { name: 'v2', size: 4 },
        { name: 'it', size: 3 },
      ],
      pathways: [
        ...reciprocalPathways(['retina', 'v1', 'it']),
        ...reciprocalPathways(['retina', 'v2']),
        { from: 'v2', to: 'it', kind: 'feedforward' },
        { from: 'it', to: 'v2', kind: 'feedback' },
        { from: 'it', to: 'retina', kind: 'feedback' },
        { from: 'v1', to: 'v2', kind: 'lateral' },
      ],
    });
    expect(h.areas.map((a) => a.name)).toEqual(['retina', 'v1', 'v2', 'it']);
    // it is recognized from v1 and v2; retina is predicted by v1, v2 and it (a skip).
    expect(h.pathways.filter((p) => p.to.name === 'it').map((p) => p.from.name)).toEqual([
      'v1',
      'v2',
    ]);
    expect(
      h.predictivePathways.filter((p) => p.to.name === 'retina').map((p) => p.from.name),
    ).toEqual(['v1', 'v2', 'it']);
    expect(h.orders.prediction.indexOf(1)).toBeLessThan(h.orders.prediction.indexOf(2));
    h.dispose();
  });

  it('builds a purely feedforward hierarchy (no feedback pathways)', () => {
    const spec = smallSpec();
    const h = buildHierarchy({
      ...spec,
      pathways: spec.pathways.filter((p) => p.kind === 'feedforward'),
    });
    expect(h.pathwaysOfKind('feedback')).toHaveLength(0);
    expect(h.recognize(new Float32Array(6).fill(1)).shape).toEqual([1, 3]);
    h.dispose();
  });

  it('rejects inputs of the wrong shape with a clear message', () => {
    const h = buildHierarchy(smallSpec());
    expect(() => h.recognize(new Float32Array(7))).toThrow(
      /7 values is not a whole number of rows of 6/,
    );
    expect(() => h.recognize([[1, 2, 3]])).toThrow(/every row needs 6 values/);
    expect(() => h.settle(new Float32Array(6), { iterations: 0 })).toThrow(/positive whole number/);
    h.dispose();
  });
});
