/**
 * The live-session wire: the one module the page (web/) imports from src/. It
 * names what travels over socket.io (the session's vocabulary from src/sim,
 * re-exported as types, plus `hello`, the control acknowledgement and
 * `/healthz`) and holds the one decoder of received frames, used by the page
 * and by the tests alike. It has no runtime dependency: bundling it pulls in
 * nothing but this file. docs/protocol.md explains the protocol in prose.
 */
import type {
  AreaFrame,
  CurvePoint,
  Frame,
  LatentPoint,
  LocalLearningTrace,
  Occlusion,
  SessionMode,
  SessionState,
  Topology,
} from '../sim/session/vocabulary.ts';

export type {
  AreaFrame,
  AreaKind,
  AreaTopology,
  CurvePoint,
  Frame,
  LatentPoint,
  LiveCaptions,
  LiveSlot,
  LocalLearningArea,
  LocalLearningTrace,
  ModelTopology,
  Occlusion,
  PathwayTopology,
  SessionMode,
  SessionState,
  Topology,
} from '../sim/session/vocabulary.ts';
export type {
  LessonPanel,
  LessonStepView,
  LessonSummary,
  LessonUpdate,
} from '../sim/lessons/vocabulary.ts';

/** The event every viewer gets when a lesson starts, stops or moves a step (a LessonUpdate). */
export const LESSON_EVENT = 'lesson';

/**
 * Client -> server: the `control` event, always with the control token (the server parses
 * it with protocol.ts's `ControlMessageSchema`, which is checked to describe this same type).
 */
export type ControlMessage = { token: string } & (
  | { action: 'play' }
  | { action: 'pause' }
  /** Advance one tick while paused. */
  | { action: 'step' }
  /** Ticks per second, 0.5..120. */
  | { action: 'speed'; ticksPerSecond: number }
  | { action: 'mode'; mode: SessionMode }
  /** Feed a drawn image (784 values in 0..1, row-major 28x28). */
  | { action: 'input'; pixels: number[] }
  /** Go back to inputs from the test set (the next one). */
  | { action: 'next-input' }
  | { action: 'occlude'; occlusion: Occlusion | null }
  /** Clamp top-area units: one entry per unit, a value in -4..4 or null for free. */
  | { action: 'clamp'; values: (number | null)[] }
  | { action: 'lesion-feedback'; lesioned: boolean }
  /** Settle mode: move to the next test image by itself once a run is done (off: stay on it). */
  | { action: 'settle-auto-advance'; enabled: boolean }
  /** Settle iterations per second, 0.5..120 (settle mode's pace, apart from the tick rate). */
  | { action: 'settle-speed'; iterationsPerSecond: number }
  /** Show a test image of this class (its index in `topology.classifier.classes`). */
  | { action: 'show-class'; label: number }
  /** Show the previous test image. */
  | { action: 'previous-input' }
  /** Stay on this input in every mode (true), or let the modes move on again (false). */
  | { action: 'hold-input'; held: boolean }
  /** Start the lesson with this id at its first step, or stop the running one (null). */
  | { action: 'lesson'; lesson: string | null }
  /** The running lesson's next step, or the step before. */
  | { action: 'lesson-next' }
  | { action: 'lesson-back' }
  /** Throw the models away and train from scratch (state.trainingRun goes up by one). */
  | { action: 'train-from-scratch' }
);
/** The `action` of a control message. */
export type ControlAction = ControlMessage['action'];

/** The protocol's version, sent in `hello`; bumped on any incompatible change. */
export const PROTOCOL_VERSION = 3;

/**
 * A model's areas as they travel: every area's state in one binary block, so a
 * frame has the same few binary attachments whatever the hierarchy's depth
 * (socket.io refuses a message with more than 10).
 */
export interface WireAreas {
  names: string[];
  /** Values of each area in `states`, in order. */
  sizes: number[];
  errorRms: number[];
  /** Every area's state, concatenated in order. */
  states: Float32Array;
}

/** A frame as it travels: the session's Frame with each model's areas packed (see WireAreas). */
export interface WireFrame extends Omit<Frame, 'generative' | 'classifier'> {
  generative: WireAreas;
  classifier: WireAreas;
}

/**
 * Sent once on connect: everything a late joiner needs to draw the same
 * picture. `F` is the frame's form: `WireFrame` as sent, `Frame` once decoded.
 */
