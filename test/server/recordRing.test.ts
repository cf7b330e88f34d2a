/**
 * The ring of the last minutes (src/server/recording/ring.ts): bounded in time and bytes, and a
 * download of a window starts with the picture at the window's start.
 */
import { describe, expect, it } from 'vitest';
import {
  encodeEventPayload,
  encodeFramePayload,
  encodeRecord,
  RecordKind,
  type RecordingHeader,
} from '../../src/server/recording/format.ts';
import { decodeRecord, parseRecording } from '../../src/server/recording/reader.ts';
import type { SinkEntry } from '../../src/server/recording/recorder.ts';
import { RecordingRing } from '../../src/server/recording/ring.ts';
import { encodeFrame, PROTOCOL_VERSION, type Frame } from '../../src/server/wire.ts';

const header: RecordingHeader = {
  format: 'neocortex-recording',
  protocol: PROTOCOL_VERSION,
  version: 'test',
  backend: 'cpu',
  frameRate: 10,
  topology: { generative: { areas: [] }, classifier: { areas: [] } } as never,
  startedAt: 1_000_000,
  source: 'record',
};

function frame(tick: number): Frame {
  return {
    tick,
    time: 0,
    mode: 'train',
    iteration: 0,
    settleRun: 0,
    label: 1,
    input: new Uint8Array(100).fill(tick % 256),
    prediction: new Uint8Array(100),
    predictionError: new Int8Array(100),
    generative: [{ name: 'z', state: Float32Array.from([tick]), errorRms: 0 }],
    classifier: [],
    classProbabilities: new Float32Array(0),
    freeEnergy: 0,
    latentPoints: [],
    curvePoints: [],
    localLearning: [],
  };
}

const frameEntry = (timeMs: number, tick: number): SinkEntry => {
  const wire = encodeFrame(frame(tick));
  return {
    kind: 'frame',
    timeMs,
    frame: wire,
    bytes: encodeRecord(RecordKind.frame, timeMs, encodeFramePayload(wire)),
  };
};
const eventEntry = (timeMs: number, name: 'state' | 'curve', payload: unknown): SinkEntry => ({
  kind: 'event',
  timeMs,
  name,
  payload,
  bytes: encodeRecord(RecordKind.event, timeMs, encodeEventPayload(name, payload)),
});

describe('the ring of the last minutes', () => {
  it('keeps at most its minutes and its bytes', () => {
    const ring = new RecordingRing(header, { minutes: 1, maxBytes: 1e9 });
    for (let t = 0; t <= 180_000; t += 100) ring.write(frameEntry(t, t / 100));
    expect(ring.heldMs).toBe(60_000);
    const small = new RecordingRing(header, { minutes: 10, maxBytes: 50_000 });
    for (let t = 0; t <= 60_000; t += 100) small.write(frameEntry(t, t / 100));
    expect(small.heldBytes).toBeLessThanOrEqual(50_000);
    expect(small.heldBytes).toBeGreaterThan(50_000 - frameEntry(0, 0).bytes.length);
  });

  it('downloads a window that starts with the picture at its start, timed from it', () => {
    const ring = new RecordingRing(header, { minutes: 5 });
    ring.write(eventEntry(0, 'state', { mode: 'train' }));
    ring.write(eventEntry(0, 'curve', [{ step: 1 }]));
    for (let t = 100; t <= 10_000; t += 100) {
      if (t === 5_000) ring.write(eventEntry(t, 'state', { mode: 'settle' }));
      if (t % 1000 === 0) ring.write(eventEntry(t, 'curve', [{ step: t }]));
      ring.write(frameEntry(t, t / 100));
    }
    // The last 0.1 minute: 6 s from 10 s, so the window starts at 4 s.
    const file = parseRecording(ring.download(10_000, 0.1), 'ring.ncrec');
    expect(file.header).toMatchObject({ source: 'download', startedAt: 1_000_000 + 4_000 });
    const items = file.records.map(decodeRecord);
    const opening = items.filter((i) => i.timeMs === 0);
    // Before 4 s: the state was 'train', five curve points, the frame of tick 39 (3.9 s)...
    expect(opening[0]).toMatchObject({ kind: 'event', name: 'state', payload: { mode: 'train' } });
    expect(opening[1]).toMatchObject({ name: 'curve' });
    expect((opening[1] as { payload: unknown[] }).payload).toHaveLength(4);
    // ...and the frame at 4 s itself, then the window's records timed from 4 s.
    const ticksAtZero = opening.flatMap((i) => (i.kind === 'frame' ? [i.frame.tick] : []));
    expect(ticksAtZero).toEqual([39, 40]);
    const later = items.filter((i) => i.timeMs > 0);
    expect(later[0]).toMatchObject({ kind: 'frame', timeMs: 100 });
    expect(later.find((i) => i.kind === 'event' && i.name === 'state')).toMatchObject({
      timeMs: 1_000,
      payload: { mode: 'settle' },
    });
    expect(file.durationMs).toBe(6_000);
    expect(file.frames).toBe(2 + 60);
  });
});
