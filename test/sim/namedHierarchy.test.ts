/**
 * Any hierarchy live: a session whose predictive-coding VAE has three
 * stochastic areas named by the user (retina / v1 / v2 / it) describes that
 * hierarchy in `hello`'s topology and fills every area in every mode; the
 * clamp acts on the top area.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { ControlError, Session } from '../../src/sim/session/index.ts';
import type { Frame, SessionMode } from '../../src/sim/session/index.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

const names = ['retina', 'v1', 'v2', 'it'];
const generative = {
  areas: [
    { name: 'retina', size: 784 },
    { name: 'v1', size: 10, hidden: 24 },
    { name: 'v2', size: 6, hidden: 12 },
    { name: 'it', size: 3, hidden: 12 },
  ] as [{ name: string; size: number }, ...{ name: string; size: number; hidden: number }[]],
};
let s: Session;

beforeAll(async () => {
  await initBackend('wasm');
  s = new Session(parseSessionSpec(tinySpec({ generative, maxDisplayValues: 8 })), tinyData());
});
afterAll(async () => {
  await s.dispose();
});

describe('a session on a named three-level hierarchy', () => {
  it("describes the built hierarchy: every area with the user's name, its kind and size; every pathway", () => {
    const t = s.topology;
    expect(t.generative.areas.map((a) => [a.name, a.kind, a.size, a.displaySize])).toEqual([
      ['retina', 'sensory', 784, 784],
      ['v1', 'stochastic', 10, 5],
      ['v2', 'stochastic', 6, 6],
      ['it', 'stochastic', 3, 3],
    ]);
    expect(t.generative.areas[0]!.shape).toEqual([28, 28]);
    expect(t.generative.pathways.map((p) => `${p.from}>${p.to}:${p.kind}`).sort()).toEqual(
      [
        'retina>v1:feedforward',
        'v1>retina:feedback',
        'v1>v2:feedforward',
        'v2>v1:feedback',
        'v2>it:feedforward',
        'it>v2:feedback',
      ].sort(),
    );
    // One clamp slider per unit of the top area, it.
    expect(t.latentSize).toBe(3);
    expect(s.state.clamp).toEqual([null, null, null]);
  });

  const modes: SessionMode[] = ['train', 'recognize', 'generate', 'settle'];
  it.each(modes)('fills every area of the hierarchy in %s mode', (mode) => {
    s.setMode(mode);
    let frame: Frame | undefined;
    for (let i = 0; i < 3; i++) frame = s.tick();
    expect(frame!.mode).toBe(mode);
    expect(frame!.generative.map((a) => a.name)).toEqual(names);
    expect(frame!.generative.map((a) => a.state.length)).toEqual([784, 5, 6, 3]);
    for (const area of frame!.generative) {
      expect(area.state.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(area.errorRms)).toBe(true);
    }
    // Latent areas carry activity, not zeros.
    for (const area of frame!.generative.slice(1)) {
      expect(area.state.some((v) => v !== 0)).toBe(true);
    }
    expect(frame!.prediction).toHaveLength(784);
    expect(Number.isFinite(frame!.freeEnergy)).toBe(true);
  });

  it('settle mode moves the middle areas, not only the top', () => {
    s.setMode('settle');
    s.nextInput();
    const first = s.tick();
    const later = [1, 2, 3].map(() => s.tick()).at(-1)!;
    expect(later.iteration).toBe(first.iteration + 3);
    const moved = (k: number) =>
      first.generative[k]!.state.some((v, i) => v !== later.generative[k]!.state[i]);
    expect(moved(1) && moved(2) && moved(3)).toBe(true);
  });

  it('generate mode holds clamped top units and dreams the rest down', () => {
    s.setMode('generate');
    s.setClamp([2, null, -1.5]);
    const a = s.tick();
    const b = s.tick();
    for (const f of [a, b]) {
      const top = f.generative[3]!.state;
      expect(top[0]).toBeCloseTo(2, 5);
      expect(top[2]).toBeCloseTo(-1.5, 5);
    }
    // The free unit is drawn afresh each dream, so the dreams differ.
    expect(a.generative[3]!.state[1]).not.toBe(b.generative[3]!.state[1]);
    expect(() => s.setClamp([1, 2])).toThrow(ControlError);
    expect(() => s.setClamp([1, 2])).toThrow(/one per unit of the top area it/);
    s.setClamp([null, null, null]);
  });

  it('recognize mode with the top fully clamped predicts the same image whatever the input', () => {
    s.setMode('recognize');
    s.setClamp([1, -1, 0.5]);
    const a = s.tick();
    s.nextInput();
    const b = s.tick();
    expect(Array.from(a.input)).not.toEqual(Array.from(b.input));
    expect(Array.from(a.prediction)).toEqual(Array.from(b.prediction));
    s.setClamp([null, null, null]);
  });

  it('keeps the number of tensors flat in every mode', () => {
    // Measure where the loop ends: settling, which holds each image's settle step.
    s.setMode('settle');
    s.tick();
    const before = tf.memory().numTensors;
    for (const mode of modes) {
      s.setMode(mode);
      for (let i = 0; i < 30; i++) s.tick();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a generative spec that does not fit', () => {
  it('refuses a sensory area other than the data set image, naming both', () => {
    expect(
      () =>
        new Session(
          parseSessionSpec(
            tinySpec({ generative: { areas: [{ size: 100 }, { name: 'z1', size: 4 }] } }),
          ),
          tinyData(),
        ),
    ).toThrow(/generative.areas\[0\].size is 100 but the data set's images have 784 pixels/);
  });

  it('refuses an area name used twice, naming the field', () => {
    expect(
      () =>
        new Session(
          parseSessionSpec(
            tinySpec({
              generative: {
                areas: [
                  { name: 'retina', size: 784 },
                  { name: 'v1', size: 4 },
                  { name: 'v1', size: 2 },
                ],
              },
            }),
          ),
          tinyData(),
        ),
    ).toThrow(/generative.areas\[2\].name: "v1" is already the name of areas\[1\]/);
  });
});
