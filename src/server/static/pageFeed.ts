/**
 * What the static site's session worker sends its page, and when: the worker's counterpart of
 * clientFeed.ts (which feeds one socket). A slot, not a queue: the newest frame and the newest
 * state not yet sent. It sends at most `frameRate` frames a second, and a frame only once the
 * page has taken the previous one (`frame-taken`), so a page that draws slowly skips frames and
 * nothing piles up in the worker's message queue. Each frame carries the latent and curve points
 * recorded since the previous frame this page got, from the session's bounded history.
 */
import type { SessionHistory } from '../../sim/session/sessionHistory.ts';
import type { SessionState, WireFrame } from '../wire.ts';

/** Most points of each kind one frame carries (as a socket's feed). */
const MAX_POINTS_PER_FRAME = 1000;

/** Where the feed posts: the worker's `postMessage` for these two events. */
export type PagePost = (
  message: { event: 'frame'; payload: WireFrame } | { event: 'state'; payload: SessionState },
  transfer: ArrayBuffer[],
) => void;

/** One page's feed in the worker; see the file comment. */
export class PageFeed {
  private frame: WireFrame | undefined;
  private state: SessionState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private lastSentAt = -Infinity;
  private lastLatentId: number;
  private lastCurveStep: number;
  private closed = false;
  private readonly interval: number;

  /**
   * @param post - sends one message to the page
   * @param history - the session's bounded history (the hello carried it so far)
   * @param frameRate - frames a second at most
   */
  constructor(
    private readonly post: PagePost,
    private readonly history: SessionHistory,
    frameRate: number,
  ) {
    if (!(frameRate > 0)) throw new Error(`frameRate must be positive, got ${frameRate}`);
    this.interval = 1000 / frameRate;
    this.lastLatentId = history.lastLatentId;
    this.lastCurveStep = history.lastCurveStep;
  }

  /** Offer the newest frame (encoded for the wire); an unsent older one is dropped. */
  offerFrame(frame: WireFrame): void {
    if (this.closed) return;
    this.frame = frame;
    this.schedule();
  }

  /** Offer the newest state; an unsent older one is dropped. States go out at once. */
  offerState(state: SessionState): void {
    if (this.closed) return;
    this.state = state;
    this.schedule();
  }

  /** The page took the last frame sent. */
  frameTaken(): void {
    this.inFlight = false;
    this.schedule();
  }

  /** Send nothing more. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.frame = undefined;
    this.state = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined) return;
    if (this.state !== undefined) {
      this.post({ event: 'state', payload: this.state }, []);
      this.state = undefined;
    }
    if (this.frame === undefined || this.inFlight) return;
    const wait = this.lastSentAt + this.interval - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    const frame = this.frame;
    this.frame = undefined;
    const latentPoints = this.history.latentSince(this.lastLatentId).slice(-MAX_POINTS_PER_FRAME);
    const curvePoints = this.history.curveSince(this.lastCurveStep).slice(-MAX_POINTS_PER_FRAME);
    this.lastLatentId = latentPoints.at(-1)?.id ?? this.lastLatentId;
    this.lastCurveStep = curvePoints.at(-1)?.step ?? this.lastCurveStep;
    this.lastSentAt = performance.now();
    this.inFlight = true;
    // The packed area states are the frame's own copies (encodeFrame): hand them over.
    const transfer = [frame.generative.states, frame.classifier.states]
      .map((states) => states.buffer)
      .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    this.post({ event: 'frame', payload: { ...frame, latentPoints, curvePoints } }, transfer);
  }
}
