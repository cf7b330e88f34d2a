/**
 * What one client is sent, and when. The feed holds a slot, not a queue: the
 * latest frame and the latest state not yet sent. It sends at most `frameRate`
 * frames a second, and only when the client's connection has nothing waiting
 * (its engine.io write buffer is empty and its transport is writable): a slow
 * or stalled client skips frames, the server never buffers more than the one
 * message in flight for it, and the simulation never waits. Each frame carries
 * the latent and curve points recorded since the previous frame this client got
 * (from the session's bounded history).
 */
import type { Socket } from 'socket.io';
import type { SessionHistory } from '../sim/session/sessionHistory.ts';
import type { SessionState, WireFrame } from './wire.ts';

/** Most points of each kind one frame carries (the history holds at most as many anyway). */
const MAX_POINTS_PER_FRAME = 1000;
/** How soon to look again at a connection that was busy. */
const RETRY_MS = 10;

/** How one client's feed is doing: frames sent and skipped, and what waits in its buffers. */
export interface FeedStats {
  /** Frames sent to this client. */
  sent: number;
  /** Frames replaced in the slot before they could be sent. */
  skipped: number;
  /** Packets waiting in the engine.io write buffer. */
  queuedPackets: number;
  /** Bytes the websocket has accepted but not yet handed to the kernel. */
  bufferedBytes: number;
}

/** The parts of an engine.io connection the feed looks at. */
interface ConnectionLike {
  writeBuffer: unknown[];
  transport: { writable: boolean; socket?: { bufferedAmount?: number } };
}

export class ClientFeed {
  private frame: WireFrame | undefined;
  private state: SessionState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = -Infinity;
  private lastLatentId: number;
  private lastCurveStep: number;
  private closed = false;
  private counts = { sent: 0, skipped: 0 };
  private readonly interval: number;

  constructor(
    private readonly socket: Socket,
    private readonly history: SessionHistory,
    frameRate: number,
  ) {
    if (!(frameRate > 0)) throw new Error(`frameRate must be positive, got ${frameRate}`);
    this.interval = 1000 / frameRate;
    // The hello carried the history so far.
    this.lastLatentId = history.lastLatentId;
    this.lastCurveStep = history.lastCurveStep;
  }

  /**
   * Offer the newest frame, already encoded for the wire (once per tick for every
   * viewer); an unsent older one is dropped.
   */
  offerFrame(frame: WireFrame): void {
    if (this.closed) return;
    if (this.frame !== undefined) this.counts.skipped += 1;
    this.frame = frame;
    this.schedule();
  }

  /** Offer the newest state; an unsent older one is dropped. */
  offerState(state: SessionState): void {
    if (this.closed) return;
    this.state = state;
    this.schedule();
  }

  stats(): FeedStats {
    const conn = this.socket.conn as unknown as ConnectionLike;
    return {
      ...this.counts,
      queuedPackets: conn.writeBuffer.length,
      bufferedBytes: conn.transport.socket?.bufferedAmount ?? 0,
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.frame = undefined;
    this.state = undefined;
  }

  /** Whether the connection has nothing waiting to go out. */
  private writable(): boolean {
    const conn = this.socket.conn as unknown as ConnectionLike;
    return this.socket.connected && conn.transport.writable && conn.writeBuffer.length === 0;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    const wait = this.state !== undefined ? 0 : this.lastSentAt + this.interval - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.onTimer(), wait);
  }

  private onTimer(): void {
    this.timer = undefined;
    this.flush();
  }

  private flush(): void {
    if (this.closed) return;
    if (!this.writable()) {
      // Look again shortly; meanwhile newer frames replace the slot, nothing queues.
      this.timer = setTimeout(() => this.onTimer(), Math.min(this.interval, RETRY_MS));
      return;
    }
    if (this.state !== undefined) {
      this.socket.emit('state', this.state);
      this.state = undefined;
      if (this.frame !== undefined) this.schedule();
      return;
    }
    const frame = this.frame;
    if (frame === undefined) return;
    if (performance.now() < this.lastSentAt + this.interval) {
      this.schedule();
      return;
    }
    this.frame = undefined;
    const latentPoints = this.history.latentSince(this.lastLatentId).slice(-MAX_POINTS_PER_FRAME);
    const curvePoints = this.history.curveSince(this.lastCurveStep).slice(-MAX_POINTS_PER_FRAME);
    this.lastLatentId = latentPoints.at(-1)?.id ?? this.lastLatentId;
    this.lastCurveStep = curvePoints.at(-1)?.step ?? this.lastCurveStep;
    this.lastSentAt = performance.now();
    this.counts.sent += 1;
    this.socket.emit('frame', { ...frame, latentPoints, curvePoints });
  }
}
