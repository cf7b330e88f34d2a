import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../web/src/boundedSeries.ts';
import { asFloat32Array, asInt8Array, asUint8Array } from '../../src/server/wire.ts';
import { gridShape } from '../../web/src/gridShape.ts';
import { RunningScale } from '../../web/src/runningScale.ts';
import { sliderFromSpeed, speedFromSlider } from '../../web/src/speedScale.ts';

describe('BoundedSeries', () => {
  it('keeps the newest items in key order, drops repeats, never exceeds its capacity', () => {
    const s = new BoundedSeries<{ id: number }>(3, (p) => p.id);
    expect(s.add([{ id: 1 }, { id: 2 }])).toBe(true);
    expect(s.add([{ id: 2 }, { id: 1 }])).toBe(false); // a late joiner's overlap
    s.add([{ id: 3 }, { id: 4 }, { id: 5 }]);
    expect(s.items.map((p) => p.id)).toEqual([3, 4, 5]);
    for (let i = 6; i < 1000; i++) s.add([{ id: i }]);
    expect(s.length).toBe(3);
  });
});

describe('decoding binary frame fields', () => {
  it('wraps ArrayBuffers and (unaligned) Node Buffers into the protocol typed arrays', () => {
    const floats = Float32Array.from([1.5, -2, 3]);
    expect(Array.from(asFloat32Array(floats.buffer))).toEqual([1.5, -2, 3]);
    const unaligned = Buffer.concat([Buffer.from([9]), Buffer.from(floats.buffer)]).subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(Array.from(asFloat32Array(unaligned))).toEqual([1.5, -2, 3]);
    expect(Array.from(asInt8Array(Int8Array.from([-127, 5]).buffer))).toEqual([-127, 5]);
    const bytes = Uint8Array.from([0, 255]);
    expect(asUint8Array(bytes)).toBe(bytes);
  });

  it('refuses a field that is not binary, naming it', () => {
    expect(() => asUint8Array(undefined, 'input')).toThrow(/input is not binary \(undefined\)/);
    expect(() => asFloat32Array([1, 2], 'classProbabilities')).toThrow(
      /classProbabilities is not binary \(a JSON array\)/,
    );
    expect(() => asFloat32Array(new Uint8Array(6).buffer, 'state')).toThrow(
      /state: 6 bytes is not a whole number of Float32Array elements/,
    );
  });
});

describe('small page helpers', () => {
  it('lays out pictures in their shape and other areas in near-square grids', () => {
    expect(gridShape(784, [28, 28])).toEqual([28, 28]);
    expect(gridShape(20)).toEqual([5, 4]);
    expect(gridShape(128)).toEqual([12, 11]);
    expect(gridShape(1)).toEqual([1, 1]);
  });

  it('maps the speed slider log-scale onto 0.5..120 ticks per second and back', () => {
    expect(speedFromSlider(0)).toBe(0.5);
    expect(speedFromSlider(1)).toBe(120);
    expect(speedFromSlider(sliderFromSpeed(30))).toBe(30);
  });

  it('follows a maximum up at once and down slowly', () => {
    const scale = new RunningScale(0.01, 0.5);
    expect(scale.update(4)).toBe(4);
    expect(scale.update(1)).toBe(2);
    expect(scale.update(Number.NaN)).toBe(1);
  });
});
