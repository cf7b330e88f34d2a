/**
 * Binary cache of the embedded MNIST digits. The JSON source holds 3-decimal
 * intensities with only 256 distinct values, so each pixel is stored as a
 * uint8 code into a table of those values (as float32): lossless and 4x
 * smaller than float32 pixels, and far faster to load than the JSON.
 *
 * Layout, little-endian:
 *   0  magic 'NCXMNIST'          8 bytes
 *   8  format version            u32
 *  12  source fingerprint        u32
 *  16  height, width             u32 x2
 *  24  train count, test count   u32 x2
 *  32  table length (1..256)     u32
 *  36  payload byte length       u32
 *  40  payload CRC-32            u32
 *  44  header CRC-32 (bytes 0-43) u32
 *  48  payload: table (float32 x length), train labels, test labels,
 *      train codes, test codes (one byte per pixel)
 */
import { crc32 } from 'node:zlib';
import { NeocortexError } from '../errors.ts';

export const MNIST_CACHE_MAGIC = 'NCXMNIST';
export const MNIST_CACHE_VERSION = 1;
export const MNIST_CACHE_HEADER_BYTES = 48;

/** Labelled images of one split, as stored in the cache. */
export interface CachedPart {
  images: Float32Array;
  labels: Uint8Array;
}

export interface MnistCacheContents {
  /** Identifies the source files; a cache with another fingerprint is stale. */
  fingerprint: number;
  height: number;
  width: number;
  train: CachedPart;
  test: CachedPart;
}

/** The cache is unusable; `problem` says why. */
/** A prepared-data cache file could not be read (code `CACHE_INVALID`). */
export class CacheFormatError extends NeocortexError {
  /** @param problem - what is wrong with the file */
  constructor(public readonly problem: string) {
    super('CACHE_INVALID', problem);
  }
}

/** Sorted distinct values of the given arrays; throws if there are more than 256. */
function valueTable(parts: Float32Array[]): Float32Array {
  const seen = new Set<number>();
  for (const part of parts) {
    let last = Number.NaN;
    for (let i = 0; i < part.length; i++) {
      const v = part[i] ?? 0;
      if (v === last) continue;
      last = v;
      if (!seen.has(v)) {
        seen.add(v);
        if (seen.size > 256) {
          throw new CacheFormatError('more than 256 distinct pixel values; cannot code as uint8');
        }
      }
    }
  }
  return Float32Array.from([...seen].sort((a, b) => a - b));
}

function encodeCodes(images: Float32Array, codeOf: Map<number, number>, out: Uint8Array): void {
  let last = Number.NaN;
  let lastCode = 0;
  for (let i = 0; i < images.length; i++) {
    const v = images[i] ?? 0;
    if (v !== last) {
      last = v;
      lastCode = codeOf.get(v) ?? 0;
    }
    out[i] = lastCode;
  }
}

/** Serialise the contents to the cache format. */
export function encodeMnistCache(contents: MnistCacheContents): Buffer {
  const { train, test, height, width } = contents;
  const pixels = height * width;
  if (train.images.length !== train.labels.length * pixels) {
    throw new CacheFormatError('train images and labels disagree in count');
  }
  if (test.images.length !== test.labels.length * pixels) {
    throw new CacheFormatError('test images and labels disagree in count');
  }
  const table = valueTable([train.images, test.images]);
  const codeOf = new Map<number, number>();
  table.forEach((v, i) => codeOf.set(v, i));

  const payloadBytes =
    table.length * 4 +
    train.labels.length +
    test.labels.length +
    train.images.length +
    test.images.length;
  const buffer = Buffer.alloc(MNIST_CACHE_HEADER_BYTES + payloadBytes);
  let at = MNIST_CACHE_HEADER_BYTES;
  for (const v of table) at = buffer.writeFloatLE(v, at);
  buffer.set(train.labels, at);
  at += train.labels.length;
  buffer.set(test.labels, at);
  at += test.labels.length;
  encodeCodes(train.images, codeOf, buffer.subarray(at, at + train.images.length));
  at += train.images.length;
  encodeCodes(test.images, codeOf, buffer.subarray(at, at + test.images.length));

  buffer.write(MNIST_CACHE_MAGIC, 0, 'latin1');
  buffer.writeUInt32LE(MNIST_CACHE_VERSION, 8);
  buffer.writeUInt32LE(contents.fingerprint >>> 0, 12);
  buffer.writeUInt32LE(height, 16);
  buffer.writeUInt32LE(width, 20);
  buffer.writeUInt32LE(train.labels.length, 24);
  buffer.writeUInt32LE(test.labels.length, 28);
  buffer.writeUInt32LE(table.length, 32);
  buffer.writeUInt32LE(payloadBytes, 36);
  buffer.writeUInt32LE(crc32(buffer.subarray(MNIST_CACHE_HEADER_BYTES)), 40);
  buffer.writeUInt32LE(crc32(buffer.subarray(0, 44)), 44);
  return buffer;
}

