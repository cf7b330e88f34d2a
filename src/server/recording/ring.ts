/**
 * The live server's memory of the last minutes: the recorder's records, bounded in time and in
 * bytes (the oldest go first), from which `GET /recording` makes a file in the recording format.
 * What the dropped records leave behind (the state, the latest other events, the newest curve
 * and latent points and the last frame) is kept, so a download starts with the picture a viewer
 * joining at its first moment would get.
 */
import { Buffer } from 'node:buffer';
import type { CurvePoint, LatentPoint } from '../wire.ts';
import type { RecordableEvent } from './events.ts';
import {
  encodeEventPayload,
  encodeHeader,
  encodeRecord,
  RecordKind,
  retimeRecord,
  type RecordingHeader,
} from './format.ts';
import type { RecordingSink, SinkEntry } from './recorder.ts';

/** How much the ring keeps. */
export interface RingOptions {
  /** The longest stretch kept, in minutes (default 5). */
  minutes?: number;
  /** The most bytes kept (default 128 MiB). */
  maxBytes?: number;
}

/** Curve and latent points kept from dropped records (as many as a session keeps by default). */
const BASE_POINTS = 1000;

/** What a span of records leaves a viewer with: the starting picture of a download. */
interface Base {
  events: Map<RecordableEvent, unknown>;
  curve: CurvePoint[];
  latent: LatentPoint[];
  frame: Buffer | undefined;
}

/** Fold one record into `base`. */
function fold(base: Base, entry: SinkEntry): void {
  if (entry.kind === 'frame') {
    base.frame = entry.bytes;
  } else if (entry.name === 'curve') {
    base.curve.push(...(entry.payload as CurvePoint[]));
    if (base.curve.length > BASE_POINTS) base.curve.splice(0, base.curve.length - BASE_POINTS);
  } else if (entry.name === 'latent') {
    base.latent.push(...(entry.payload as LatentPoint[]));
    if (base.latent.length > BASE_POINTS) base.latent.splice(0, base.latent.length - BASE_POINTS);
  } else {
    base.events.set(entry.name, entry.payload);
  }
}

const copyBase = (base: Base): Base => ({
  events: new Map(base.events),
  curve: [...base.curve],
  latent: [...base.latent],
  frame: base.frame,
});

/** The last minutes of a recording, in memory (see the module comment). */
export class RecordingRing implements RecordingSink {
  /** The longest stretch kept (ms). */
  readonly maxMs: number;
  /** The most bytes kept. */
  readonly maxBytes: number;
  private entries: SinkEntry[] = [];
  private head = 0;
  private bytes = 0;
  private readonly base: Base = { events: new Map(), curve: [], latent: [], frame: undefined };

  /**
   * @param header - the recorder's header (its `startedAt` is time 0 of the records)
   * @param options - how much to keep
   */
  constructor(
    private readonly header: RecordingHeader,
    options: RingOptions = {},
  ) {
    this.maxMs = (options.minutes ?? 5) * 60_000;
    this.maxBytes = options.maxBytes ?? 128 * 1024 ** 2;
  }

  write(entry: SinkEntry): void {
    this.entries.push(entry);
    this.bytes += entry.bytes.length;
    while (
      this.head < this.entries.length - 1 &&
      (this.bytes > this.maxBytes || entry.timeMs - this.entries[this.head]!.timeMs > this.maxMs)
    ) {
      const dropped = this.entries[this.head]!;
      this.head += 1;
      this.bytes -= dropped.bytes.length;
      fold(this.base, dropped);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Bytes of records held. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** The stretch held, in ms (newest record's time minus the oldest's). */
  get heldMs(): number {
    const first = this.entries[this.head];
    const last = this.entries.at(-1);
    return first === undefined || last === undefined ? 0 : last.timeMs - first.timeMs;
  }

  /**
   * The last `minutes` (default: all held) up to `nowMs` (the recorder's clock), as a
   * recording file: its header, the picture at the window's start at time 0 (state, other
   * events, curve and latent points, last frame), then the window's records, timed from it.
   */
  download(nowMs: number, minutes?: number): Buffer {
    const live = this.entries.slice(this.head);
    const start = Math.max(
      live[0]?.timeMs ?? nowMs,
      minutes === undefined ? -Infinity : nowMs - minutes * 60_000,
    );
    const base = copyBase(this.base);
    const inside: SinkEntry[] = [];
    for (const entry of live) {
      if (entry.timeMs < start) fold(base, entry);
      else inside.push(entry);
    }
    const header: RecordingHeader = {
      ...this.header,
      startedAt: this.header.startedAt + start,
      source: 'download',
    };
    const event = (name: string, payload: unknown): Buffer =>
      encodeRecord(RecordKind.event, 0, encodeEventPayload(name, payload));
    const opening: Buffer[] = [];
    for (const [name, payload] of base.events) opening.push(event(name, payload));
    if (base.curve.length > 0) opening.push(event('curve', base.curve));
    if (base.latent.length > 0) opening.push(event('latent', base.latent));
    if (base.frame !== undefined) opening.push(retimeRecord(base.frame, 0));
    return Buffer.concat([
      encodeHeader(header),
      ...opening,
      ...inside.map((entry) => retimeRecord(entry.bytes, entry.timeMs - start)),
    ]);
  }

  close(): Promise<void> {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    return Promise.resolve();
  }
}
