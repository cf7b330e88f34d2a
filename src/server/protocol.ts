/**
 * The live-session wire protocol, shared by the server (src/server) and the page
 * (web/). It is the contract: docs/protocol.md explains it in prose. Everything a
 * client sends is parsed with these zod schemas; everything the server sends has
 * these types. Images and area states travel as typed arrays (socket.io sends
 * them as binary attachments), never as JSON number lists.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

/** Largest control payload the server reads, in bytes (a drawn 28x28 image is ~1 KB). */
export const MAX_CONTROL_BYTES = 16 * 1024;

// ---------------------------------------------------------------------------
// Server -> client
// ---------------------------------------------------------------------------

/** What a session is doing each tick. */
export const SessionMode = z.enum(['train', 'recognize', 'generate', 'settle']);
export type SessionMode = z.infer<typeof SessionMode>;

export interface AreaTopology {
  name: string;
  /** Number of units in the area. */
  size: number;
  /** Number of values a frame carries for it (after down-sampling). */
  displaySize: number;
  /** Image shape when the area is a picture (the sensory area: [28, 28]). */
  shape?: [number, number];
}

export interface PathwayTopology {
  from: string;
  to: string;
  kind: 'feedforward' | 'feedback';
}

/** The two models of a session, as diagrams. Sent once, in `hello`. */
export interface Topology {
  /** The predictive-coding VAE, areas bottom (sensory) to top. */
  generative: { areas: AreaTopology[]; pathways: PathwayTopology[] };
  /** The feedforward classifier, areas bottom to top (no feedback pathways). */
  classifier: { areas: AreaTopology[]; pathways: PathwayTopology[]; classes: string[] };
  /** Size of the top generative area (one clamp slider per unit). */
  latentSize: number;
  /** Input image shape [height, width]. */
  imageShape: [number, number];
}

/** A rectangle of the input image, in pixels, hidden from the model. */
export const Occlusion = z
  .object({
    x: z.number().int().min(0).max(27),
    y: z.number().int().min(0).max(27),
    width: z.number().int().min(1).max(28),
    height: z.number().int().min(1).max(28),
  })
  .strict();
export type Occlusion = z.infer<typeof Occlusion>;

/** The controls' current settings. Broadcast as `state` whenever one changes. */
export interface SessionState {
  playing: boolean;
  mode: SessionMode;
  /** Ticks per second the session aims for (it runs slower if the model is slower). */
  speed: number;
  /** Feedback pathways of the generative model are lesioned. */
  feedbackLesioned: boolean;
  /** One entry per top-area unit: the clamped value, or null when free. */
  clamp: (number | null)[];
  occlusion: Occlusion | null;
  /** Where the current input came from. */
  inputSource: 'dataset' | 'drawn';
  tick: number;
  epoch: number;
}

/** One point of the live training curves. */
export interface CurvePoint {
  /** Training step (batches seen). */
  step: number;
  epoch: number;
  /** Mean -ELBO of the last batches (nats per image) and its two parts. */
  negElbo: number;
  reconstruction: number;
  kl: number;
  /** Classifier accuracy on the last batches (0..1). */
  accuracy: number;
}

/** One point of the 2-D latent view: a projection of the top area's mean for an input. */
export interface LatentPoint {
  /** Stable id, unique in the session and increasing with time, for keyed joins. */
  id: number;
  x: number;
  y: number;
  /** The input's label, or -1 when unknown (a drawn input). */
  label: number;
}

export interface AreaFrame {
  name: string;
  /**
   * State (posterior mean for stochastic areas), down-sampled to displaySize values.
   * Empty when the model did not run this tick (the classifier in generate mode).
   */
  state: Float32Array;
  /**
   * Root-mean-square prediction error: at the sensory area, input − prediction;
   * at the top area, its state against its prior mean 0; 0 for the classifier,
   * which has no feedback and so no prediction errors.
   */
  errorRms: number;
}

