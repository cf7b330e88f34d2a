/**
 * A relay's copy of the live session, kept from Redis: loaded from a snapshot, then
 * brought forward entry by entry. Its history is a SessionHistory of the session's own
 * capacities, so the viewers' feeds and greetings work on it as they do on a session.
 * Points are recorded once (a snapshot and the entries after it overlap by design).
 */
import { SessionHistory } from '../../sim/session/sessionHistory.ts';
import type {
  Hello,
  LastControl,
  LessonUpdate,
  SessionState,
  Topology,
  WireFrame,
} from '../wire.ts';
import type { LiveEntry, Snapshot } from './channel.ts';

/** What applying an entry did: the relay tells its viewers accordingly. */
export type Applied =
  | { kind: 'frame'; frame: WireFrame }
  | { kind: 'state'; state: SessionState }
  | { kind: 'lesson'; lesson: LessonUpdate }
  | { kind: 'last-control'; last: LastControl }
  /** The entry belongs to another run or skips some: reload the snapshot. */
  | { kind: 'reload'; why: string }
  /** Seen already. */
  | { kind: 'none' };

/** The session as last heard from Redis. */
export class LiveMirror {
  run = '';
  seq = 0;
  /** The stream entry to read after. */
  entryId = '0-0';
  version = '';
  protocol = 0;
  topology: Topology | undefined;
  state: SessionState | undefined;
  frame: WireFrame | null = null;
  lesson: LessonUpdate | null = null;
  last: LastControl | null = null;
  history = new SessionHistory(1, 1);
  /** Entries applied since the last load. */
  private sinceLoad = 0;

  /** Whether a snapshot was loaded. */
  get loaded(): boolean {
    return this.topology !== undefined;
  }

  /** Start over from `snapshot`. */
  load(snapshot: Snapshot): void {
    const { hello } = snapshot;
    this.run = snapshot.run;
    this.seq = snapshot.seq;
    this.entryId = snapshot.entryId;
    this.version = snapshot.version;
    this.protocol = snapshot.protocol;
    this.topology = hello.topology;
    this.state = hello.state;
    this.frame = hello.frame;
    this.lesson = snapshot.lesson;
    this.last = snapshot.last;
    this.history = new SessionHistory(snapshot.curveCapacity, snapshot.latentCapacity);
    for (const point of hello.curve) this.history.curve.record(point);
    for (const point of hello.latent) this.history.latent.record(point);
    this.sinceLoad = 0;
  }

  /** Forget everything: the next entries wait for a snapshot. */
  unload(): void {
    this.topology = undefined;
  }

  /** Apply stream entry `entry` (read at `entryId`). */
  apply(entry: LiveEntry, entryId: string): Applied {
    this.entryId = entryId;
    if (entry.run !== this.run) return { kind: 'reload', why: 'a new simulation run' };
    if (entry.seq <= this.seq) return { kind: 'none' };
    // A gap: entries were lost (Redis or this relay was away). Right after a load the
    // snapshot may be a little older than the stream's oldest entry: take what there is.
    if (entry.seq !== this.seq + 1 && this.sinceLoad > 0) {
      return { kind: 'reload', why: `entries ${this.seq + 1}-${entry.seq - 1} were lost` };
    }
    this.seq = entry.seq;
    this.sinceLoad += 1;
    switch (entry.type) {
      case 'frame':
        return { kind: 'frame', frame: this.record(entry.frame) };
      case 'state':
        if (this.state !== undefined && entry.state.trainingRun !== this.state.trainingRun) {
          // Training started over: so do the curves, as in the session.
          this.history.clear();
        }
        this.state = entry.state;
        return { kind: 'state', state: entry.state };
      case 'lesson':
        this.lesson = entry.lesson;
        return { kind: 'lesson', lesson: entry.lesson };
      case 'last-control':
        this.last = entry.last;
        return { kind: 'last-control', last: entry.last };
    }
  }

  /** The greeting for a newcomer, at `frameRate`, named as relayed. */
  hello(frameRate: number, backend: string): Hello<WireFrame> {
    if (this.topology === undefined || this.state === undefined) {
      throw new Error('the mirror holds no session yet');
    }
    return {
      protocol: this.protocol,
      version: this.version,
      backend,
      topology: this.topology,
      state: this.state,
      curve: this.history.curve.toArray(),
      latent: this.history.latent.toArray(),
      frame: this.frame,
      frameRate,
      // The relay keeps no recording: the page offers no download of the last minutes.
      recording: false,
    };
  }

  /** Record a frame's new points; the frame kept without them. */
  private record(frame: WireFrame): WireFrame {
    const lastLatent = this.history.lastLatentId;
    for (const point of frame.latentPoints) {
      if (point.id > lastLatent) this.history.latent.record(point);
    }
    const lastStep = this.history.lastCurveStep;
    for (const point of frame.curvePoints) {
      if (point.step > lastStep) this.history.curve.record(point);
    }
    this.frame = { ...frame, latentPoints: [], curvePoints: [] };
    return this.frame;
  }
}
