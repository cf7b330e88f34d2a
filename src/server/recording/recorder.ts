/**
 * The session recorder: what a viewer sees, as records. It starts with the session's state,
 * its curve and latent history and its latest frame (what a `hello` carries), then records
 * every state change, and frames at most at the viewers' frame rate (a slot, as a viewer's
 * feed: a newer frame replaces one not yet recorded), each after the curve and latent points
 * that came with it. Other broadcast events are recorded through {@link SessionRecorder.record}.
 * Records go to sinks (a file, the in-memory ring), encoded once.
 */
import type { Observable, Subscription } from 'rxjs';
import type { Session } from '../../sim/session/index.ts';
import { VERSION } from '../../version.ts';
import { encodeFrame, PROTOCOL_VERSION, type WireFrame } from '../wire.ts';
import type { RecordableEvent, RecordableEvents } from './events.ts';
import {
  encodeEventPayload,
  encodeFramePayload,
  encodeRecord,
  RecordKind,
  type RecordingHeader,
} from './format.ts';

/** A record as a sink gets it: encoded (`bytes`) and as the object it came from. */
export type SinkEntry =
  | { kind: 'frame'; timeMs: number; bytes: Buffer; frame: WireFrame }
  | { kind: 'event'; timeMs: number; bytes: Buffer; name: RecordableEvent; payload: unknown };

/** Where records go: a file, the ring of the last minutes. */
export interface RecordingSink {
  /** Take one record (called in time order). */
  write(entry: SinkEntry): void;
  /** Flush and release what it holds open. */
  close(): Promise<void>;
}

/** How {@link SessionRecorder} records. */
export interface RecorderOptions {
  /** Frames per second recorded at most (the viewers' frame rate). */
  frameRate: number;
  /** The compute backend's name, for the header. */
  backend: string;
  /** A clock in ms (default `performance.now`). */
  now?: () => number;
}

/** The header a recording of `session` starts with (time 0 is now). */
export function recordingHeader(
  session: Session,
  options: RecorderOptions,
  source: RecordingHeader['source'] = 'record',
): RecordingHeader {
  return {
    format: 'neocortex-recording',
    protocol: PROTOCOL_VERSION,
    version: VERSION,
    backend: options.backend,
    frameRate: options.frameRate,
    topology: session.topology,
    startedAt: Date.now(),
    source,
  };
}

/** Records one live session into its sinks until disposed. */
export class SessionRecorder {
  /** The header every sink's recording starts with. */
  readonly header: RecordingHeader;
  private readonly sinks: RecordingSink[] = [];
  private readonly now: () => number;
  private origin: number;
  private readonly interval: number;
  private readonly subscriptions: Subscription[] = [];
  private pending: WireFrame | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastFrameAt = -Infinity;
  private lastCurveStep: number;
  private lastLatentId: number;
  private disposed = false;
  private readonly followed: (() => Subscription)[] = [];

  /**
   * @param session - the live session to record
   * @param sinks - where the records go (more may be added with {@link addSink}); nothing is
   *   recorded before {@link start}
   */
  constructor(
    private readonly session: Session,
    options: RecorderOptions,
    sinks: RecordingSink[] = [],
  ) {
    this.now = options.now ?? (() => performance.now());
    this.origin = this.now();
    this.interval = 1000 / options.frameRate;
    this.header = recordingHeader(session, options);
    this.sinks.push(...sinks);
    this.lastCurveStep = session.history.lastCurveStep;
    this.lastLatentId = session.history.lastLatentId;
  }

  /** Add a sink (before {@link start}); it gets the records from then on. */
  addSink(sink: RecordingSink): void {
    this.sinks.push(sink);
  }

  /**
   * Record `event` from `source$` from {@link start} on (or at once if started already). A
   * source that starts with its current value (a BehaviorSubject's, as the lesson desk's)
   * records what a viewer joining then gets first.
   */
  follow<E extends RecordableEvent>(event: E, source$: Observable<RecordableEvents[E]>): void {
    const begin = (): Subscription => source$.subscribe((payload) => this.record(event, payload));
    if (this.subscriptions.length > 0) this.subscriptions.push(begin());
    else this.followed.push(begin);
  }

  /**
   * Start: record what a `hello` carries (the state, the curve and latent history, the latest
   * frame), then follow the session's frames and states. Once only.
   */
  start(): this {
    if (this.subscriptions.length > 0 || this.disposed) return this;
    // Time 0 is now (a sink may have taken a while to open).
    this.origin = this.now();
    const { history } = this.session;
    this.record('state', this.session.state);
    this.record('curve', history.curve.toArray());
    this.record('latent', history.latent.toArray());
    this.lastCurveStep = history.lastCurveStep;
    this.lastLatentId = history.lastLatentId;
    const latest = this.session.latestFrame;
    if (latest !== null) this.writeFrame(encodeFrame(latest));
    this.subscriptions.push(
      this.session.frame$.subscribe((frame) => this.offerFrame(encodeFrame(frame))),
      this.session.state$.subscribe((state) => this.record('state', state)),
      ...this.followed.map((begin) => begin()),
    );
    return this;
  }

  /** Milliseconds since the recording began. */
  elapsedMs(): number {
    return this.now() - this.origin;
  }

  /** Record a broadcast event (see events.ts); ignored once disposed. */
  record<E extends RecordableEvent>(event: E, payload: RecordableEvents[E]): void {
    if (this.disposed) return;
    if ((event === 'curve' || event === 'latent') && (payload as unknown[]).length === 0) return;
    const timeMs = this.elapsedMs();
    const bytes = encodeRecord(RecordKind.event, timeMs, encodeEventPayload(event, payload));
    this.emit({ kind: 'event', timeMs, bytes, name: event, payload });
  }

  /**
   * Offer a frame already encoded for the wire (the one the viewers get); it is recorded at
   * once if the last one is a frame interval old, else it waits in the slot.
   */
  offerFrame(frame: WireFrame): void {
    if (this.disposed) return;
    this.pending = frame;
    if (this.timer !== undefined) return;
    const wait = this.lastFrameAt + this.interval - this.now();
    if (wait <= 0) this.flushFrame();
    else this.timer = setTimeout(() => this.flushFrame(), wait);
  }

  /** Stop recording (the frame waiting in the slot is written) and close every sink. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending !== undefined) this.flushFrame();
    this.disposed = true;
    await Promise.all(this.sinks.map((sink) => sink.close()));
  }

  private flushFrame(): void {
    this.timer = undefined;
    const frame = this.pending;
    this.pending = undefined;
    if (frame === undefined) return;
    const { history } = this.session;
    const curve = history.curveSince(this.lastCurveStep);
    const latent = history.latentSince(this.lastLatentId);
    this.lastCurveStep = curve.at(-1)?.step ?? this.lastCurveStep;
    this.lastLatentId = latent.at(-1)?.id ?? this.lastLatentId;
    this.record('curve', curve);
    this.record('latent', latent);
    this.writeFrame(frame);
  }

  private writeFrame(frame: WireFrame): void {
    this.lastFrameAt = this.now();
    const timeMs = this.elapsedMs();
    const bytes = encodeRecord(RecordKind.frame, timeMs, encodeFramePayload(frame));
    this.emit({ kind: 'frame', timeMs, bytes, frame });
  }

  private emit(entry: SinkEntry): void {
    for (const sink of this.sinks) sink.write(entry);
  }
}
