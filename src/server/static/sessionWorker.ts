/**
 * The static site's session worker (docs/static-site.md): the live session of `neocortex serve`
 * run inside the page's Web Worker, with no server. It is the same code the server runs (the
 * session, the model kinds' registry, the lesson desk, the control handler, the `hello` and
 * `last-control` messages); only where the bytes come from differs: the embedded MNIST split,
 * the trained start and the lessons are fetched from the site (SITE_FILES) and handed to the
 * session through its options (`data`, `trained`), so nothing here reads a file. The page talks
 * to it through workerProtocol.ts, the in-page transport in place of socket.io.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../backend/select.ts';
import { mnistFromCacheBytes } from '../../data/mnistBytes.ts';
import { trainedModelFromBytes } from '../../models/trainedModel.ts';
import { Lesson, type LoadedLesson } from '../../sim/lessons/index.ts';
import { createSession, type Session } from '../../sim/session/index.ts';
import { parseSessionSpec, withTrainedSlots } from '../../sim/session/parsedSessionSpec.ts';
import { controlListener } from '../control.ts';
import { lastControl, onAppliedControl } from '../lastControl.ts';
import { LessonDesk } from '../lessons.ts';
import { TokenBucket } from '../rateLimit.ts';
import { hello } from '../sockets.ts';
import { encodeFrame, LAST_CONTROL_EVENT, LESSON_EVENT, type ControlAck } from '../wire.ts';
import { PageFeed } from './pageFeed.ts';
import { SITE_FILES, type PageToWorker, type WorkerToPage } from './workerProtocol.ts';

/** The parts of a dedicated worker's global scope used here. */
interface WorkerScope {
  location: { href: string };
  postMessage(message: WorkerToPage, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: PageToWorker }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
/** Frames a second to the page at most (the server's default). */
const FRAME_RATE = 30;
/** The server's default control rate limit. */
const CONTROL_RATE = { perSecond: 20, burst: 40 };

const siteUrl = (file: string): string => new URL(file, scope.location.href).href;

async function fetchBytes(file: string): Promise<Uint8Array> {
  const response = await fetch(siteUrl(file));
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  if (!file.endsWith('.gz')) return new Uint8Array(await response.arrayBuffer());
  const body = response.body;
  if (body === null) throw new Error(`${file}: empty response`);
  const unzipped = body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(unzipped).arrayBuffer());
}

/** The built-in lessons as the build wrote them, each validated again here (parsed at the edge). */
async function fetchLessons(): Promise<LoadedLesson[]> {
  const response = await fetch(siteUrl(SITE_FILES.lessons));
  if (!response.ok) throw new Error(`${SITE_FILES.lessons}: HTTP ${response.status}`);
  const list = (await response.json()) as { lesson: unknown; file: string; source: unknown }[];
  return list.map((entry) => ({
    lesson: Lesson.parse(entry.lesson),
    file: entry.file,
    source: entry.source as LoadedLesson['source'],
  }));
}

/** Start the default live session from the shipped trained weights, on wasm. */
async function startSession(): Promise<{ session: Session; lessons: LessonDesk; backend: string }> {
  setWasmPaths(siteUrl(SITE_FILES.wasm));
  await initBackend('wasm');
  // Without cross-origin isolation a page has no SharedArrayBuffer, and the control handler
  // asks whether a payload is one (it never is here). Named only after the backend started:
  // tfjs takes a SharedArrayBuffer as a sign that threads are there.
  (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer ??= class NoSharedMemory {
    readonly none = true;
  };
  const [mnist, generative, classifier, catalogue] = await Promise.all([
    fetchBytes(SITE_FILES.mnist),
    fetchBytes(SITE_FILES.trained.generative),
    fetchBytes(SITE_FILES.trained.classifier),
    fetchLessons(),
  ]);
  // The session `serve` starts by default, training inline: this worker is its own thread.
  const spec = withTrainedSlots(parseSessionSpec({ training: 'inline' }), SITE_FILES.trained);
  const session = await createSession(spec, {
    data: mnistFromCacheBytes(mnist, SITE_FILES.mnist),
    trained: {
      generative: trainedModelFromBytes(generative, SITE_FILES.trained.generative),
      classifier: trainedModelFromBytes(classifier, SITE_FILES.trained.classifier),
    },
  });
  return { session, lessons: new LessonDesk(session, catalogue), backend: tf.getBackend() };
}

/** Serve the session to the page as the socket side serves a viewer (sockets.ts). */
function serve(session: Session, lessons: LessonDesk, backend: string, token: string) {
  const post = (message: WorkerToPage, transfer: ArrayBuffer[] = []) =>
    scope.postMessage(message, transfer);
  // No server keeps a recording here: the page offers no download of the last minutes.
  post({ event: 'hello', payload: { ...hello(session, backend, FRAME_RATE), recording: false } });
  post({ event: LESSON_EVENT, payload: lessons.current });
  const feed = new PageFeed(post, session.history, FRAME_RATE);
  session.frame$.subscribe((frame) => feed.offerFrame(encodeFrame(frame)));
  session.state$.subscribe((state) => feed.offerState(state));
  lessons.update$.subscribe((update) => post({ event: LESSON_EVENT, payload: update }));
  const listener = onAppliedControl(
    controlListener({
      session,
      token,
      limiter: new TokenBucket(CONTROL_RATE.perSecond, CONTROL_RATE.burst),
      lessons,
    }),
    (message) => post({ event: LAST_CONTROL_EVENT, payload: lastControl(message) }),
  );
  return (message: PageToWorker): void => {
    if (message.type === 'frame-taken') feed.frameTaken();
    else if (message.type === 'control') {
      listener(message.message, (ack: ControlAck) => post({ event: 'ack', id: message.id, ack }));
    }
  };
}

let handle: ((message: PageToWorker) => void) | undefined;
scope.onmessage = (event) => {
  const message = event.data;
  if (message.type !== 'start') {
    handle?.(message);
    return;
  }
  if (handle !== undefined) return;
  handle = () => undefined; // started: messages before the session is up are dropped
  startSession().then(
    ({ session, lessons, backend }) => {
      handle = serve(session, lessons, backend, message.token);
    },
    (error: unknown) =>
      scope.postMessage({
        event: 'failed',
        error: error instanceof Error ? error.message : String(error),
      }),
  );
};
