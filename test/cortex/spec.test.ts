import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  defaultHierarchySpec,
  parseHierarchySpec,
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
    expect(() =>
      buildHierarchy(withPathways([{ from: 'sensory', to: 'top', kind: 'feedforward' }])),
    ).toThrow(/feedforward pathway goes from an area to the one just above it/);
    expect(() =>
      buildHierarchy(withPathways([{ from: 'sensory', to: 'middle', kind: 'feedback' }])),
    ).toThrow(/feedback pathway goes from an area to the one just below it/);
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