function decodeCodes(codes: Uint8Array, table: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  let maxCode = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? 0;
    if (c > maxCode) maxCode = c;
    out[i] = table[c] ?? Number.NaN;
  }
  if (maxCode >= table.length) {
    throw new CacheFormatError(`pixel code ${maxCode} outside the ${table.length}-entry table`);
  }
  return out;
}

/**
 * Parse and verify a cache file's bytes. Throws CacheFormatError if anything is
 * off: magic, version, fingerprint, sizes, checksums or codes.
 */
export function decodeMnistCache(
  buffer: Uint8Array,
  expectedFingerprint: number,
): MnistCacheContents {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.length < MNIST_CACHE_HEADER_BYTES) {
    throw new CacheFormatError(
      `truncated: ${bytes.length} bytes, shorter than the ${MNIST_CACHE_HEADER_BYTES}-byte header`,
    );
  }
  const magic = bytes.toString('latin1', 0, 8);
  if (magic !== MNIST_CACHE_MAGIC) {
    throw new CacheFormatError(`not a neocortex-sim MNIST cache (magic ${JSON.stringify(magic)})`);
  }
  if (crc32(bytes.subarray(0, 44)) !== bytes.readUInt32LE(44)) {
    throw new CacheFormatError('header checksum mismatch');
  }
  const version = bytes.readUInt32LE(8);
  if (version !== MNIST_CACHE_VERSION) {
    throw new CacheFormatError(
      `format version ${version}, this code reads version ${MNIST_CACHE_VERSION}`,
    );
  }
  const fingerprint = bytes.readUInt32LE(12);
  if (fingerprint !== expectedFingerprint >>> 0) {
    throw new CacheFormatError('made from different source files (fingerprint mismatch)');
  }
  const height = bytes.readUInt32LE(16);
  const width = bytes.readUInt32LE(20);
  const trainCount = bytes.readUInt32LE(24);
  const testCount = bytes.readUInt32LE(28);
  const tableLength = bytes.readUInt32LE(32);
  const payloadBytes = bytes.readUInt32LE(36);
  if (tableLength < 1 || tableLength > 256) {
    throw new CacheFormatError(`value table length ${tableLength} outside 1..256`);
  }
  const pixels = height * width;
  const expectedPayload = tableLength * 4 + (trainCount + testCount) * (1 + pixels);
  if (payloadBytes !== expectedPayload) {
    throw new CacheFormatError(
      `header counts imply ${expectedPayload} payload bytes, header says ${payloadBytes}`,
    );
  }
  const actualPayload = bytes.length - MNIST_CACHE_HEADER_BYTES;
  if (actualPayload !== payloadBytes) {
    throw new CacheFormatError(
      `payload is ${actualPayload} bytes, expected ${payloadBytes} (truncated or padded file)`,
    );
  }
  if (crc32(bytes.subarray(MNIST_CACHE_HEADER_BYTES)) !== bytes.readUInt32LE(40)) {
    throw new CacheFormatError('payload checksum mismatch');
  }

  let at = MNIST_CACHE_HEADER_BYTES;
  const table = new Float32Array(tableLength);
  for (let i = 0; i < tableLength; i++, at += 4) table[i] = bytes.readFloatLE(at);
  if (!table.every((v) => v >= 0 && v <= 1)) {
    throw new CacheFormatError('value table holds values outside [0, 1]');
  }
  const trainLabels = new Uint8Array(bytes.subarray(at, at + trainCount));
  at += trainCount;
  const testLabels = new Uint8Array(bytes.subarray(at, at + testCount));
  at += testCount;
  const trainImages = decodeCodes(bytes.subarray(at, at + trainCount * pixels), table);
  at += trainCount * pixels;
  const testImages = decodeCodes(bytes.subarray(at, at + testCount * pixels), table);
  return {
    fingerprint,
    height,
    width,
    train: { images: trainImages, labels: trainLabels },
    test: { images: testImages, labels: testLabels },
  };
}
