/**
 * The live session on Redis: what `neocortex serve --redis` writes and relays read.
 *
 * - `<name>:live:entries`: a Redis stream of what viewers are told, in order: frames
 *   (each with the latent and curve points recorded since the previous one), states,
 *   lesson steps and last controls. Capped (`MAXLEN ~`): Redis keeps the last few
 *   seconds, never more; a relay that was away longer reloads the snapshot.
 * - `<name>:live:snapshot`: what a newcomer needs (topology, state, the bounded history,
 *   the latest frame, lesson and last control), rewritten every second with the stream
 *   entry it is current to. It expires when the simulation stops writing it.
 * - `<name>:live:control` (pub/sub): controls from relays' viewers to the simulation;
 *   `<name>:live:ack:<relay>` (pub/sub): the simulation's answers.
 *
 * Values are MessagePack (msgpackr, typed arrays kept as such).
 */
import { Packr } from 'msgpackr';
import type {
  ControlAck,
  Hello,
  LastControl,
  LessonUpdate,
  SessionState,
  WireFrame,
} from '../wire.ts';

/** The default channel name (`--redis-channel`). */
export const DEFAULT_CHANNEL = 'neocortex';
/** Stream entries Redis keeps at most (approximately: `MAXLEN ~`), a few seconds of frames. */
export const STREAM_CAP = 200;
/** How often the snapshot is rewritten (ms), and how long it outlives its writer (s). */
export const SNAPSHOT_EVERY_MS = 1000;
export const SNAPSHOT_TTL_S = 30;

/** The Redis keys and channels of one live session. */
export interface ChannelKeys {
  entries: string;
  snapshot: string;
  control: string;
  ack(relay: string): string;
}

/** The keys of the live session named `name`. */
export function channelKeys(name: string): ChannelKeys {
  const base = `${name}:live`;
  return {
    entries: `${base}:entries`,
    snapshot: `${base}:snapshot`,
    control: `${base}:control`,
    ack: (relay) => `${base}:ack:${relay}`,
  };
}

/** One entry of the stream: what every viewer is told, numbered within its run. */
export type LiveEntry = { run: string; seq: number } & (
  | { type: 'frame'; frame: WireFrame }
  | { type: 'state'; state: SessionState }
  | { type: 'lesson'; lesson: LessonUpdate }
  | { type: 'last-control'; last: LastControl }
);

/** What a newcomer needs, current to stream entry `entryId` (`seq` within `run`). */
export interface Snapshot {
  run: string;
  seq: number;
  entryId: string;
  protocol: number;
  version: string;
  hello: Hello<WireFrame>;
  curveCapacity: number;
  latentCapacity: number;
  lesson: LessonUpdate | null;
  last: LastControl | null;
}

/** A control from a relay's viewer, on its way to the simulation. */
export interface ControlRequest {
  relay: string;
  request: number;
  connection: string;
  payload: unknown;
}
/** The simulation's answer to a {@link ControlRequest}, on the relay's ack channel. */
export interface ControlReply {
  request: number;
  ack: ControlAck;
}

const packr = new Packr({ useRecords: false, moreTypes: true });

/** A value as MessagePack bytes. */
export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

/** MessagePack bytes as a value; what they hold is checked by the reader. */
export function unpack(bytes: Buffer): unknown {
  return packr.unpack(bytes);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` as a stream entry, or a line saying what is wrong with it. */
export function asEntry(value: unknown): LiveEntry | string {
  if (!isObject(value)) return 'not an object';
  if (typeof value.run !== 'string' || typeof value.seq !== 'number') return 'no run or seq';
  const fields = { frame: 'frame', state: 'state', lesson: 'lesson', 'last-control': 'last' };
  const field = fields[value.type as keyof typeof fields] as string | undefined;
  if (field === undefined) return `unknown type ${String(value.type)}`;
  if (!isObject(value[field])) return `${String(value.type)} without its ${field}`;
  return value as LiveEntry;
}

/** `value` as a snapshot, or a line saying what is wrong with it. */
export function asSnapshot(value: unknown): Snapshot | string {
  if (!isObject(value)) return 'not an object';
  for (const key of ['run', 'entryId', 'version'] as const) {
    if (typeof value[key] !== 'string') return `no ${key}`;
  }
  for (const key of ['seq', 'protocol', 'curveCapacity', 'latentCapacity'] as const) {
    if (typeof value[key] !== 'number') return `no ${key}`;
  }
  const hello = value.hello;
  if (!isObject(hello) || !isObject(hello.topology) || !isObject(hello.state)) {
    return 'no hello (topology and state)';
  }
  if (!Array.isArray(hello.curve) || !Array.isArray(hello.latent)) return 'no history';
  return value as unknown as Snapshot;
}
