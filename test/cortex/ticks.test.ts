import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  tickPhases,
  type ActivitySnapshot,
  type PhaseEvent,
} from '../../src/cortex/index.ts';
import { binaryInput, smallSpec } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ticks', () => {
  it('run their named phases in the documented order', () => {
    const h = buildHierarchy(smallSpec());
    const events: PhaseEvent[] = [];
    h.phase$.subscribe((e) => events.push(e));
    const x = binaryInput(1, 6, 1);
    h.recognize(x);
    h.generate(undefined, { seed: 1 });
    h.settle(x, { iterations: 2 });
    // The caller keeps its own tensors: areas hold clones.
    expect(x.isDisposed).toBe(false);
    const byTick = new Map<number, string[]>();
    for (const e of events)
      byTick.set(e.tick, [...(byTick.get(e.tick) ?? []), `${e.mode}:${e.phase}`]);
    const expected = [
      tickPhases.recognize.map((p) => `recognize:${p}`),
      tickPhases.generate.map((p) => `generate:${p}`),
      tickPhases.recognize.map((p) => `recognize:${p}`),
      tickPhases.settle.map((p) => `settle:${p}`),
      tickPhases.settle.map((p) => `settle:${p}`),
    ];
    expect([...byTick.values()]).toEqual(expected);
    expect([...byTick.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(tickPhases.settle).toEqual([
      'predict',
      'compare',
      'propagateErrors',
      'update',
      'record',
    ]);
    h.dispose();
  });

  it('do not depend on the order in which pathways subscribe', () => {
    const spec = smallSpec(6);
    const forward = buildHierarchy(spec);
    const reversed = buildHierarchy({ ...spec, pathways: [...spec.pathways].reverse() });
    const x = binaryInput(3, 6, 9);
    const a = forward.settle(x, { iterations: 10 }).freeEnergy;
    const b = reversed.settle(x, { iterations: 10 }).freeEnergy;
    expect(b).toEqual(a);
    expect(Array.from(reversed.readState('top'))).toEqual(Array.from(forward.readState('top')));
    forward.dispose();
    reversed.dispose();
  });

  it('dispose frees everything a hierarchy built and ran', () => {
    const x = binaryInput(2, 6, 1);
    const before = tf.memory().numTensors;
    const h = buildHierarchy(smallSpec());
    h.settle(x, { iterations: 3 });
    h.clamp('top', [1, 2, 3]);
    h.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('free every tensor they make: 10,000 ticks keep tf.memory() flat', () => {
    const h = buildHierarchy(smallSpec());
    const x = binaryInput(2, 6, 1);
    let snapshots = 0;
    const subscription = h.activity$.subscribe(() => snapshots++);
    h.settle(x, { iterations: 2 });
    const before = tf.memory();
    for (let i = 0; i < 200; i++) h.settle(x, { iterations: 49 }); // 200 × (1 + 49) ticks
    h.generate(undefined, { seed: 3 });
    h.recognize(x);
    // End as the measurement began: settled, holding each image's settle step.
    h.settle(x, { iterations: 2 });
    const after = tf.memory();
    expect(h.clock.tick).toBeGreaterThanOrEqual(10_000);
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(snapshots).toBeGreaterThan(10_000);
    subscription.unsubscribe();
    h.dispose();
  });
});

describe('activity$', () => {
  it('carries copies with the values and statistics of each area', () => {
    const h = buildHierarchy({ ...smallSpec(), snapshotMaxValues: 4 });
    const seen: ActivitySnapshot[] = [];
    h.activity$.subscribe((s) => seen.push(s));
    const x = binaryInput(2, 6, 4);
    h.settle(x, { iterations: 1 });
    const tick = seen.at(-1)!.tick;
    const last = seen.filter((s) => s.tick === tick);
    expect(last.map((s) => `${s.area}/${s.kind}`)).toEqual([
      'sensory/state',
      'sensory/prediction',
      'sensory/predictionError',
      'middle/state',
      'middle/prediction',
      'middle/predictionError',
      'top/state',
      'top/predictionError',
    ]);
    // Sensory (6 values) is averaged down to 3 values of stride 2; middle (5) to 3 of stride 2.
    const sensory = last[0]!;
    const input = x.dataSync();
    expect(sensory.size).toBe(6);
    expect(sensory.stride).toBe(2);
    expect(Array.from(sensory.values)).toEqual([
      (input[0]! + input[1]!) / 2,
      (input[2]! + input[3]!) / 2,
      (input[4]! + input[5]!) / 2,
    ]);
    const top = last.find((s) => s.area === 'top' && s.kind === 'state')!;
    const topState = h.readState('top');
    expect(top.stride).toBe(1);
    expect(Array.from(top.values)).toEqual(Array.from(topState.subarray(0, 3)));
    const rms = Math.sqrt(topState.reduce((sum, v) => sum + v * v, 0) / topState.length);
    expect(top.stats.rms).toBeCloseTo(rms, 5);
    // A snapshot is a copy: later ticks leave it alone.
    const kept = Array.from(top.values);
    h.settle(binaryInput(2, 6, 5), { iterations: 3 });
    expect(Array.from(top.values)).toEqual(kept);
    h.dispose();
  });

  it('reports free energy on tick$ for settle ticks', () => {
    const h = buildHierarchy(smallSpec());
    const energies: number[] = [];
    h.tick$.subscribe((t) => {
      if (t.freeEnergy !== undefined) energies.push(t.freeEnergy);
    });
    const { freeEnergy } = h.settle(binaryInput(1, 6, 2), { iterations: 4 });
    expect(energies).toEqual(freeEnergy);
    h.dispose();
  });
});