export interface Hello<F = Frame> {
  protocol: number;
  version: string;
  backend: string;
  topology: Topology;
  state: SessionState;
  /** Recent history (bounded) so the curves and latent view start full. */
  curve: CurvePoint[];
  latent: LatentPoint[];
  /** The latest frame, if any. */
  frame: F | null;
  /** Frames per second the server sends to this client at most. */
  frameRate: number;
  /** Present when the server replays a recording (`neocortex replay`): its timeline. */
  replay?: ReplayInfo;
  /**
   * false where `GET /recording` does not serve the last minutes (a relay, the static site):
   * the page offers no download then. Absent: the live server, which does.
   */
  recording?: boolean;
}

/**
 * A replay's timeline, on the `timeline` event of the {@link REPLAY_NAMESPACE} namespace: sent on
 * every change and every half second while playing. docs/recording.md.
 */
export interface ReplayTimeline {
  positionMs: number;
  durationMs: number;
  playing: boolean;
  /** Playback speed, within {@link REPLAY_SPEED_RANGE}. */
  speed: number;
}

/** What a replay's `hello` says about the recording (a new `hello` follows every seek). */
export interface ReplayInfo extends ReplayTimeline {
  /** The recording's file name (no folder). */
  file: string;
  /** When it was recorded (ms since the Unix epoch). */
  recordedAt: number;
  frames: number;
  /** Bytes lost after the last whole record (a recording cut short). */
  lostBytes: number;
}

/** The socket.io namespace of a replay's timeline (`timeline` out, `timeline-control` in). */
export const REPLAY_NAMESPACE = '/replay';
/** Slowest and fastest replay speeds. */
export const REPLAY_SPEED_RANGE = [0.25, 8] as const;

/** Client -> replay server: the `timeline-control` event, with the control token and an ack. */
export type TimelineControl = { token: string } & (
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'seek'; positionMs: number }
  | { action: 'speed'; speed: number }
);

/** The acknowledgement of a `control` message. */
export type ControlAck = { ok: true } | { ok: false; error: string };

/** The event every client gets after each applied control (and once on connect, if any). */
export const LAST_CONTROL_EVENT = 'last-control';

/** Server -> client, {@link LAST_CONTROL_EVENT}: what the controller did last, in words. */
export interface LastControl {
  /** The control's action, e.g. `mode`. */
  action: string;
  /** A short description in the past tense, e.g. "switched to settle mode". */
  text: string;
  /** When it was applied (ms since the Unix epoch, the server's clock). */
  at: number;
}

/** `GET /viewer-link`: the address a class opens to watch (never the control token). */
export interface ViewerLink {
  /** The best viewer URL (the QR code's), e.g. `http://192.168.1.20:8080/`. */
  url: string;
  /** Every viewer URL, best first (this machine's addresses, then its host name). */
  urls: string[];
  /** False when only this machine can open it (the server listens on loopback). */
  reachable: boolean;
  /** The QR code of `url`, an SVG document. */
  qrSvg: string;
}

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

interface TypedArrayKind<T> {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/**
 * A received binary field as the typed array the protocol names. socket.io
 * delivers typed arrays as ArrayBuffer (browser) or as a Node Buffer, often an
 * unaligned slice (socket.io-client in Node). An aligned buffer is wrapped
 * without copying; an unaligned one is copied first. Anything that is not
 * binary, or not a whole number of elements, is a protocol error.
 */
function typed<T>(value: unknown, Kind: TypedArrayKind<T>, field: string): T {
  if (value instanceof (Kind as unknown as typeof Uint8Array)) return value as T;
  const size = Kind.BYTES_PER_ELEMENT;
  let buffer: ArrayBuffer;
  let offset = 0;
  let bytes: number;
  if (value instanceof ArrayBuffer) {
    buffer = value;
    bytes = value.byteLength;
  } else if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) {
    buffer = value.buffer;
    offset = value.byteOffset;
    bytes = value.byteLength;
  } else {
    throw new TypeError(`frame field ${field} is not binary (${describe(value)})`);
  }
  if (bytes % size !== 0) {
    throw new TypeError(
      `frame field ${field}: ${bytes} bytes is not a whole number of ${Kind.name} elements`,
    );
  }
  if (offset % size !== 0) {
    buffer = new Uint8Array(buffer, offset, bytes).slice().buffer;
    offset = 0;
  }
  return new Kind(buffer, offset, bytes / size);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return typeof value;
}

