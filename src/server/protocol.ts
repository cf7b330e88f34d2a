/**
 * The live-session wire protocol, server side: the size limit and the zod schema
 * every `control` message is parsed with. What travels to the page (the types,
 * `ControlMessage` among them, `hello`, the frame decoder) is wire.ts's; the
 * session's own vocabulary (modes, occlusion, frames, topology) is src/sim's.
 * Neither module re-exports the other. docs/protocol.md explains it in prose.
 */
import { z } from 'zod';
import { Occlusion, SessionMode } from '../sim/session/vocabulary.ts';
import { SETTLE_SPEED_RANGE } from '../sim/session/controls.ts';
import type { ControlMessage } from './wire.ts';

/** Largest control payload the server reads, in bytes (a drawn 28x28 image is ~1 KB). */
export const MAX_CONTROL_BYTES = 16 * 1024;

const token = z.string().min(1).max(256);
const pixels = z.array(z.number().min(0).max(1)).length(784);

/** Client -> server: the `control` event, always with a token (zod schema of {@link ControlMessage}). */
export const ControlMessageSchema = z.discriminatedUnion('action', [
  z.object({ token, action: z.literal('play') }).strict(),
  z.object({ token, action: z.literal('pause') }).strict(),
  /** Advance one tick while paused. */
  z.object({ token, action: z.literal('step') }).strict(),
  z
    .object({ token, action: z.literal('speed'), ticksPerSecond: z.number().min(0.5).max(120) })
    .strict(),
  z.object({ token, action: z.literal('mode'), mode: SessionMode }).strict(),
  /** Feed a drawn image (784 values in 0..1, row-major 28x28). */
  z.object({ token, action: z.literal('input'), pixels }).strict(),
  /** Go back to inputs from the test set (the next one). */
  z.object({ token, action: z.literal('next-input') }).strict(),
  z.object({ token, action: z.literal('occlude'), occlusion: Occlusion.nullable() }).strict(),
  /** Clamp top-area units: one entry per unit, a value in -4..4 or null for free. */
  z
    .object({
      token,
      action: z.literal('clamp'),
      values: z.array(z.number().min(-4).max(4).nullable()).max(1024),
    })
    .strict(),
  z.object({ token, action: z.literal('lesion-feedback'), lesioned: z.boolean() }).strict(),
  /** Settle mode: move to the next test image by itself once a run is done (off: stay on it). */
  z.object({ token, action: z.literal('settle-auto-advance'), enabled: z.boolean() }).strict(),
  /** Settle iterations per second (settle mode's pace, apart from the tick rate). */
  z
    .object({
      token,
      action: z.literal('settle-speed'),
      iterationsPerSecond: z.number().min(SETTLE_SPEED_RANGE[0]).max(SETTLE_SPEED_RANGE[1]),
    })
    .strict(),
  /** Show a test image of this class (the session checks it has the class). */
  z.object({ token, action: z.literal('show-class'), label: z.number().int().min(0) }).strict(),
  z.object({ token, action: z.literal('previous-input') }).strict(),
  /** Stay on this input in every mode, or let the modes move on again. */
  z.object({ token, action: z.literal('hold-input'), held: z.boolean() }).strict(),
  /** Start a lesson by its id, or stop the running one (null). */
  z
    .object({ token, action: z.literal('lesson'), lesson: z.string().min(1).max(64).nullable() })
    .strict(),
  z.object({ token, action: z.literal('lesson-next') }).strict(),
  z.object({ token, action: z.literal('lesson-back') }).strict(),
  /** Throw the models away and train from scratch. */
  z.object({ token, action: z.literal('train-from-scratch') }).strict(),
]);

/**
 * The schema and the wire's type describe the same messages: either drifting from the
 * other is a type error here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesWire: Same<z.output<typeof ControlMessageSchema>, ControlMessage> = true;
void schemaMatchesWire;
