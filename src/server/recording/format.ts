/**
 * The recording file format (docs/recording.md describes it byte by byte): an 8-byte magic,
 * the format version, a JSON header, then length-prefixed records, each a kind, a time in ms
 * since the recording began and a payload. A frame record keeps the wire's packed areas and
 * every typed array as raw bytes (not JSON numbers); an event record is the JSON
 * `[name, payload]`. Everything is little-endian.
 */
import { Buffer } from 'node:buffer';
import type { Topology, WireFrame } from '../wire.ts';

/** The file's first 8 bytes: 0x89 "NCXREC" "\n" (0x89 catches text-mode mangling, as PNG's does). */
export const RECORDING_MAGIC = Buffer.from([0x89, 0x4e, 0x43, 0x58, 0x52, 0x45, 0x43, 0x0a]);
/** The format version this code writes and the newest it reads. */
export const RECORDING_FORMAT_VERSION = 1;
/** Bytes before the header's JSON: magic, version (u16), reserved (u16), JSON length (u32). */
export const PREAMBLE_BYTES = RECORDING_MAGIC.length + 2 + 2 + 4;
/** The largest header JSON accepted (a topology is a few KiB). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** Bytes of a record before its payload: length (u32), kind (u8), time (u32). */
export const RECORD_PREFIX_BYTES = 4 + 1 + 4;
/** The largest record accepted (a frame of the default session is about 10 KiB). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** A record's kind byte. */
export const RecordKind = { frame: 1, event: 2 } as const;
/** A record's kind byte. */
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** The JSON header: what a replay needs before the first record (the hello's essentials). */
export interface RecordingHeader {
  format: 'neocortex-recording';
  /** The socket protocol's version the frames and events follow. */
  protocol: number;
  /** The neocortex-sim version that recorded. */
  version: string;
  /** The compute backend of the recorded session. */
  backend: string;
  /** Frames per second recorded at most (the viewers' frame rate). */
  frameRate: number;
  topology: Topology;
  /** When the recording's time 0 was, in ms since the Unix epoch. */
  startedAt: number;
  /** Who wrote it: `serve --record`, or the live server's download of the last minutes. */
  source: 'record' | 'download';
}

/** The preamble and JSON header as bytes. */
export function encodeHeader(header: RecordingHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  RECORDING_MAGIC.copy(preamble, 0);
  preamble.writeUInt16LE(RECORDING_FORMAT_VERSION, 8);
  preamble.writeUInt16LE(0, 10);
  preamble.writeUInt32LE(json.length, 12);
  return Buffer.concat([preamble, json]);
}

/** One record as bytes: `payload` after its length, kind and time (ms, rounded, at least 0). */
export function encodeRecord(kind: RecordKind, timeMs: number, payload: Buffer): Buffer {
  const record = Buffer.alloc(RECORD_PREFIX_BYTES + payload.length);
  record.writeUInt32LE(1 + 4 + payload.length, 0);
  record.writeUInt8(kind, 4);
  record.writeUInt32LE(Math.max(0, Math.min(0xffffffff, Math.round(timeMs))), 5);
  payload.copy(record, RECORD_PREFIX_BYTES);
  return record;
}

/** A copy of an encoded record with another time (the download rebases its window to 0). */
export function retimeRecord(record: Buffer, timeMs: number): Buffer {
  const copy = Buffer.from(record);
  copy.writeUInt32LE(Math.max(0, Math.round(timeMs)), 5);
  return copy;
}

/** An event record's payload: the JSON `[name, payload]`. */
export function encodeEventPayload(name: string, payload: unknown): Buffer {
  return Buffer.from(JSON.stringify([name, payload]), 'utf8');
}

/** The typed arrays a frame may hold, by the short name the file gives them. */
const TYPED_KINDS = {
  u8: Uint8Array,
  i8: Int8Array,
  u16: Uint16Array,
  i16: Int16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;
type TypedName = keyof typeof TYPED_KINDS;
type AnyTyped = InstanceType<(typeof TYPED_KINDS)[TypedName]>;

function typedName(value: ArrayBufferView): TypedName | undefined {
  for (const [name, Kind] of Object.entries(TYPED_KINDS)) {
    if (value.constructor === Kind) return name as TypedName;
  }
  return undefined;
}

/** A placeholder in a frame's JSON for its `i`-th binary block. */
interface BlobRef {
  $bin: number;
}

/**
 * A frame record's payload: the frame's JSON with every typed array replaced by `{"$bin": i}`,
 * its length first (u32), then the blocks' raw bytes in order; the JSON's `blobs` lists each
 * block's type and byte length. The points a viewer gets with a frame are recorded as events
 * of their own, so the frame is written without them.
 */
export function encodeFramePayload(frame: WireFrame): Buffer {
  const blocks: Buffer[] = [];
  const blobs: [TypedName, number][] = [];
  const stripped = { ...frame, curvePoints: [], latentPoints: [] };
  const json = JSON.stringify(
    { frame: stripped, blobs },
    function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      if (ArrayBuffer.isView(raw)) {
        const name = typedName(raw);
        if (name === undefined) throw new TypeError(`frame field ${key}: unsupported binary type`);
        blocks.push(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
        blobs.push([name, raw.byteLength]);
        return { $bin: blocks.length - 1 } satisfies BlobRef;
      }
      return value;
    },
  );
  const head = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length, 0);
  return Buffer.concat([length, head, ...blocks]);
}

/**
 * A frame record's payload back as the wire's frame (typed arrays copied out, so aligned).
 * Throws a TypeError saying what does not add up.
 */
export function decodeFramePayload(payload: Buffer): WireFrame {
  if (payload.length < 4) throw new TypeError('a frame record shorter than its JSON length');
  const jsonLength = payload.readUInt32LE(0);
  if (4 + jsonLength > payload.length) {
    throw new TypeError(`a frame's JSON of ${jsonLength} bytes runs past its record`);
  }
  const parsed = JSON.parse(payload.subarray(4, 4 + jsonLength).toString('utf8')) as {
    frame?: unknown;
    blobs?: unknown;
  };
  const blobs = parsed.blobs;
  if (
    parsed.frame === null ||
    typeof parsed.frame !== 'object' ||
    !Array.isArray(blobs) ||
    !blobs.every(
      (b) =>
        Array.isArray(b) &&
        typeof b[0] === 'string' &&
        b[0] in TYPED_KINDS &&
        Number.isInteger(b[1]) &&
        (b[1] as number) >= 0,
    )
  ) {
    throw new TypeError('a frame record without a frame and its list of binary blocks');
  }
  const total = (blobs as [TypedName, number][]).reduce((sum, [, n]) => sum + n, 0);
  if (4 + jsonLength + total !== payload.length) {
    throw new TypeError(
      `a frame's binary blocks add up to ${total} bytes, its record holds ${payload.length - 4 - jsonLength}`,
    );
  }
  const arrays: AnyTyped[] = [];
  let offset = 4 + jsonLength;
  for (const [name, bytes] of blobs as [TypedName, number][]) {
    const Kind = TYPED_KINDS[name];
    if (bytes % Kind.BYTES_PER_ELEMENT !== 0) {
      throw new TypeError(`a ${name} block of ${bytes} bytes is not a whole number of elements`);
    }
    const copy = new Uint8Array(payload.subarray(offset, offset + bytes)).buffer;
    arrays.push(new Kind(copy, 0, bytes / Kind.BYTES_PER_ELEMENT));
    offset += bytes;
  }
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const ref = (value as Partial<BlobRef>).$bin;
    if (typeof ref === 'number' && Object.keys(value).length === 1) {
      const array = arrays[ref];
      if (array === undefined) throw new TypeError(`a frame refers to binary block ${ref}`);
      return array;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  };
  return revive(parsed.frame) as WireFrame;
}

/** An event record's payload back as its name and payload. Throws a TypeError when malformed. */
export function decodeEventPayload(payload: Buffer): { name: string; payload: unknown } {
  const parsed = JSON.parse(payload.toString('utf8')) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string') {
    throw new TypeError('an event record that is not [name, payload]');
  }
  return { name: parsed[0], payload: parsed[1] };
}