/** A received binary field as a Uint8Array (see `decodeFrame`). */
export const asUint8Array = (value: unknown, field = 'value'): Uint8Array =>
  typed(value, Uint8Array, field);
/** A received binary field as an Int8Array (see `decodeFrame`). */
export const asInt8Array = (value: unknown, field = 'value'): Int8Array =>
  typed(value, Int8Array, field);
/** A received binary field as a Float32Array (see `decodeFrame`). */
export const asFloat32Array = (value: unknown, field = 'value'): Float32Array =>
  typed(value, Float32Array, field);

/** Pack a model's areas for the wire (one copy of every state). */
function encodeAreas(areas: readonly AreaFrame[]): WireAreas {
  const sizes = areas.map((a) => a.state.length);
  const states = new Float32Array(sizes.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  for (const area of areas) {
    states.set(area.state, offset);
    offset += area.state.length;
  }
  return { names: areas.map((a) => a.name), sizes, errorRms: areas.map((a) => a.errorRms), states };
}

/** A session frame as it is sent: each model's areas packed into one binary block. */
export function encodeFrame(frame: Frame): WireFrame {
  return {
    ...frame,
    generative: encodeAreas(frame.generative),
    classifier: encodeAreas(frame.classifier),
  };
}

function decodeAreas(wire: WireAreas, model: string): AreaFrame[] {
  const states = asFloat32Array(wire.states, `${model}.states`);
  const { names, sizes, errorRms } = wire;
  const total = sizes.reduce((sum, n) => sum + n, 0);
  if (
    names.length !== sizes.length ||
    errorRms.length !== sizes.length ||
    total !== states.length
  ) {
    throw new TypeError(
      `frame field ${model}: ${names.length} names, ${sizes.length} sizes and ${errorRms.length} errors for ${states.length} values (sizes add up to ${total})`,
    );
  }
  let offset = 0;
  return names.map((name, i) => {
    const state = states.subarray(offset, offset + sizes[i]!);
    offset += sizes[i]!;
    return { name, state, errorRms: errorRms[i]! };
  });
}

/**
 * The local-learning traces of a received frame, checked: a list (absent, from an older
 * server: none) of traces whose every area has a name, a list of numbers (its settle
 * iterations) and a number after the update. Throws a TypeError naming what is wrong.
 */
function decodeLocalLearning(value: unknown): LocalLearningTrace[] {
  if (value === undefined) return [];
  const bad = (what: string): never => {
    throw new TypeError(`frame field localLearning: ${what}`);
  };
  if (!Array.isArray(value)) return bad(`expected a list, got ${describe(value)}`);
  for (const trace of value as LocalLearningTrace[]) {
    if (trace === null || typeof trace !== 'object' || !Array.isArray(trace.areas)) {
      bad('a trace has no list of areas');
    }
    for (const area of trace.areas) {
      const numbers =
        Array.isArray(area?.settle) && area.settle.every((v) => typeof v === 'number');
      if (typeof area?.name !== 'string' || !numbers || typeof area.afterUpdate !== 'number') {
        bad(`area ${JSON.stringify(area?.name)} needs a name, settle numbers and afterUpdate`);
      }
    }
  }
  return value as LocalLearningTrace[];
}

/**
 * A received `frame` as the session's Frame: every binary field the typed array
 * the protocol promises, every model's areas unpacked. Throws a TypeError
 * naming the field when one is not binary or does not add up.
 */
export function decodeFrame(wire: WireFrame): Frame {
  return {
    ...wire,
    input: asUint8Array(wire.input, 'input'),
    prediction: asUint8Array(wire.prediction, 'prediction'),
    predictionError: asInt8Array(wire.predictionError, 'predictionError'),
    generative: decodeAreas(wire.generative, 'generative'),
    classifier: decodeAreas(wire.classifier, 'classifier'),
    classProbabilities: asFloat32Array(wire.classProbabilities, 'classProbabilities'),
    localLearning: decodeLocalLearning(wire.localLearning),
  };
}

/** A received `hello` with its frame decoded. */
export function decodeHello(wire: Hello<WireFrame>): Hello {
  return { ...wire, frame: wire.frame === null ? null : decodeFrame(wire.frame) };
}
