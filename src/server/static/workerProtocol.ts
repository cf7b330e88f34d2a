/**
 * The messages between the static site's page and its session worker (docs/static-site.md):
 * the in-page transport that stands where socket.io stands for `neocortex serve`. The worker
 * sends the same events with the same payloads as the server's socket (wire.ts: `hello`,
 * `frame`, `state`, `lesson`, `last-control`) and acknowledges each `control` as the server
 * does; the page acknowledges each frame it took, so the worker never has more than one
 * frame in flight for it (a slot, not a queue, as clientFeed.ts does for a socket).
 *
 * Types and file names only, importing nothing at run time: the page (web/src) imports this
 * module beside the wire module.
 */
import type {
  ControlAck,
  ControlMessage,
  Hello,
  LastControl,
  LessonUpdate,
  SessionState,
  WireFrame,
} from '../wire.ts';

/** The worker's answer to {@link PageToWorker} `start` failing: why the session did not start. */
export interface WorkerFailed {
  event: 'failed';
  error: string;
}

/** What the worker posts to the page: the wire events, control acknowledgements, a failure. */
export type WorkerToPage =
  | { event: 'hello'; payload: Hello<WireFrame> }
  | { event: 'frame'; payload: WireFrame }
  | { event: 'state'; payload: SessionState }
  | { event: 'lesson'; payload: LessonUpdate }
  | { event: 'last-control'; payload: LastControl }
  | { event: 'ack'; id: number; ack: ControlAck }
  | WorkerFailed;

/** What the page posts to the worker. */
export type PageToWorker =
  /** Start the session; `token` is the one this page puts in its control messages. */
  | { type: 'start'; token: string }
  /** A `control` message, answered by an `ack` with the same id. */
  | { type: 'control'; id: number; message: ControlMessage }
  /** The page took the last frame: the worker may send the next one. */
  | { type: 'frame-taken' };

/** The file name of the worker bundle in the built site, beside index.html. */
export const SESSION_WORKER_FILE = 'session-worker.js';

/** The file name of the site's service worker (its offline cache), beside index.html. */
export const SERVICE_WORKER_FILE = 'sw.js';

/** The files the worker fetches from the site, relative to its own address. */
export const SITE_FILES = {
  /** The embedded MNIST split in the data cache format (src/data/mnistCache.ts), gzipped. */
  mnist: 'data/mnist-embedded.bin.gz',
  /** The built-in lessons, as `neocortex serve` loads them, one JSON list. */
  lessons: 'data/lessons.json',
  /** The trained start of each slot (trained/mnist-default/<slot>/checkpoint.bin). */
  trained: { generative: 'trained/generative.bin', classifier: 'trained/classifier.bin' },
  /** The folder of the tfjs wasm backend's binaries. */
  wasm: 'wasm/',
} as const;
