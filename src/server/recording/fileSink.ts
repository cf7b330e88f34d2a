/**
 * A recording file: the header, then each record written through a stream as it comes, so the
 * operating system holds every record a few milliseconds after it happened and a server killed
 * at any moment leaves a file that replays up to its last whole record. Bounded: once the next
 * record would take the file past `maxBytes` the recording stops cleanly (the file ends on a
 * whole record) and says so once. A disk slower than the session drops frames (never events)
 * rather than holding more than {@link MAX_PENDING_BYTES} in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { OutputError, outputError } from '../../io/outputError.ts';
import { encodeHeader, type RecordingHeader } from './format.ts';
import type { RecordingSink, SinkEntry } from './recorder.ts';

/** Bytes waiting for the disk above which frames are dropped. */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/** Where and how much to record. */
export interface RecordFileOptions {
  /** The file to write. */
  path: string;
  /** The most bytes the file may take (header included). */
  maxBytes: number;
  /** Replace an existing file (default: refuse it). */
  overwrite?: boolean;
  /** Told once, in words, when the recording stops before the server does (size, disk error). */
  onStop?: (message: string) => void;
}

/** What a recording file holds so far. */
export interface RecordFileStats {
  bytes: number;
  frames: number;
  events: number;
  /** Frames dropped because the disk fell behind. */
  droppedFrames: number;
  /** Why it stopped early, if it did. */
  stopped: string | undefined;
}

/** A recording file being written (see the module comment). */
export class RecordFile implements RecordingSink {
  private readonly counts = { bytes: 0, frames: 0, events: 0, droppedFrames: 0 };
  private stoppedBecause: string | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly stream: WriteStream,
    private readonly options: RecordFileOptions,
  ) {}

  /**
   * Create the file and write `header`. An existing file is refused (OUTPUT_UNWRITABLE) unless
   * `overwrite`; so is a file that cannot be created, naming the path and the cause.
   */
  static async open(header: RecordingHeader, options: RecordFileOptions): Promise<RecordFile> {
    const stream = createWriteStream(options.path, { flags: options.overwrite ? 'w' : 'wx' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    }).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? new OutputError(
            options.path,
            'exists already: pass --overwrite to replace it, or record to another file',
            error,
          )
        : outputError(options.path, 'write the recording', error);
    });
    const file = new RecordFile(stream, options);
    stream.on('error', (error) => file.stop(`the recording stopped: ${error.message}`));
    file.append(encodeHeader(header));
    return file;
  }

  /** Refuse to start over an existing file unless `overwrite` (checked before costly work). */
  static checkTarget(path: string, exists: boolean, overwrite: boolean): void {
    if (exists && !overwrite) {
      throw new OutputError(
        path,
        'exists already: pass --overwrite to replace it, or record to another file',
      );
    }
  }

  write(entry: SinkEntry): void {
    if (this.stoppedBecause !== undefined) return;
    if (this.counts.bytes + entry.bytes.length > this.options.maxBytes) {
      const mib = (this.options.maxBytes / 1024 ** 2).toFixed(0);
      this.stop(
        `recording stopped: ${this.options.path} reached its limit of ${mib} MiB ` +
          `(${this.counts.frames} frames, ${formatDuration(entry.timeMs)}); the session goes on`,
      );
      return;
    }
    if (entry.kind === 'frame' && this.stream.writableLength > MAX_PENDING_BYTES) {
      this.counts.droppedFrames += 1;
      return;
    }
    if (entry.kind === 'frame') this.counts.frames += 1;
    else this.counts.events += 1;
    this.append(entry.bytes);
  }

  /** What the file holds so far (bytes, frames, events, dropped frames, why it stopped). */
  stats(): RecordFileStats {
    return { ...this.counts, stopped: this.stoppedBecause };
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.stream.destroyed || this.stream.closed) return resolve();
      this.stream.end(() => resolve());
      this.stream.once('error', () => resolve());
    });
    return this.closing;
  }

  private append(bytes: Buffer): void {
    this.counts.bytes += bytes.length;
    this.stream.write(bytes);
  }

  private stop(message: string): void {
    if (this.stoppedBecause !== undefined) return;
    this.stoppedBecause = message;
    this.options.onStop?.(message);
    void this.close();
  }
}

/** `83000` -> `1:23`, `3_723_000` -> `1:02:03`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
