/** The recording format (src/server/recording/format.ts, reader.ts): round trip, cuts, refusals. */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import {
  encodeEventPayload,
  encodeFramePayload,
  encodeHeader,
  encodeRecord,
  PREAMBLE_BYTES,
  RecordKind,
  type RecordingHeader,
} from '../../src/server/recording/format.ts';
import { decodeRecord, parseRecording } from '../../src/server/recording/reader.ts';
import { encodeFrame, PROTOCOL_VERSION, type Frame } from '../../src/server/wire.ts';

const header: RecordingHeader = {
  format: 'neocortex-recording',
  protocol: PROTOCOL_VERSION,
  version: '0.0.0-test',
  backend: 'cpu',
  frameRate: 30,
  topology: { generative: { areas: [] }, classifier: { areas: [] } } as never,
  startedAt: 1_700_000_000_000,
  source: 'record',
};

function frame(tick: number): Frame {
  return {
    tick,
    time: 1000 + tick,
    mode: 'train',
    iteration: 0,
    settleRun: 0,
    label: tick % 10,
    input: Uint8Array.from({ length: 16 }, (_, i) => (i * 17 + tick) % 256),
    prediction: Uint8Array.from({ length: 16 }, (_, i) => (i * 5 + tick) % 256),
    predictionError: Int8Array.from({ length: 16 }, (_, i) => i - 8),
    generative: [
      { name: 'v1', state: Float32Array.from([0.25, -1.5, tick]), errorRms: 0.5 },
      { name: 'z', state: Float32Array.from([Math.PI, tick / 3]), errorRms: 0 },
    ],
    classifier: [{ name: 'class', state: Float32Array.from([0.1, 0.9]), errorRms: 0 }],
    classProbabilities: Float32Array.from([0.1, 0.9]),
    freeEnergy: 12.5 + tick,
    latentPoints: [],
    curvePoints: [],
    localLearning: [],
  };
}

/** A small recording: a state, then frames with curve points between them. */
function smallRecording(): { bytes: Buffer; ends: number[]; kinds: string[]; headerEnd: number } {
  const head = encodeHeader(header);
  const records = [
    encodeRecord(RecordKind.event, 0, encodeEventPayload('state', { tick: 0, playing: true })),
    encodeRecord(RecordKind.frame, 0, encodeFramePayload(encodeFrame(frame(1)))),
    encodeRecord(RecordKind.event, 40, encodeEventPayload('curve', [{ step: 1, negElbo: 3 }])),
    encodeRecord(RecordKind.frame, 40, encodeFramePayload(encodeFrame(frame(2)))),
    encodeRecord(RecordKind.frame, 75, encodeFramePayload(encodeFrame(frame(3)))),
  ];
  const kinds = ['event', 'frame', 'event', 'frame', 'frame'];
  const ends: number[] = [];
  let end = head.length;
  for (const record of records) ends.push((end += record.length));
  return { bytes: Buffer.concat([head, ...records]), ends, kinds, headerEnd: head.length };
}

