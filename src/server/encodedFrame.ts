/**
 * A frame encoded for the wire once, however many ask: the viewers' feeds, the greeting of a
 * newcomer and the Redis publisher all send the same tick's frame. Keyed weakly by the frame,
 * so an encoding lives no longer than the frame it was made from.
 */
import type { Frame } from '../sim/session/vocabulary.ts';
import { encodeFrame, type WireFrame } from './wire.ts';

const encoded = new WeakMap<Frame, WireFrame>();

/** `encodeFrame(frame)`, made at most once per frame (callers must not change the result). */
export function encodeOnce(frame: Frame): WireFrame {
  let wire = encoded.get(frame);
  if (wire === undefined) {
    wire = encodeFrame(frame);
    encoded.set(frame, wire);
  }
  return wire;
}
