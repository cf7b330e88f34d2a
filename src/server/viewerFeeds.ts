/**
 * What every viewer is sent, and when. Each viewer has a slot, not a queue: the
 * newest frame and state it has not had yet. A viewer gets at most one frame in each
 * 1/`frameRate` s of the clock, and only when its connection has nothing waiting (the engine.io
 * write buffer is empty and the transport writable): a slow or stalled viewer skips
 * frames, the server never buffers more than the one message in flight for it, and
 * the simulation never waits.
 *
 * Viewers are served together: the viewers due a frame at the same moment, with the
 * same history cursor (the latent and curve points they have), get one message,
 * encoded once by socket.io's broadcast and written to each. Viewers keeping up share
 * one cursor, so a tick costs one encoding however many watch; a viewer that fell
 * behind forms its own group and catches up on the points it missed (from the
 * session's bounded history).
 */
import type { Namespace, Socket } from 'socket.io';
import type { SessionHistory } from '../sim/session/sessionHistory.ts';
import type { SessionState, WireFrame } from './wire.ts';

/** Most points of each kind one frame carries (the history holds at most as many anyway). */
const MAX_POINTS_PER_FRAME = 1000;
/** How soon to look again at a connection that was busy. */
const RETRY_MS = 10;

/** How one viewer's feed is doing: frames sent and skipped, and what waits in its buffers. */
export interface FeedStats {
  /** Frames sent to this viewer. */
  sent: number;
  /** Frames replaced in the slot before they could be sent. */
  skipped: number;
  /** Packets waiting in the engine.io write buffer. */
  queuedPackets: number;
  /** Bytes the websocket has accepted but not yet handed to the kernel. */
  bufferedBytes: number;
}

/** The parts of an engine.io connection the feeds look at. */
interface ConnectionLike {
  writeBuffer: unknown[];
  transport: { writable: boolean; socket?: { bufferedAmount?: number } };
}

/** One viewer's slot: what it has had, and when. */
interface Viewer {
  readonly socket: Socket;
  /** The frame slot (1/frameRate s of the clock) it last got a frame in. */
  slot: number;
  /** The newest frame (by sequence number) it had or was skipped past. */
  frameSeq: number;
  /** The newest state it had. */
  stateSeq: number;
  /** The newest latent point id and curve step it has. */
  latentCursor: number;
  curveCursor: number;
  sent: number;
  skipped: number;
}

/** How the feeds fare as a whole: broadcasts made, each encoded once. */
export interface FanoutStats {
  /** Frame messages encoded (one per group of viewers served together). */
  frameBroadcasts: number;
  /** Frames delivered (the sum over viewers). */
  framesSent: number;
}

/**
 * The feeds of every viewer of one namespace. `add` a socket once it has had its
 * `hello` (which carried the history so far); `offerFrame` and `offerState` with
 * the newest ones; `remove` on disconnect.
 */
export class ViewerFeeds {
  private readonly viewers = new Map<string, Viewer>();
  private frame: WireFrame | undefined;
  private frameSeq = 0;
  private state: SessionState | undefined;
  private stateSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly interval: number;
  private readonly totals: FanoutStats = { frameBroadcasts: 0, framesSent: 0 };

  /**
   * @param nsp - the namespace the viewers are connected to (broadcasts go through it)
   * @param history - the session's bounded history (a getter: a replay swaps it on seek)
   * @param frameRate - frames per second per viewer at most
   */
  constructor(
    private readonly nsp: Namespace,
    private readonly history: () => SessionHistory,
    frameRate: number,
  ) {
    if (!(frameRate > 0)) throw new Error(`frameRate must be positive, got ${frameRate}`);
    this.interval = 1000 / frameRate;
  }

  /** Viewers served. */
  get size(): number {
    return this.viewers.size;
  }

  /**
   * Start feeding `socket`, which was just greeted with the history so far and the
   * newest frame and state (so it has those). Adding a socket again starts it over.
   */
  add(socket: Socket): void {
    if (this.closed) return;
    const history = this.history();
    this.viewers.set(socket.id, {
      socket,
      slot: -Infinity,
      frameSeq: this.frameSeq,
      stateSeq: this.stateSeq,
      latentCursor: history.lastLatentId,
      curveCursor: history.lastCurveStep,
      sent: 0,
      skipped: 0,
    });
  }

  /** Stop feeding the socket with this id. */
  remove(id: string): void {
    this.viewers.delete(id);
  }

