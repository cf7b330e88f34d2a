/**
 * Reading a recording: the header checked (magic, format version, JSON), then every whole
 * record indexed and checked (length, kind, payload), so a corrupt file is refused before
 * anything is served. A file cut short (a killed server) is read up to its last whole record;
 * the bytes after it are counted as lost, not refused.
 */
import type { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { NeocortexError } from '../../errors.ts';
import type { WireFrame } from '../wire.ts';
import {
  decodeEventPayload,
  decodeFramePayload,
  MAX_HEADER_BYTES,
  MAX_RECORD_BYTES,
  PREAMBLE_BYTES,
  RECORD_PREFIX_BYTES,
  RECORDING_FORMAT_VERSION,
  RECORDING_MAGIC,
  RecordKind,
  type RecordingHeader,
} from './format.ts';

/** The header's schema: what a replay relies on (the topology is the server's own, trusted). */
const HeaderSchema = z.object({
  format: z.literal('neocortex-recording'),
  protocol: z.number().int().positive(),
  version: z.string(),
  backend: z.string(),
  frameRate: z.number().positive(),
  topology: z.looseObject({ generative: z.looseObject({}), classifier: z.looseObject({}) }),
  startedAt: z.number(),
  source: z.enum(['record', 'download']),
});

/** A recorded frame or event, decoded. */
export type RecordedItem =
  | { kind: 'frame'; timeMs: number; frame: WireFrame }
  | { kind: 'event'; timeMs: number; name: string; payload: unknown };

/** A record's place in the file; its payload is decoded when asked for. */
export interface RecordEntry {
  kind: 'frame' | 'event';
  timeMs: number;
  /** Event records: the event's name. */
  name?: string;
  /** The payload's bytes (a view of the file's buffer). */
  payload: Buffer;
}

/** A recording read from a file or bytes. */
export interface Recording {
  header: RecordingHeader;
  /** The format version it was written in. */
  formatVersion: number;
  /** Every whole record, in file order (time never decreases). */
  records: RecordEntry[];
  /** Frame records among them. */
  frames: number;
  /** Time of the last record (ms), the replay's duration. */
  durationMs: number;
  /** Bytes after the last whole record (a file cut short): 0 for a complete file. */
  lostBytes: number;
  /** The file's size in bytes. */
  bytes: number;
}

/** A record's payload decoded: the frame or the event it holds. */
export function decodeRecord(entry: RecordEntry): RecordedItem {
  if (entry.kind === 'frame') {
    return { kind: 'frame', timeMs: entry.timeMs, frame: decodeFramePayload(entry.payload) };
  }
  const { name, payload } = decodeEventPayload(entry.payload);
  return { kind: 'event', timeMs: entry.timeMs, name, payload };
}

/**
 * Read a recording from its bytes. `file` names it in errors. Throws a NeocortexError
 * (`RECORDING_INVALID`) naming the file and what is wrong: not a recording, a newer format,
 * a header cut short or not JSON, a record with an impossible length, an unknown kind or a
 * payload that does not decode, or time going backwards.
 */
export function parseRecording(bytes: Buffer, file: string): Recording {
  const refuse = (what: string): never => {
    throw new NeocortexError('RECORDING_INVALID', `${file}: ${what}`);
  };
  const magic = bytes.subarray(0, RECORDING_MAGIC.length);
  if (!RECORDING_MAGIC.subarray(0, magic.length).equals(magic) || bytes.length === 0) {
    refuse('not a neocortex recording (its first bytes are not the recording magic)');
  }
  if (bytes.length < PREAMBLE_BYTES) {
    refuse(`cut short inside its preamble (${bytes.length} of ${PREAMBLE_BYTES} bytes)`);
  }
  const formatVersion = bytes.readUInt16LE(8);
  if (formatVersion > RECORDING_FORMAT_VERSION) {
    refuse(
      `recording format version ${formatVersion} is newer than this neocortex-sim reads ` +
        `(${RECORDING_FORMAT_VERSION}): replay it with a newer version`,
    );
  }
  if (formatVersion === 0) refuse('recording format version 0 does not exist');
  const headerLength = bytes.readUInt32LE(12);
  if (headerLength > MAX_HEADER_BYTES) {
    refuse(`its header claims ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} allowed`);
  }
  const headerEnd = PREAMBLE_BYTES + headerLength;
  if (bytes.length < headerEnd) {
    refuse(`cut short inside its header (${bytes.length} of ${headerEnd} bytes)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(PREAMBLE_BYTES, headerEnd).toString('utf8'));
  } catch (error) {
    refuse(`its header is not JSON (${(error as Error).message})`);
  }
  const header = HeaderSchema.safeParse(json);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    refuse(`its header is malformed: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const records: RecordEntry[] = [];
  let frames = 0;
  let offset = headerEnd;
  let lastTime = 0;
  while (offset + 4 <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    if (length < RECORD_PREFIX_BYTES - 4 || length > MAX_RECORD_BYTES) {
      refuse(`record at byte ${offset} has an impossible length ${length}`);
    }
    if (offset + 4 + length > bytes.length) break; // cut short: the last record is lost
    const kindByte = bytes.readUInt8(offset + 4);
    const timeMs = bytes.readUInt32LE(offset + 5);
    const payload = bytes.subarray(offset + RECORD_PREFIX_BYTES, offset + 4 + length);
    if (timeMs < lastTime) {
      refuse(`record at byte ${offset} goes back in time (${timeMs} ms after ${lastTime} ms)`);
    }
    let entry: RecordEntry;
    if (kindByte === RecordKind.frame) {
      entry = { kind: 'frame', timeMs, payload };
      frames += 1;
    } else if (kindByte === RecordKind.event) {
      entry = { kind: 'event', timeMs, payload };
    } else {
      return refuse(`record at byte ${offset} has an unknown kind ${kindByte}`);
    }
    try {
      const item = decodeRecord(entry);
      if (item.kind === 'event') entry.name = item.name;
    } catch (error) {
      refuse(`record at byte ${offset} is corrupt: ${(error as Error).message}`);
    }
    records.push(entry);
    lastTime = timeMs;
    offset += 4 + length;
  }
  return {
    header: header.data as unknown as RecordingHeader,
    formatVersion,
    records,
    frames,
    durationMs: lastTime,
    lostBytes: bytes.length - offset,
    bytes: bytes.length,
  };
}

/** Read a recording file (see {@link parseRecording}); a missing file is a RECORDING_INVALID too. */
export async function readRecording(file: string): Promise<Recording> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new NeocortexError(
      'RECORDING_INVALID',
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { cause: error },
    );
  }
  return parseRecording(bytes, file);
}
