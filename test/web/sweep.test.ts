import { describe, expect, it } from 'vitest';
import type { Lane } from '../../web/src/diagramLayout.ts';
import { LEG_MS, planSweep, sweepDuration } from '../../web/src/sweep.ts';

const lane = (model: Lane['model'], kind: Lane['kind'], level: number): Lane => ({
  id: `${model}:${kind}:${level}`,
  model,
  kind,
  from: 'a',
  to: 'b',
  x: 0,
  y1: 0,
  y2: 0,
  level,
});

const lanes: Lane[] = [
  lane('generative', 'feedforward', 0),
  lane('generative', 'feedforward', 1),
  lane('generative', 'feedback', 0),
  lane('generative', 'feedback', 1),
  lane('generative', 'error', 0),
  lane('generative', 'error', 1),
  lane('classifier', 'feedforward', 0),
];

const kinds = (plans: ReturnType<typeof planSweep>) =>
  plans.map((p) => `${p.lane.model}:${p.lane.kind}:${p.lane.level}@${p.delay / LEG_MS}`);

describe('planSweep', () => {
  it('recognize: up the feedforward lanes bottom first, then down the feedback lanes top first', () => {
    expect(kinds(planSweep(lanes, 'recognize', false, () => 1))).toEqual([
      'generative:feedforward:0@0',
      'generative:feedforward:1@1',
      'generative:feedback:0@3',
      'generative:feedback:1@2',
      'classifier:feedforward:0@0',
    ]);
  });

  it('generate: feedback only; settle: predictions down then errors up', () => {
    expect(kinds(planSweep(lanes, 'generate', false, () => 1))).toEqual([
      'generative:feedback:0@1',
      'generative:feedback:1@0',
    ]);
    expect(kinds(planSweep(lanes, 'settle', false, () => 0.5))).toEqual([
      'generative:feedback:0@1',
      'generative:feedback:1@0',
      'generative:error:0@2',
      'generative:error:1@3',
    ]);
  });

  it('a lesion silences the feedback lanes; the sweep lasts until its last pulse arrives', () => {
    const plans = planSweep(lanes, 'settle', true, () => 0.5);
    expect(plans.every((p) => p.lane.kind !== 'feedback')).toBe(true);
    expect(plans.every((p) => p.strength === 0.5)).toBe(true);
    expect(sweepDuration(plans)).toBe(2 * LEG_MS);
    expect(planSweep(lanes, 'generate', true, () => 1)).toEqual([]);
  });
});
