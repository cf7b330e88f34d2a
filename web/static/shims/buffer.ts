/**
 * The part of Node's `Buffer` the data cache decoder (src/data/mnistCache.ts) uses, for the
 * static site's worker bundle (web/buildStatic.ts injects it as the global `Buffer`): bytes that
 * read little-endian numbers and latin1 text.
 */
interface ShimBuffer extends Uint8Array {
  readUInt32LE(at: number): number;
  readFloatLE(at: number): number;
  toString(encoding?: string, start?: number, end?: number): string;
}

function wrap(bytes: Uint8Array): ShimBuffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Object.assign(bytes, {
    readUInt32LE: (at: number) => view.getUint32(at, true),
    readFloatLE: (at: number) => view.getFloat32(at, true),
    toString(encoding?: string, start = 0, end = bytes.length): string {
      if (encoding !== 'latin1') throw new Error(`Buffer shim: no ${String(encoding)} decoding`);
      return String.fromCharCode(...bytes.subarray(start, end));
    },
  });
}

/** `Buffer.from(arrayBuffer, offset, length)` (sharing its memory) and `Buffer.alloc(n)`. */
export const Buffer = {
  from: (source: ArrayBuffer, offset = 0, length?: number): ShimBuffer =>
    wrap(new Uint8Array(source, offset, length ?? source.byteLength - offset)),
  alloc: (length: number): ShimBuffer => wrap(new Uint8Array(length)),
};
