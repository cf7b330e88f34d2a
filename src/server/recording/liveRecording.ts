/**
 * Recording on the live server: one recorder of what viewers see, writing to the `--record`
 * file (if any) and to the ring of the last minutes (unless turned off), and the
 * `GET /recording?minutes=N` route that downloads the ring as a recording file.
 */
import type { Express } from 'express';
import type { Observable } from 'rxjs';
import type { Session } from '../../sim/session/index.ts';
import { RecordFile, type RecordFileOptions } from './fileSink.ts';
import { SessionRecorder } from './recorder.ts';
import { RecordingRing, type RingOptions } from './ring.ts';
import type { LessonUpdate } from '../wire.ts';

/** What the live server records, and where. */
export interface LiveRecordingOptions {
  /** Frames per second recorded at most: the viewers' frame rate. */
  frameRate: number;
  backend: string;
  /** Record to this file (`serve --record`), bounded by `maxBytes`. */
  file?: Omit<RecordFileOptions, 'onStop'>;
  /** The ring of the last minutes behind `GET /recording` (default 5 min, 128 MiB); false: none. */
  ring?: RingOptions | false;
  /** Told what happens to the recording (it stopped at its size limit...). */
  log?: (message: string) => void;
  /** The lesson desk: its current step and every change are recorded (the `lesson` event). */
  lessons?: { readonly update$: Observable<LessonUpdate> };
}

/** A live server's recording (see {@link startLiveRecording}). */
export interface LiveRecording {
  recorder: SessionRecorder;
  /** The `--record` file, when there is one. */
  file: RecordFile | undefined;
  /** The ring of the last minutes, unless turned off. */
  ring: RecordingRing | undefined;
  /** Stop recording; the file is flushed and closed. */
  dispose(): Promise<void>;
}

/**
 * Start recording `session`: open the file (refused if it exists, unless `overwrite`) and the
 * ring; resolves with nothing to dispose when neither is asked for.
 */
export async function startLiveRecording(
  session: Session,
  options: LiveRecordingOptions,
): Promise<LiveRecording | undefined> {
  if (options.file === undefined && options.ring === false) return undefined;
  const recorder = new SessionRecorder(session, options);
  const file =
    options.file === undefined
      ? undefined
      : await RecordFile.open(recorder.header, {
          ...options.file,
          onStop: (message) => options.log?.(message),
        });
  const ring =
    options.ring === false ? undefined : new RecordingRing(recorder.header, options.ring ?? {});
  if (file !== undefined) recorder.addSink(file);
  if (ring !== undefined) recorder.addSink(ring);
  const { lessons } = options;
  // The desk's update$ starts with the current step (what a viewer joining gets).
  if (lessons !== undefined) recorder.follow('lesson', lessons.update$);
  recorder.start();
  return { recorder, file, ring, dispose: () => recorder.dispose() };
}

/** The largest `minutes` a download asks for is the ring's own length. */
function minutesOf(query: unknown, ring: RecordingRing): number | undefined | 'bad' {
  if (query === undefined) return undefined;
  const minutes = typeof query === 'string' ? Number(query) : NaN;
  if (!(minutes > 0)) return 'bad';
  return Math.min(minutes, ring.maxMs / 60_000);
}

/**
 * `GET /recording?minutes=N`: the last N minutes (default: all the ring holds) as a recording
 * file to download (`neocortex replay FILE` plays it). 404 without a ring, 400 for a bad N.
 */
export function mountRecordingRoute(app: Express, recording: LiveRecording | undefined): void {
  app.get('/recording', (req, res) => {
    const ring = recording?.ring;
    res.set('Cache-Control', 'no-store');
    if (ring === undefined) {
      res.status(404).type('text/plain').send('This server keeps no recording.\n');
      return;
    }
    const minutes = minutesOf(req.query['minutes'], ring);
    if (minutes === 'bad') {
      res.status(400).type('text/plain').send('minutes must be a positive number\n');
      return;
    }
    const bytes = ring.download(recording!.recorder.elapsedMs(), minutes);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    res
      .type('application/octet-stream')
      .set('Content-Disposition', `attachment; filename="neocortex-${stamp}.ncrec"`)
      .send(bytes);
  });
}
