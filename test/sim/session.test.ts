import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { Frame } from '../../src/server/wire.ts';
import { ControlError, Session } from '../../src/sim/session/index.ts';
import { SETTLE_HOLD_TICKS } from '../../src/sim/session/modes/settle.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const sessions: Session[] = [];
function session(overrides = {}): Session {
  const s = new Session(parseSessionSpec(tinySpec(overrides)), tinyData());
  sessions.push(s);
  return s;
}
afterEach(() => {
  while (sessions.length > 0) sessions.pop()!.dispose();
});

/** The tensor kernels (model computation) `ticks` ticks of `s` run, and their frames. */
async function profileTicks(
  s: Session,
  ticks: number,
): Promise<{ kernels: number; frames: Frame[] }> {
  const frames: Frame[] = [];
  const info = await tf.profile(() => {
    for (let i = 0; i < ticks; i++) frames.push(s.tick());
  });
  return { kernels: info.kernels.length, frames };
}

/** A frame without its wall-clock time, with typed arrays as plain lists. */
function comparable(frame: Frame): unknown {
  return JSON.parse(
    JSON.stringify({ ...frame, time: 0 }, (_k, v: unknown) =>
      ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v,
    ),
  );
}

describe('Session', () => {
  it('describes both models and their sizes in its topology', () => {
    const s = session({ maxDisplayValues: 5, classifierHidden: [12] });
    const t = s.topology;
    expect(t.latentSize).toBe(4);
    expect(t.imageShape).toEqual([28, 28]);
    expect(t.generative.areas.map((a) => [a.name, a.size, a.displaySize])).toEqual([
      ['sensory', 784, 784],
      ['z1', 4, 4],
    ]);
    expect(t.generative.pathways.map((p) => p.kind).sort()).toEqual(['feedback', 'feedforward']);
    // 12 units averaged in blocks of 3 to at most 5 values: 4.
    expect(t.classifier.areas.map((a) => [a.name, a.displaySize])).toEqual([
      ['sensory', 784],
      ['h1', 4],
      ['class', 5],
    ]);
    expect(t.classifier.classes).toEqual(tinyData().train.classNames);
    expect(t.classifier.pathways.every((p) => p.kind === 'feedforward')).toBe(true);
  });

  it('shows the test images in a seeded shuffled order, so a class-sorted test set mixes at once', () => {
    const data = tinyData();
    const n = data.test.height * data.test.width;
    const order = Array.from(data.test.labels.subarray(0, data.test.count).keys()).sort(
      (a, b) => data.test.labels[a]! - data.test.labels[b]!,
    );
    const images = new Float32Array(order.length * n);
    order.forEach((i, k) => images.set(data.test.images.subarray(i * n, (i + 1) * n), k * n));
    const labels = Uint8Array.from(order.map((i) => data.test.labels[i]!));
    const sorted = { ...data, test: { ...data.test, images, labels } };
    const shown = (seed: number) => {
      const s = new Session(parseSessionSpec(tinySpec({ mode: 'recognize', seed })), sorted);
      sessions.push(s);
      return Array.from({ length: 10 }, () => {
        s.nextInput();
        return s.tick().label;
      });
    };
    const first = shown(1);
    expect(new Set(first).size).toBeGreaterThanOrEqual(3);
    expect(shown(1)).toEqual(first);
    expect(shown(2)).not.toEqual(first);
  });

  it('train ticks step both models and fill the training curves and the latent view', () => {
    const s = session();
    const frames = Array.from({ length: 8 }, () => s.tick());
    expect(frames.map((f) => f.tick)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const curve = s.history.curve.toArray();
    expect(curve.map((p) => p.step)).toEqual([2, 4, 6, 8]);
    for (const p of curve) {
      expect(p.negElbo).toBeCloseTo(p.reconstruction + p.kl, 3);
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
    }
    // A new displayed image every 2 ticks, each with 2 extra test images: 4 x 3 points.
    expect(s.history.latent.size).toBe(12);
    const f = frames.at(-1)!;
    expect(f.input).toBeInstanceOf(Uint8Array);
    expect(f.input.length).toBe(784);
    expect(f.prediction.length).toBe(784);
    expect(f.predictionError).toBeInstanceOf(Int8Array);
    expect(f.classProbabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(f.generative[1]!.state).toBeInstanceOf(Float32Array);
    expect(Number.isFinite(f.freeEnergy)).toBe(true);
  });

  it('training lowers the -ELBO', () => {
    const s = session({
      curveEvery: 10,
      generative: { areas: [{ size: 784 }, { name: 'z1', size: 4, hidden: 32 }] },
      batchSize: 16,
    });
    for (let i = 0; i < 200; i++) s.tick();
    const curve = s.history.curve.toArray();
    expect(curve.at(-1)!.negElbo).toBeLessThan(curve[0]!.negElbo - 50);
    expect(s.state.epoch).toBeGreaterThan(1);
  });

  it('gives the same frames for the same seed, and others for another', () => {
    const run = (seed: number): unknown[] => {
      const s = session({ seed });
      const out: unknown[] = [];
      for (const mode of ['train', 'recognize', 'generate', 'settle'] as const) {
        s.setMode(mode);
        for (let i = 0; i < 4; i++) out.push(comparable(s.tick()));
      }
      return out;
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
  });

  it('keeps the number of tensors flat over thousands of ticks in every mode', () => {
    const s = session();
    s.setClamp([0.5, null, null, null]);
    s.setOcclusion({ x: 0, y: 0, width: 10, height: 10 });
    const modes = ['train', 'recognize', 'generate', 'settle'] as const;
    for (const mode of modes) {
      s.setMode(mode);
      s.tick();
    }
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2000; i++) {
      if (i % 100 === 0) s.setMode(modes[(i / 100) % 4]!);
      if (i % 250 === 0) s.lesionFeedback(i % 500 === 0);
      s.tick();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('generate mode dreams from the prior, holding clamped units', () => {
    const s = session({ mode: 'generate' });
    s.setClamp([1.5, null, -2, null]);
    const f = s.tick();
    expect(f.mode).toBe('generate');
    expect(f.input.length).toBe(0);
    expect(f.predictionError.length).toBe(0);
    expect(f.classProbabilities.length).toBe(0);
    expect(f.label).toBe(-1);
    const top = f.generative[1]!.state;
    expect(top[0]).toBeCloseTo(1.5, 6);
    expect(top[2]).toBeCloseTo(-2, 6);
    const next = s.tick().generative[1]!.state;
    expect(next[0]).toBeCloseTo(1.5, 6);
    expect(next[1]).not.toBe(top[1]);
    let prior = 0;
    for (const v of top) prior += 0.5 * v * v;
    expect(f.freeEnergy).toBeCloseTo(prior, 4);
  });

  it('settle mode lowers the free energy one iteration a tick and restarts on a new input', () => {
    const s = session({ settleIterations: 8, settleStep: 0.01 });
    for (let i = 0; i < 60; i++) s.tick();
    s.setMode('settle');
    const frames = Array.from({ length: 8 }, () => s.tick());
    expect(frames.map((f) => f.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const energies = frames.map((f) => f.freeEnergy);
    for (let i = 1; i < energies.length; i++) {
      expect(energies[i]!).toBeLessThanOrEqual(energies[i - 1]! + 1e-3);
    }
    expect(energies.at(-1)!).toBeLessThan(energies[0]!);
    // Held at the last iteration, then a new input starts again at 1, in a new run.
    expect(frames.every((f) => f.settleRun === frames[0]!.settleRun)).toBe(true);
    const held = s.tick();
    expect([held.iteration, held.settleRun]).toEqual([8, frames[0]!.settleRun]);
    s.nextInput();
    const next = s.tick();
    expect([next.iteration, next.settleRun]).toEqual([1, held.settleRun + 1]);
    // A lesion restarts the run too: iteration 1 again, its own number (the page starts a trace).
    s.lesionFeedback(true);
    const lesioned = s.tick();
    expect([lesioned.iteration, lesioned.settleRun]).toEqual([1, next.settleRun + 1]);
    s.setMode('recognize');
    expect(s.tick().settleRun).toBe(0);
  });

  it('settle mode never shows the free energy rising, even with a far too large step', () => {
    const s = session({ settleIterations: 12, settleStep: 5 });
    for (let i = 0; i < 60; i++) s.tick();
    s.setMode('settle');
    for (let input = 0; input < 4; input++) {
      const frames = Array.from({ length: 12 }, () => s.tick());
      expect(frames.map((f) => f.iteration)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const energies = frames.map((f) => f.freeEnergy);
      for (let i = 1; i < energies.length; i++) {
        expect(energies[i]!).toBeLessThanOrEqual(energies[i - 1]!);
      }
      expect(energies.at(-1)!).toBeLessThan(energies[0]!);
      s.nextInput();
    }
  });

  it('settle mode with auto-advance holds a finished run, then restarts from a recognition sweep on the next image', () => {
    const s = session({
      settleIterations: 4,
      settleStep: 0.01,
      mode: 'settle',
      settleAutoAdvance: true,
    });
    const run = Array.from({ length: 4 }, () => s.tick());
    const held = Array.from({ length: 20 }, () => s.tick());
    expect(held).toHaveLength(SETTLE_HOLD_TICKS);
    expect(held.every((f) => f.iteration === 4 && f.freeEnergy === run[3]!.freeEnergy)).toBe(true);
    const next = s.tick();
    expect(next.iteration).toBe(1);
    expect(Array.from(next.input)).not.toEqual(Array.from(run[0]!.input));
    // The same image again from the start gives the same first iteration: a fresh sweep.
    const again = session({ settleIterations: 4, settleStep: 0.01, mode: 'settle' });
    expect(again.tick().freeEnergy).toBe(run[0]!.freeEnergy);
  });

  it('settle mode without auto-advance (the default) stays on the settled input, without settling it again', async () => {
    const s = session({ settleIterations: 4, settleStep: 0.01, mode: 'settle' });
    expect(s.state.settleAutoAdvance).toBe(false);
    expect(s.state.settleIterations).toBe(4);
    const running = await profileTicks(s, 4);
    const run = running.frames;
    expect(running.kernels).toBeGreaterThan(0);
    // Ten times the auto-advance hold: the same input, the last iteration, the same numbers,
    // and no model computation at all (held, not settled again).
    const holding = await profileTicks(s, 10 * SETTLE_HOLD_TICKS);
    const held = holding.frames;
    expect(holding.kernels).toBe(0);
    const last = comparable({ ...run[3]!, tick: 0 });
    for (const frame of held) {
      expect(frame.iteration).toBe(4);
      expect(comparable({ ...frame, tick: 0 })).toEqual(last);
    }
    // The user moves on: a new input, settled from its first iteration.
    s.nextInput();
    const moved = await profileTicks(s, 1);
    const next = moved.frames[0]!;
    expect(next.iteration).toBe(1);
    expect(Array.from(next.input)).not.toEqual(Array.from(run[0]!.input));
    expect(moved.kernels).toBeGreaterThan(0);
  });

  it('the auto-advance control switches settle mode between staying and moving on, and says so in its state', () => {
    const s = session({ settleIterations: 3, settleStep: 0.01, mode: 'settle' });
    const states: boolean[] = [];
    const sub = s.state$.subscribe((st) => states.push(st.settleAutoAdvance));
    const first = s.tick();
    for (let i = 0; i < 3 * SETTLE_HOLD_TICKS; i++) s.tick();
    expect(Array.from(s.tick().input)).toEqual(Array.from(first.input));
    s.setSettleAutoAdvance(true);
    expect(s.state.settleAutoAdvance).toBe(true);
    // The run was held long enough already: the next tick moves on.
    const moved = s.tick();
    expect(moved.iteration).toBe(1);
    expect(Array.from(moved.input)).not.toEqual(Array.from(first.input));
    // Off again: this input's run finishes and stays.
    s.setSettleAutoAdvance(false);
    for (let i = 0; i < 3 * SETTLE_HOLD_TICKS; i++) s.tick();
    const stayed = s.tick();
    expect(stayed.iteration).toBe(3);
    expect(Array.from(stayed.input)).toEqual(Array.from(moved.input));
    sub.unsubscribe();
    expect(states).toEqual([false, true, false]);
  });

  it('a spec can start settle mode with auto-advance on', () => {
    const s = session({ settleIterations: 2, mode: 'settle', settleAutoAdvance: true });
    expect(s.state.settleAutoAdvance).toBe(true);
    const first = s.tick();
    const frames = Array.from({ length: 2 + SETTLE_HOLD_TICKS }, () => s.tick());
    expect(frames.at(-1)!.iteration).toBe(1);
    expect(Array.from(frames.at(-1)!.input)).not.toEqual(Array.from(first.input));
    expect(() => session({ settleAutoAdvance: 'yes' })).toThrow(/settleAutoAdvance/);
  });

  it('a drawn input stays in settle mode even with auto-advance on', () => {
    const s = session({ settleIterations: 2, mode: 'settle', settleAutoAdvance: true });
    const pixels = new Array<number>(784).fill(0).map((_, i) => (i % 28 === 10 ? 1 : 0));
    s.setInput(pixels);
    const frames = Array.from({ length: 4 * SETTLE_HOLD_TICKS }, () => s.tick());
    expect(frames.map((f) => f.iteration).slice(0, 3)).toEqual([1, 2, 2]);
    expect(frames.every((f) => f.label === -1 && f.input[10] === 255)).toBe(true);
    expect(frames.at(-1)!.iteration).toBe(2);
  });

  it('refuses an auto-advance value that is not a boolean, naming it, and changes nothing', () => {
    const s = session({ settleIterations: 2, mode: 'settle' });
    const states: unknown[] = [];
    const sub = s.state$.subscribe((st) => states.push(st));
    const before = s.state;
    for (const bad of ['yes', 1, null, undefined, {}]) {
      expect(() => s.setSettleAutoAdvance(bad as unknown as boolean)).toThrow(ControlError);
    }
    expect(() => s.setSettleAutoAdvance('true' as unknown as boolean)).toThrow(
      'settle auto-advance: expected true or false, got "true" (string)',
    );
    expect(s.state).toEqual(before);
    expect(states).toHaveLength(1); // only the state on subscribing: nothing was published
    sub.unsubscribe();
    // And it still stays on the input, as before.
    const first = s.tick();
    for (let i = 0; i < 2 * SETTLE_HOLD_TICKS; i++) s.tick();
    expect(Array.from(s.tick().input)).toEqual(Array.from(first.input));
  });

  it('occlusion hides a rectangle of the input from both models', () => {
    const s = session({ mode: 'recognize' });
    const whole = s.tick();
    s.setOcclusion({ x: 4, y: 6, width: 20, height: 10 });
    const hidden = s.tick();
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const i = y * 28 + x;
        const inside = x >= 4 && x < 24 && y >= 6 && y < 16;
        expect(hidden.input[i]).toBe(inside ? 0 : whole.input[i]);
      }
    }
    expect(Array.from(hidden.classifier[0]!.state)).toEqual(
      Array.from(hidden.input, (v) => v / 255),
    );
    expect(s.state.occlusion).toEqual({ x: 4, y: 6, width: 20, height: 10 });
  });

  it('a drawn input is shown, with no label, until next-input', () => {
    const s = session({ mode: 'recognize' });
    const pixels = new Array<number>(784).fill(0).map((_, i) => (i % 28 === 14 ? 1 : 0));
    s.setInput(pixels);
    const f = s.tick();
    expect(f.label).toBe(-1);
    expect(Array.from(f.input)).toEqual(pixels.map((v) => v * 255));
    expect(s.state.inputSource).toBe('drawn');
    s.nextInput();
    expect(s.tick().label).toBeGreaterThanOrEqual(0);
    expect(() => s.setInput([1, 2, 3])).toThrow(ControlError);
  });

  it('lesioning the feedback pathways leaves the prediction at the prior, whatever the input', () => {
    const s = session({ mode: 'recognize' });
    for (let i = 0; i < 3; i++) s.tick();
    s.lesionFeedback(true);
    const a = s.tick();
    s.nextInput();
    const b = s.tick();
    expect(Array.from(a.input)).not.toEqual(Array.from(b.input));
    expect(Array.from(a.prediction)).toEqual(Array.from(b.prediction));
    s.lesionFeedback(false);
    const c = s.tick();
    expect(Array.from(c.prediction)).not.toEqual(Array.from(b.prediction));
    expect(s.state.feedbackLesioned).toBe(false);
  });

  it('clamping a top unit changes the recognised prediction', () => {
    const s = session({ mode: 'recognize' });
    const free = s.tick();
    s.setClamp([3, null, null, null]);
    const clamped = s.tick();
    expect(clamped.generative[1]!.state[0]).toBeCloseTo(3, 6);
    expect(Array.from(clamped.prediction)).not.toEqual(Array.from(free.prediction));
    expect(() => s.setClamp([1])).toThrow(/expected 4 values/);
  });

  it('publishes its state on every change', () => {
    const s = session();
    const seen: string[] = [];
    const sub = s.state$.subscribe((st) => seen.push(`${st.mode}:${st.playing}`));
    s.setMode('generate');
    s.play();
    s.pause();
    sub.unsubscribe();
    expect(seen).toEqual(['train:false', 'generate:false', 'generate:true', 'generate:false']);
  });
});
