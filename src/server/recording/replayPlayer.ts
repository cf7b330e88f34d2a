/**
 * Playing a recording back in time: a clock that runs at a chosen speed (0.25x to 8x) and
 * hands each record to the output when its time comes; pause, play, and seek to any time,
 * where the picture is rebuilt from the records before it (the state, the curve and latent
 * points, the last frame, the latest of every other event), as a viewer joining then got it.
 */
import type { CurvePoint, LatentPoint, ReplayTimeline, SessionState, WireFrame } from '../wire.ts';
import { REPLAY_SPEED_RANGE } from '../wire.ts';
import { NeocortexError } from '../../errors.ts';
import type { RecordableEvent } from './events.ts';
import { decodeRecord, type Recording } from './reader.ts';

/** The picture at one moment of a recording: what a `hello` then carries. */
export interface ReplayPicture {
  state: SessionState;
  curve: CurvePoint[];
  latent: LatentPoint[];
  frame: WireFrame | null;
  /** The latest payload of every other recorded event (lesson step, last control...). */
  events: Map<string, unknown>;
}

/** Where a replay's records go. */
export interface ReplayOutput {
  /** A recorded frame, at its time. */
  frame(frame: WireFrame): void;
  /** A recorded state change. */
  state(state: SessionState): void;
  /** Recorded curve points. */
  curve(points: CurvePoint[]): void;
  /** Recorded latent points. */
  latent(points: LatentPoint[]): void;
  /** Another recorded event (see events.ts), by its name. */
  event(name: string, payload: unknown): void;
  /** The timeline changed (play, pause, seek, speed, the end), and every half second in play. */
  timeline(timeline: ReplayTimeline): void;
  /** After a seek: the picture at the new position (the records before it are not replayed). */
  seeked(picture: ReplayPicture): void;
}

/** Options of a {@link ReplayPlayer}. */
export interface ReplayPlayerOptions {
  /** Playback speed, 0.25..8 (default 1). */
  speed?: number;
  /** Start playing at once (default true). */
  playing?: boolean;
  /** A clock in ms (default `performance.now`). */
  now?: () => number;
  /** Curve and latent points a picture keeps (default 1000 each). */
  points?: number;
}

/** The longest wait between two looks at the clock while playing, and between timeline updates. */
const TIMELINE_EVERY_MS = 500;

/** Check a replay speed (see `REPLAY_SPEED_RANGE`); a NeocortexError (OPTION_INVALID) if out. */
export function checkReplaySpeed(speed: number): number {
  const [low, high] = REPLAY_SPEED_RANGE;
  if (!(speed >= low && speed <= high)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `replay speed must be from ${low} to ${high}, got ${speed}`,
    );
  }
  return speed;
}

/** Plays one recording to one output (see the module comment). */
export class ReplayPlayer {
  /** The recording's length (ms). */
  readonly durationMs: number;
  private readonly now: () => number;
  private readonly points: number;
  private speed: number;
  private playing = false;
  /** Position (ms of the recording) at wall time `anchorAt`. */
  private anchor = 0;
  private anchorAt: number;
  /** Index of the first record not yet handed out. */
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastTimelineAt = -Infinity;

  /**
   * @param recording - what to play; it needs a state record at its start
   * @param output - where records go
   */
  constructor(
    private readonly recording: Recording,
    private readonly output: ReplayOutput,
    options: ReplayPlayerOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.points = options.points ?? 1000;
    this.speed = checkReplaySpeed(options.speed ?? 1);
    this.durationMs = recording.durationMs;
    this.anchorAt = this.now();
    this.next = this.indexAfter(0);
    if (options.playing ?? true) this.play();
  }

  /** The current position (ms of the recording). */
  get positionMs(): number {
    if (!this.playing) return this.anchor;
    return Math.min(this.durationMs, this.anchor + (this.now() - this.anchorAt) * this.speed);
  }

  /** Where the timeline stands. */
  timeline(): ReplayTimeline {
    return {
      positionMs: Math.round(this.positionMs),
      durationMs: this.durationMs,
      playing: this.playing,
      speed: this.speed,
    };
  }

  /** Play from the current position (from the start when at the end). */
  play(): void {
    if (this.playing) return;
    if (this.anchor >= this.durationMs && this.durationMs > 0) this.seek(0);
    this.anchorAt = this.now();
    this.playing = true;
    this.changed();
  }

  /** Pause where it is. */
  pause(): void {
    if (!this.playing) return;
    this.anchor = this.positionMs;
    this.playing = false;
    this.changed();
  }