function refusal(bytes: Buffer): string {
  try {
    parseRecording(bytes, 'class.ncrec');
  } catch (error) {
    expect(isNeocortexError(error, 'RECORDING_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('the recording format', () => {
  it('reads back what it wrote: frames with their typed arrays, events with their payloads', () => {
    const { bytes } = smallRecording();
    const recording = parseRecording(bytes, 'class.ncrec');
    expect(recording.header).toEqual(header);
    expect(recording.frames).toBe(3);
    expect(recording.durationMs).toBe(75);
    expect(recording.lostBytes).toBe(0);
    const items = recording.records.map(decodeRecord);
    expect(items.map((i) => i.timeMs)).toEqual([0, 0, 40, 40, 75]);
    expect(items[0]).toMatchObject({ kind: 'event', name: 'state', payload: { tick: 0 } });
    expect(items[2]).toMatchObject({ kind: 'event', name: 'curve', payload: [{ step: 1 }] });
    const frames = items.flatMap((i) => (i.kind === 'frame' ? [i.frame] : []));
    frames.forEach((decoded, k) => {
      const original = encodeFrame(frame(k + 1));
      expect(decoded).toEqual(original);
      expect(decoded.input).toBeInstanceOf(Uint8Array);
      expect(decoded.predictionError).toBeInstanceOf(Int8Array);
      expect(decoded.generative.states).toBeInstanceOf(Float32Array);
      expect(Array.from(decoded.generative.states)).toEqual(Array.from(original.generative.states));
    });
  });

  it('stores the binary fields raw: a frame record is a little larger than their bytes', () => {
    const wire = encodeFrame(frame(1));
    const binary = 16 * 3 + 4 * (5 + 2 + 2);
    const payload = encodeFramePayload(wire);
    expect(payload.length).toBeGreaterThan(binary);
    // The JSON around them is small: no 784-number arrays written as text.
    expect(payload.length - binary).toBeLessThan(700);
  });

  it('cut at every byte offset, it gives the whole records before the cut and counts the rest lost', () => {
    const { bytes, ends, kinds, headerEnd } = smallRecording();
    for (let n = 0; n < bytes.length; n += 1) {
      const cut = bytes.subarray(0, n);
      if (n < headerEnd) {
        expect(refusal(cut)).toMatch(/class\.ncrec: (not a neocortex recording|cut short)/);
        continue;
      }
      const recording = parseRecording(cut, 'class.ncrec');
      const whole = ends.filter((end) => end <= n).length;
      expect(recording.records.length, `cut at ${n}`).toBe(whole);
      expect(recording.frames).toBe(kinds.slice(0, whole).filter((k) => k === 'frame').length);
      expect(recording.lostBytes).toBe(n - (whole === 0 ? headerEnd : ends[whole - 1]!));
      // Every frame kept is the whole frame written.
      recording.records.map(decodeRecord).forEach((item) => {
        if (item.kind === 'frame') expect(item.frame.input.length).toBe(16);
      });
    }
  });

  it('refuses a foreign file, naming it', () => {
    expect(refusal(Buffer.from('{"tick": 1}\n'))).toBe(
      'class.ncrec: not a neocortex recording (its first bytes are not the recording magic)',
    );
    expect(refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toMatch(
      /not a neocortex recording/,
    );
    expect(refusal(Buffer.alloc(0))).toMatch(/not a neocortex recording/);
  });

  it('refuses a newer format version, saying which', () => {
    const { bytes } = smallRecording();
    const newer = Buffer.from(bytes);
    newer.writeUInt16LE(2, 8);
    expect(refusal(newer)).toMatch(/format version 2 is newer than this neocortex-sim reads \(1\)/);
  });

  it('refuses corrupt data: a bad header length, a header not JSON, a bad record', () => {
    const { bytes, headerEnd, ends } = smallRecording();
    const huge = Buffer.from(bytes);
    huge.writeUInt32LE(0x7fffffff, 12);
    expect(refusal(huge)).toMatch(/header claims 2147483647 bytes/);

    const notJson = Buffer.from(bytes);
    notJson.write('#', PREAMBLE_BYTES);
    expect(refusal(notJson)).toMatch(/header is not JSON/);

    const wrongHeader = Buffer.concat([
      encodeHeader({ ...header, frameRate: -1 }),
      bytes.subarray(headerEnd),
    ]);
    expect(refusal(wrongHeader)).toMatch(/header is malformed: frameRate/);

    const badLength = Buffer.from(bytes);
    badLength.writeUInt32LE(2, headerEnd);
    expect(refusal(badLength)).toMatch(
      new RegExp(`record at byte ${headerEnd} has an impossible length 2`),
    );

    const badKind = Buffer.from(bytes);
    badKind.writeUInt8(9, headerEnd + 4);
    expect(refusal(badKind)).toMatch(/unknown kind 9/);

    const badFrame = Buffer.from(bytes);
    badFrame.writeUInt32LE(0xffff, ends[0]! + 9); // the frame's JSON length
    expect(refusal(badFrame)).toMatch(new RegExp(`record at byte ${ends[0]} is corrupt`));

    const backwards = Buffer.from(bytes);
    backwards.writeUInt32LE(10, ends[3]! + 5);
    expect(refusal(backwards)).toMatch(/goes back in time/);
  });
});