  /** Offer the newest frame, already encoded for the wire; an unsent older one is dropped. */
  offerFrame(frame: WireFrame): void {
    if (this.closed) return;
    const previous = this.frameSeq;
    this.frame = frame;
    this.frameSeq += 1;
    // A viewer that had not got the previous frame now never will.
    for (const viewer of this.viewers.values()) {
      if (previous > 0 && viewer.frameSeq < previous) viewer.skipped += 1;
    }
    this.pump();
  }

  /** Offer the newest state; an unsent older one is dropped. */
  offerState(state: SessionState): void {
    if (this.closed) return;
    this.state = state;
    this.stateSeq += 1;
    this.pump();
  }

  /** Each viewer's feed statistics, by socket id. */
  stats(): Map<string, FeedStats> {
    return new Map(
      [...this.viewers].map(([id, viewer]) => {
        const conn = viewer.socket.conn as unknown as ConnectionLike;
        const stats: FeedStats = {
          sent: viewer.sent,
          skipped: viewer.skipped,
          queuedPackets: conn.writeBuffer.length,
          bufferedBytes: conn.transport.socket?.bufferedAmount ?? 0,
        };
        return [id, stats];
      }),
    );
  }

  /** Broadcasts made and frames delivered so far. */
  fanout(): FanoutStats {
    return { ...this.totals };
  }

  /** Stop: no more sends; every slot is emptied. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.viewers.clear();
    this.frame = undefined;
    this.state = undefined;
  }

  /** Send what is due to every viewer that can take it, and look again when the next is due. */
  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    let wait = Infinity;
    wait = Math.min(wait, this.sendState());
    wait = Math.min(wait, this.sendFrames());
    if (Number.isFinite(wait)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, wait));
    }
  }

  /** The state to every writable viewer lacking it, in one broadcast; ms until a retry. */
  private sendState(): number {
    const state = this.state;
    if (state === undefined) return Infinity;
    const ready: Viewer[] = [];
    let wait = Infinity;
    for (const viewer of this.viewers.values()) {
      if (viewer.stateSeq >= this.stateSeq) continue;
      if (writable(viewer.socket)) ready.push(viewer);
      else wait = RETRY_MS;
    }
    if (ready.length > 0) {
      this.nsp.to(ready.map((v) => v.socket.id)).emit('state', state);
      for (const viewer of ready) viewer.stateSeq = this.stateSeq;
    }
    return wait;
  }

  /** The frame to every viewer due one, a broadcast per history cursor; ms until the next is due. */
  private sendFrames(): number {
    const frame = this.frame;
    if (frame === undefined) return Infinity;
    // Time is cut in slots of 1/frameRate s, the same for every viewer: a viewer gets at
    // most one frame a slot, and viewers keeping up fall due together (one broadcast).
    const now = performance.now();
    const slot = Math.floor(now / this.interval);
    const nextSlotIn = (slot + 1) * this.interval - now;
    const groups = new Map<string, Viewer[]>();
    let wait = Infinity;
    for (const viewer of this.viewers.values()) {
      if (viewer.frameSeq >= this.frameSeq) continue;
      const due = viewer.slot < slot;
      // The state goes first; its message must be out before the frame follows.
      if (viewer.stateSeq < this.stateSeq || !writable(viewer.socket)) {
        wait = Math.min(wait, due ? RETRY_MS : Math.max(nextSlotIn, RETRY_MS));
        continue;
      }
      if (!due) {
        wait = Math.min(wait, nextSlotIn);
        continue;
      }
      const key = `${viewer.latentCursor}/${viewer.curveCursor}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [viewer]);
      else group.push(viewer);
    }
    const history = this.history();
    for (const group of groups.values()) {
      const { latentCursor, curveCursor } = group[0]!;
      const latentPoints = history.latentSince(latentCursor).slice(-MAX_POINTS_PER_FRAME);
      const curvePoints = history.curveSince(curveCursor).slice(-MAX_POINTS_PER_FRAME);
      this.nsp
        .to(group.map((v) => v.socket.id))
        .emit('frame', { ...frame, latentPoints, curvePoints });
      this.totals.frameBroadcasts += 1;
      this.totals.framesSent += group.length;
      const latentNow = latentPoints.at(-1)?.id ?? latentCursor;
      const curveNow = curvePoints.at(-1)?.step ?? curveCursor;
      for (const viewer of group) {
        viewer.frameSeq = this.frameSeq;
        viewer.slot = slot;
        viewer.latentCursor = latentNow;
        viewer.curveCursor = curveNow;
        viewer.sent += 1;
      }
    }
    return wait;
  }
}

/** Whether a socket's connection has nothing waiting to go out. */
function writable(socket: Socket): boolean {
  const conn = socket.conn as unknown as ConnectionLike;
  return socket.connected && conn.transport.writable && conn.writeBuffer.length === 0;
}