/** One tick of activity. Sent at most at the client's frame rate; stale frames are skipped. */
export interface Frame {
  /** The session tick this frame shows. */
  tick: number;
  /** Server wall-clock time (ms since epoch) when the tick finished, for latency. */
  time: number;
  mode: SessionMode;
  /** Settle iteration within the current input (0 outside settle mode). */
  iteration: number;
  /** Label of the input shown, -1 when unknown (drawn or dreamed). */
  label: number;
  /** The input as the model sees it (after occlusion), 0..255, row-major. Empty in generate mode. */
  input: Uint8Array;
  /** The top-down prediction of the sensory area (reconstruction or dream), 0..255. */
  prediction: Uint8Array;
  /** Prediction error input - prediction, scaled to -127..127. Empty in generate mode. */
  predictionError: Int8Array;
  /** Generative model areas, same order as the topology. */
  generative: AreaFrame[];
  /** Classifier areas, same order as the topology. */
  classifier: AreaFrame[];
  /** Classifier class probabilities on the same input (empty in generate mode). */
  classProbabilities: Float32Array;
  /**
   * Free energy (nats) at this tick: in train and recognize modes the -ELBO of the
   * input (one posterior sample); in settle mode the predictive-coding free energy
   * being descended (−log p(x | prediction) + ½‖top‖²); in generate mode the prior
   * energy ½‖top‖² of the dream's top state.
   */
  freeEnergy: number;
  /** New points for the latent view since the previous frame this client got. */
  latentPoints: LatentPoint[];
  /** New training-curve points since the previous frame this client got. */
  curvePoints: CurvePoint[];
}

/** Sent once on connect: everything a late joiner needs to draw the same picture. */
export interface Hello {
  protocol: number;
  version: string;
  backend: string;
  topology: Topology;
  state: SessionState;
  /** Recent history (bounded) so the curves and latent view start full. */
  curve: CurvePoint[];
  latent: LatentPoint[];
  /** The latest frame, if any. */
  frame: Frame | null;
  /** Frames per second the server sends to this client at most. */
  frameRate: number;
}

/** The acknowledgement of a `control` message. */
export type ControlAck = { ok: true } | { ok: false; error: string };

/** `GET /healthz`. */
export interface Health {
  status: 'ok';
  version: string;
  backend: string;
  /** The session's current tick. */
  tick: number;
  /** Connected socket.io clients. */
  viewers: number;
  uptimeSeconds: number;
  /**
   * Live tensors (tf.memory()) of the simulation's thread and of its training
   * worker (as of its last report; null when training runs inline), so a leak
   * shows from outside as a count that keeps growing.
   */
  memory: {
    simulation: { numTensors: number; numBytes: number };
    training: { numTensors: number; numBytes: number } | null;
  };
}

// ---------------------------------------------------------------------------
// Decoding binary fields on the client
// ---------------------------------------------------------------------------

/**
 * socket.io delivers the typed arrays of a frame as ArrayBuffer (browser) or as
 * a Node Buffer (socket.io-client in Node), not as the typed array that was
 * sent. This turns a received frame back into a `Frame`, copying each field
 * into a typed array of its own (aligned, so Float32Array always works).
 */
export function decodeFrame(wire: Frame): Frame {
  return {
    ...wire,
    input: asTyped(wire.input, Uint8Array),
    prediction: asTyped(wire.prediction, Uint8Array),
    predictionError: asTyped(wire.predictionError, Int8Array),
    generative: wire.generative.map((a) => ({ ...a, state: asTyped(a.state, Float32Array) })),
    classifier: wire.classifier.map((a) => ({ ...a, state: asTyped(a.state, Float32Array) })),
    classProbabilities: asTyped(wire.classProbabilities, Float32Array),
  };
}

/** A received `hello` with its frame decoded. */
export function decodeHello(wire: Hello): Hello {
  return { ...wire, frame: wire.frame === null ? null : decodeFrame(wire.frame) };
}

type TypedArrayClass<T> = { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

function asTyped<T>(value: unknown, Type: TypedArrayClass<T>): T {
  if (value instanceof (Type as unknown as typeof Uint8Array)) return value as T;
  let bytes: Uint8Array;
  if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
  else if (ArrayBuffer.isView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } else {
    throw new TypeError('frame field is not binary');
  }
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0) {
    throw new TypeError(`binary field of ${bytes.byteLength} bytes is not whole elements`);
  }
  return new Type(bytes.slice().buffer);
}

// ---------------------------------------------------------------------------
// Client -> server: the `control` event, always with a token
// ---------------------------------------------------------------------------

const token = z.string().min(1).max(256);
const pixels = z.array(z.number().min(0).max(1)).length(784);

export const ControlMessage = z.discriminatedUnion('action', [
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
]);
export type ControlMessage = z.infer<typeof ControlMessage>;
export type ControlAction = ControlMessage['action'];
