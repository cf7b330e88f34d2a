import { describe, expect, it, vi } from 'vitest';
import { CurveAccumulator } from '../../src/sim/session/training/curves.ts';
import {
  displaySizeOf,
  displayValues,
  softmax,
  toIntensityBytes,
  toSignedBytes,
} from '../../src/sim/session/frameEncoding.ts';
import { LatentProjection } from '../../src/sim/session/latentProjection.ts';
import { occlude } from '../../src/sim/session/occlusion.ts';
import { createRng } from '../../src/random/rng.ts';
import { TickRunner } from '../../src/sim/session/tickRunner.ts';
import { liveFacet } from '../../src/sim/session/liveSlots.ts';
import { isNeocortexError } from '../../src/errors.ts';

describe('frame encodings', () => {
  it('turn intensities and errors into bytes, clipped', () => {
    expect(Array.from(toIntensityBytes([-0.5, 0, 0.5, 1, 2]))).toEqual([0, 0, 128, 255, 255]);
    expect(Array.from(toSignedBytes([-2, -1, -0.5, 0, 0.5, 3]))).toEqual([
      -127, -127, -64, 0, 64, 127,
    ]);
  });

  it('average large areas down but keep pictures whole', () => {
    const row = Float32Array.from({ length: 10 }, (_, i) => i);
    expect(displaySizeOf(10, 4, false)).toBe(4);
    expect(Array.from(displayValues(row, 4, false))).toEqual([1, 4, 7, 9]);
    expect(displaySizeOf(10, 4, true)).toBe(10);
    expect(displayValues(row, 4, true)).toEqual(row);
  });

  it('softmax sums to one and is stable for large logits', () => {
    const p = softmax([1000, 1000, 999]);
    expect(p[0]).toBeCloseTo(p[1]!, 6);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
  });
});

describe('occlude', () => {
  it('zeroes the rectangle, clipped to the image, and leaves the rest', () => {
    const pixels = new Float32Array(16).fill(1);
    const out = occlude(pixels, 4, 4, { x: 2, y: 1, width: 5, height: 2 });
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1]);
    expect(pixels.every((v) => v === 1)).toBe(true);
  });
});

describe('CurveAccumulator', () => {
  it('averages every n steps into one point', () => {
    const c = new CurveAccumulator(2);
    const step = (negElbo: number, accuracy: number) => ({
      negElbo,
      reconstruction: negElbo - 1,
      kl: 1,
      accuracy,
      crossEntropy: 0,
    });
    expect(c.add(step(10, 0.5), 1, 1)).toBeUndefined();
    expect(c.add(step(20, 1), 2, 1)).toEqual({
      step: 2,
      epoch: 1,
      negElbo: 15,
      reconstruction: 14,
      kl: 1,
      accuracy: 0.75,
    });
    expect(c.add(step(30, 0), 3, 2)).toBeUndefined();
  });
});

describe('LatentProjection', () => {
  it('learns the two leading principal directions online', () => {
    const size = 6;
    const rng = createRng(2);
    // Variance 9 along unit 3, 4 along unit 0, 0.25 elsewhere, mean 2 everywhere.
    const sd = [2, 0.5, 0.5, 3, 0.5, 0.5];
    const p = new LatentProjection(size, 1);
    for (let i = 0; i < 4000; i++) {
      p.observe(sd.map((s) => 2 + s * rng.normal()));
    }
    const [a, b] = p.directions;
    expect(Math.abs(a[3]!)).toBeGreaterThan(0.95);
    expect(Math.abs(b[0]!)).toBeGreaterThan(0.9);
    // Coordinates are centred: the mean projects near the origin.
    const [x, y] = p.project([2, 2, 2, 2, 2, 2]);
    expect(Math.hypot(x, y)).toBeLessThan(0.3);
  });
});

describe('TickRunner', () => {
  it('steps only while paused, plays at its speed and stops on pause', async () => {
    vi.useFakeTimers();
    try {
      let ticks = 0;
      const r = new TickRunner(() => void (ticks += 1), { speed: 10, playing: false });
      expect(r.step()).toBe(true);
      expect(ticks).toBe(1);
      r.play();
      expect(r.step()).toBe(false);
      await vi.advanceTimersByTimeAsync(1000);
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect(ticks).toBeLessThanOrEqual(12);
      r.pause();
      const paused = ticks;
      await vi.advanceTimersByTimeAsync(1000);
      expect(ticks).toBe(paused);
      r.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('pauses and reports when a tick throws', () => {
    const errors: unknown[] = [];
    const r = new TickRunner(
      () => {
        throw new Error('boom');
      },
      { speed: 5, playing: false, onError: (e) => errors.push(e) },
    );
    expect(r.step()).toBe(false);
    expect(r.playing).toBe(false);
    expect(String(errors[0])).toMatch(/boom/);
  });
});

describe('liveFacet', () => {
  it('refuses a kind this thread does not know as a spec mistake, naming the kinds it runs', () => {
    let error: unknown;
    try {
      liveFacet('generative', 'mykind');
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /^no generative kind "mykind" in a live session \(it runs "pcvae" \(the default\) or "pcgen"\); .*register it from a module \(--plugin FILE/,
    );
    expect(liveFacet('classifier', 'pcn').kind).toBe('pcn');
  });
});
