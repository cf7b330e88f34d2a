/** The one frame encoder/decoder pair (src/server/wire.ts), as the page and the tests use it. */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type Frame } from '../../src/server/wire.ts';

function frameWith(areas: number): Frame {
  const generative = Array.from({ length: areas }, (_, k) => ({
    name: `a${k}`,
    state: Float32Array.from({ length: k + 2 }, (_, i) => k + i / 10),
    errorRms: k / 2,
  }));
  return {
    tick: 3,
    time: 0,
    mode: 'recognize',
    iteration: 0,
    settleRun: 0,
    label: 1,
    input: Uint8Array.from([0, 255]),
    prediction: Uint8Array.from([1, 2]),
    predictionError: Int8Array.from([-1, 1]),
    generative,
    classifier: [{ name: 'class', state: Float32Array.from([0.5]), errorRms: 0 }],
    classProbabilities: Float32Array.from([1]),
    freeEnergy: 2.5,
    latentPoints: [],
    curvePoints: [],
    localLearning: [],
  };
}

/** A frame through JSON with its binary fields as unaligned Node Buffers, as socket.io-client gives them. */
function overTheWire(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return Buffer.concat([Buffer.from([7]), bytes]).subarray(1);
  }
  if (Array.isArray(value)) return value.map(overTheWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, overTheWire(v)]));
  }
  return value;
}

describe('the wire frame', () => {
  it('has the same six binary fields whatever the depth (socket.io allows ten)', () => {
    const count = (v: unknown): number =>
      ArrayBuffer.isView(v)
        ? 1
        : typeof v === 'object' && v !== null
          ? Object.values(v).reduce<number>((n, x) => n + count(x), 0)
          : 0;
    expect(count(encodeFrame(frameWith(2)))).toBe(6);
    expect(count(encodeFrame(frameWith(12)))).toBe(6);
  });

  it('decodes back to the frame it encoded, from unaligned buffers', () => {
    const frame = frameWith(5);
    const decoded = decodeFrame(overTheWire(encodeFrame(frame)) as ReturnType<typeof encodeFrame>);
    expect(decoded.generative.map((a) => a.name)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    decoded.generative.forEach((area, k) => {
      expect(area.state).toBeInstanceOf(Float32Array);
      expect(Array.from(area.state)).toEqual(Array.from(frame.generative[k]!.state));
      expect(area.errorRms).toBe(k / 2);
    });
    expect(decoded.predictionError).toBeInstanceOf(Int8Array);
    expect(Array.from(decoded.predictionError)).toEqual([-1, 1]);
  });

  it('refuses packed areas whose sizes do not add up, naming the model', () => {
    const wire = encodeFrame(frameWith(3));
    wire.generative.sizes[0] = 99;
    expect(() => decodeFrame(wire)).toThrow(
      /frame field generative: .*for 9 values \(sizes add up to 106\)/,
    );
  });
});

describe('the local-learning traces of a frame', () => {
  const trace = {
    model: 'classifier' as const,
    step: 4,
    areas: [
      { name: 'image', settle: [0, 0], afterUpdate: 0 },
      { name: 'label', settle: [1.6, 1.5], afterUpdate: 1.4 },
    ],
  };

  it('travel as they were made, and an older server’s frame without them has none', () => {
    const frame = { ...frameWith(2), localLearning: [trace] };
    const decoded = decodeFrame(overTheWire(encodeFrame(frame)) as ReturnType<typeof encodeFrame>);
    expect(decoded.localLearning).toEqual([trace]);
    const older: Partial<ReturnType<typeof encodeFrame>> = encodeFrame(frameWith(2));
    delete older.localLearning;
    expect(decodeFrame(older as ReturnType<typeof encodeFrame>).localLearning).toEqual([]);
  });

  it('are refused, naming the field and the area, when malformed', () => {
    const wire = (localLearning: unknown) =>
      ({ ...encodeFrame(frameWith(2)), localLearning }) as ReturnType<typeof encodeFrame>;
    expect(() => decodeFrame(wire(5))).toThrow(
      'frame field localLearning: expected a list, got number',
    );
    expect(() => decodeFrame(wire([{ model: 'pcn', step: 1 }]))).toThrow(
      'frame field localLearning: a trace has no list of areas',
    );
    const bad = { ...trace, areas: [{ name: 'h1', settle: ['x'], afterUpdate: 1 }] };
    expect(() => decodeFrame(wire([bad]))).toThrow(
      'frame field localLearning: area "h1" needs a name, settle numbers and afterUpdate',
    );
  });
});