  /** Change the speed (0.25..8), keeping the position. */
  setSpeed(speed: number): void {
    checkReplaySpeed(speed);
    this.anchor = this.positionMs;
    this.anchorAt = this.now();
    this.speed = speed;
    this.changed();
  }

  /** Go to `positionMs` (clamped to the recording): the output gets the picture there. */
  seek(positionMs: number): void {
    const target = Math.max(0, Math.min(this.durationMs, positionMs));
    this.anchor = target;
    this.anchorAt = this.now();
    this.next = this.indexAfter(target);
    this.output.seeked(this.pictureAt(target));
    this.changed();
  }

  /**
   * The picture at `positionMs`: every record at or before it folded (see ReplayPicture); before
   * the first frame, the first frame.
   */
  pictureAt(positionMs: number): ReplayPicture {
    let state: SessionState | undefined;
    let frame: WireFrame | null = null;
    let curve: CurvePoint[] = [];
    let latent: LatentPoint[] = [];
    const events = new Map<string, unknown>();
    const end = this.indexAfter(positionMs);
    let frameIndex = -1;
    for (let i = 0; i < end; i += 1) {
      const entry = this.recording.records[i]!;
      if (entry.kind === 'frame') {
        frameIndex = i;
        continue;
      }
      const item = decodeRecord(entry);
      if (item.kind !== 'event') continue;
      const name = item.name as RecordableEvent;
      if (name === 'state') state = item.payload as SessionState;
      else if (name === 'curve') curve = curve.concat(item.payload as CurvePoint[]);
      else if (name === 'latent') latent = latent.concat(item.payload as LatentPoint[]);
      else events.set(name, item.payload);
      if (curve.length > 2 * this.points) curve = curve.slice(-this.points);
      if (latent.length > 2 * this.points) latent = latent.slice(-this.points);
    }
    // Before the first frame: show the first (a viewer always sees a picture).
    if (frameIndex < 0) frameIndex = this.recording.records.findIndex((r) => r.kind === 'frame');
    if (frameIndex >= 0) {
      const item = decodeRecord(this.recording.records[frameIndex]!);
      if (item.kind === 'frame') frame = item.frame;
    }
    state ??= this.firstState();
    return {
      state,
      curve: curve.slice(-this.points),
      latent: latent.slice(-this.points),
      frame,
      events,
    };
  }

  /** Stop the clock (nothing more is handed out). */
  dispose(): void {
    this.playing = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The first state the recording holds (a recording without one is refused). */
  private firstState(): SessionState {
    for (const entry of this.recording.records) {
      if (entry.kind !== 'event' || entry.name !== 'state') continue;
      const item = decodeRecord(entry);
      if (item.kind === 'event') return item.payload as SessionState;
    }
    throw new NeocortexError('RECORDING_INVALID', 'the recording holds no session state');
  }

  /** Index of the first record later than `positionMs`. */
  private indexAfter(positionMs: number): number {
    const records = this.recording.records;
    let low = 0;
    let high = records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (records[mid]!.timeMs <= positionMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private changed(): void {
    this.lastTimelineAt = this.now();
    this.output.timeline(this.timeline());
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.playing) return;
    const position = this.positionMs;
    const upcoming = this.recording.records[this.next]?.timeMs ?? this.durationMs;
    const wait = Math.min(TIMELINE_EVERY_MS, Math.max(0, (upcoming - position) / this.speed));
    this.timer = setTimeout(() => this.advance(), wait);
  }

  /** Hand out every record whose time has come; stop at the end. */
  private advance(): void {
    this.timer = undefined;
    if (!this.playing) return;
    const position = this.positionMs;
    const records = this.recording.records;
    while (this.next < records.length && records[this.next]!.timeMs <= position) {
      const item = decodeRecord(records[this.next]!);
      this.next += 1;
      if (item.kind === 'frame') this.output.frame(item.frame);
      else if (item.name === 'state') this.output.state(item.payload as SessionState);
      else if (item.name === 'curve') this.output.curve(item.payload as CurvePoint[]);
      else if (item.name === 'latent') this.output.latent(item.payload as LatentPoint[]);
      else this.output.event(item.name, item.payload);
    }
    if (position >= this.durationMs) {
      this.anchor = this.durationMs;
      this.playing = false;
      this.changed();
      return;
    }
    if (this.now() - this.lastTimelineAt >= TIMELINE_EVERY_MS) {
      this.lastTimelineAt = this.now();
      this.output.timeline(this.timeline());
    }
    this.schedule();
  }
}
