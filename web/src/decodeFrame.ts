/**
 * Frames arrive with their typed arrays as socket.io binary attachments: in the
 * browser these are ArrayBuffers, in Node Buffers (unaligned views). Wrap each
 * back into the typed array the protocol names.
 */
import type { AreaFrame, Frame, Hello } from '../../src/server/protocol.ts';

interface TypedArrayKind<T> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
  from(values: ArrayLike<number>): T;
}

function typed<T extends ArrayBufferView>(value: unknown, Kind: TypedArrayKind<T>): T {
  if (value instanceof Kind) return value;
  const size = Kind.BYTES_PER_ELEMENT;
  if (value instanceof ArrayBuffer) return new Kind(value, 0, Math.floor(value.byteLength / size));
  if (ArrayBuffer.isView(value)) {
    const count = Math.floor(value.byteLength / size);
    if (value.byteOffset % size === 0 && value.buffer instanceof ArrayBuffer) {
      return new Kind(value.buffer, value.byteOffset, count);
    }
    // Unaligned (a Node Buffer slice): copy the bytes out first.
    const bytes = new Uint8Array(value.buffer, value.byteOffset, count * size).slice();
    return new Kind(bytes.buffer, 0, count);
  }
  if (Array.isArray(value)) return Kind.from(value as number[]);
  return new Kind(0);
}

export const asUint8Array = (value: unknown): Uint8Array => typed(value, Uint8Array);
export const asInt8Array = (value: unknown): Int8Array => typed(value, Int8Array);
export const asFloat32Array = (value: unknown): Float32Array => typed(value, Float32Array);

function decodeArea(area: AreaFrame): AreaFrame {
  return { ...area, state: asFloat32Array(area.state) };
}

/** A frame as received, with every array the typed array the protocol promises. */
export function decodeFrame(raw: Frame): Frame {
  return {
    ...raw,
    input: asUint8Array(raw.input),
    prediction: asUint8Array(raw.prediction),
    predictionError: asInt8Array(raw.predictionError),
    generative: (raw.generative ?? []).map(decodeArea),
    classifier: (raw.classifier ?? []).map(decodeArea),
    classProbabilities: asFloat32Array(raw.classProbabilities),
    latentPoints: raw.latentPoints ?? [],
    curvePoints: raw.curvePoints ?? [],
  };
}

export function decodeHello(raw: Hello): Hello {
  return { ...raw, frame: raw.frame === null ? null : decodeFrame(raw.frame) };
}
