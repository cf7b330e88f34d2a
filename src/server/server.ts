/**
 * Start the live server: an HTTP server with the express app and socket.io on
 * it, bound to 127.0.0.1 unless told otherwise, streaming one live session to
 * every viewer. `close()` disconnects every client, stops listening and
 * disposes the session if the server made it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { pino, type Logger } from 'pino';
import { log } from '../log.ts';
import type { Server } from 'socket.io';
import type { DatasetSplit } from '../data/index.ts';
import { NeocortexError } from '../errors.ts';
import {
  createSession,
  servedSessionSpec,
  type ParsedSessionSpec,
  type Session,
} from '../sim/session/index.ts';
import type { SessionSpecInput } from '../sim/session/sessionSpec.ts';
import { VERSION } from '../version.ts';
import { createApp } from './app.ts';
import { allowedHostNames } from './host.ts';
import { Admission, DEFAULT_VIEWER_LIMITS, type ViewerLimits } from './admission.ts';
import { mountAdmissionRoute } from './admissionRoute.ts';
import { createSocketServer } from './socketServer.ts';
import { DEFAULT_CHANNEL } from './relay/channel.ts';
import { publishLive, type LivePublisher } from './relay/publisher.ts';
import type { Health } from './wire.ts';
import { attachSockets, type LiveSockets } from './sockets.ts';
import { controlToken } from './token.ts';
import { listenOn } from './listenError.ts';
import { loadLessonCatalogue, type LoadedLesson } from '../sim/lessons/index.ts';
import { LessonDesk } from './lessons.ts';
import { checkRate } from './rateLimit.ts';
import { machineHostNames } from './addresses.ts';
import { mountViewerLink, viewerLink } from './viewerLink.ts';
import {
  mountRecordingRoute,
  startLiveRecording,
  type LiveRecording,
  type LiveRecordingOptions,
} from './recording/liveRecording.ts';

/** How {@link startServer} serves: where it listens, what session it streams, who may connect. */
export interface ServerOptions {
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** The control token; default NEOCORTEX_TOKEN or a random one. */
  token?: string;
  /** Frames per second per client at most. Default 30. */
  frameRate?: number;
  /** Control messages per second per connection (default 20) and burst (default 40). */
  controlRate?: { perSecond: number; burst: number };
  /**
   * A running session to serve (the caller keeps ownership), or a spec to make one
   * (training in a worker thread unless the spec says `training: 'inline'`).
   */
  session?: Session;
  /**
   * The spec of the session to make when no `session` is given (default: the default spec): as
   * written (parsed here, once), or parsed already by `parseSessionSpec` (taken as it is).
   */
  sessionSpec?: SessionSpecInput | ParsedSessionSpec;
  /** Data for a session made from `sessionSpec` (default: load its data set). */
  data?: DatasetSplit;
  /**
   * The folder a relative path of `sessionSpec` (a slot's `trained` model) is taken from:
   * the spec file's folder (default: the working folder).
   */
  sessionBaseDir?: string;
  /** Folder of the built page. */
  webRoot?: string;
  /** Compute backend name for hello and /healthz (default: tfjs's current backend). */
  backend?: string;
  /**
   * Origins (scheme://host:port) of other pages allowed to open a socket; the
   * server's own page and non-browser clients always may. Default none.
   */
  allowOrigins?: string[];
  /**
   * Host names (besides localhost and the bound address) the server answers to,
   * e.g. this machine's DNS name when serving a class; every other Host header is
   * refused, on HTTP and on the socket handshake (the DNS-rebinding defence).
   */
  allowHosts?: string[];
  /** A pino logger, or false for none (default: warnings and errors to stderr). */
  logger?: Logger | false;
  /**
   * The lessons on offer (`loadLessonCatalogue`: the built-in ones and a teacher's folder);
   * default the built-in lessons; an empty list offers none.
   */
  lessons?: readonly LoadedLesson[];
  /** Record what viewers see to this file (`serve --record`; docs/recording.md). */
  record?: LiveRecordingOptions['file'];
  /**
   * Viewers this process serves at most, and from one address (default 200 and 50);
   * a connection past either is refused at its handshake with the reason.
   */
  viewerLimits?: Partial<ViewerLimits>;
  /**
   * Publish the session to Redis for `neocortex relay`s (`serve --redis`): the URL and
   * the channel name (default `neocortex`). Redis must answer at start.
   */
  redis?: { url: string; channel?: string };
  /** The last minutes kept for `GET /recording` (default 5 min, 128 MiB); false: none. */
  recordingRing?: LiveRecordingOptions['ring'];
  /** Told when the recording stops by itself (its size limit); default: the logger's warn. */
  onRecordingStop?: (message: string) => void;
}

/** A running live server, as {@link startServer} returns it. */
export interface LiveServer {
  /** The page's address, e.g. `http://127.0.0.1:8080/` (an IPv6 host in brackets). */
  url: string;
  /** The address it is bound to. */
  host: string;
  /** The port it listens on (the one picked when `port` was 0). */
  port: number;
  /** The control token a client must send with `control` messages. */
  token: string;
  /** The session it streams (made by the server unless one was passed in). */
  session: Session;
  /** The socket.io server. */
  io: Server;
  /** The socket side: viewer count and per-client feed statistics. */
  sockets: LiveSockets;
  /** The door: connections open, under way and refused, and the bounds. */
  admission: Admission;
  /** What is published to Redis for relays (`redis` given), if anything. */
  publisher(): LivePublisher | undefined;
  /** The lessons on offer and the running one (steps applied to `session`). */
  lessons: LessonDesk;
  /** What is being recorded (the `--record` file, the last minutes), if anything. */
  recording: LiveRecording | undefined;
  /** What /healthz answers now: version, backend, tick, viewers, uptime and tensor memory. */
  health(): Health;
  /**
   * Disconnect every client, stop listening, and dispose the session if the
   * server made it. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Start the live server: make the session (or take the one given), serve the
 * page and /healthz over HTTP with socket.io on the same port, and resolve once
 * it listens. A `frameRate` outside (0, 240] is an error; if listening fails,
 * the sockets and a session the server made are disposed before it rethrows.
 */
export async function startServer(options: ServerOptions = {}): Promise<LiveServer> {
  const host = options.host ?? '127.0.0.1';
  const frameRate = options.frameRate ?? 30;
  if (!(frameRate > 0 && frameRate <= 240)) {
    throw new NeocortexError('OPTION_INVALID', `frameRate must be in (0, 240], got ${frameRate}`);
  }
  const controlRate = options.controlRate ?? { perSecond: 20, burst: 40 };
  checkRate(controlRate.perSecond, controlRate.burst);
  const token = options.token ?? controlToken();
  const logger =
    options.logger === false
      ? pino({ enabled: false })
      : // The CLI prints the start-up report for people; the shared log adds warnings
        // and errors (NEOCORTEX_LOG_LEVEL=info or debug for more), as JSON lines on stderr.
        (options.logger ?? log);
  const backend = options.backend ?? tf.getBackend();
  const ownsSession = options.session === undefined;
  const session =
    options.session ??
    (await createSession(servedSessionSpec(options.sessionSpec), {
      ...(options.data ? { data: options.data } : {}),
      ...(options.sessionBaseDir !== undefined ? { baseDir: options.sessionBaseDir } : {}),
      onError: (error) => logger.error({ err: error }, 'the session stopped on an error'),
    }));
  const lessons = new LessonDesk(session, options.lessons ?? (await loadLessonCatalogue()));
  const started = performance.now();
  // Filled in once socket.io is attached (health may be asked for before).
  const live: { sockets?: LiveSockets } = {};
  const health = (): Health => ({
    status: 'ok',
    version: VERSION,
    backend,
    tick: session.state.tick,
    viewers: live.sockets?.viewers() ?? 0,
    uptimeSeconds: Math.round((performance.now() - started) / 1000),
    memory: {
      simulation: { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes },
      training: session.trainingStatus.memory,
    },
  });
  // Bound to all addresses: the machine's host name too (serve prints a viewer URL with it).
  const allowedHosts = allowedHostNames(host, [
    ...(options.allowHosts ?? []),
    ...machineHostNames(host),
  ]);
  const recording = await startLiveRecording(session, {
    frameRate,
    backend,
    ...(options.record !== undefined ? { file: options.record } : {}),
    ring: options.recordingRing ?? {},
    log: options.onRecordingStop ?? ((message) => logger.warn(message)),
    lessons,
  }).catch(async (error: unknown) => {
    lessons.dispose();
    if (ownsSession) await session.dispose();
    throw error;
  });
  const admission = new Admission({ ...DEFAULT_VIEWER_LIMITS, ...options.viewerLimits });
  const app = createApp({ webRoot: options.webRoot, health, allowedHosts });
  mountAdmissionRoute(app, admission);
  mountRecordingRoute(app, recording);
  mountViewerLink(app, () => viewerLink(host, (http.address() as AddressInfo).port));
  const http = createServer(app);
  const io = createSocketServer(http, {
    allowOrigins: options.allowOrigins ?? [],
    allowedHosts,
    admission,
  });
  const sockets = attachSockets(io, {
    session,
    token,
    backend,
    frameRate,
    controlRate,
    log: (level, message) => logger[level](message),
    lessons,
    onLastControl: (last) => {
      recording?.recorder.record('last-control', last);
      publisher?.lastControl(last);
    },
  });
  live.sockets = sockets;
  let publisher: LivePublisher | undefined;
  try {
    if (options.redis !== undefined) {
      publisher = await publishLive({
        url: options.redis.url,
        channel: options.redis.channel ?? DEFAULT_CHANNEL,
        session,
        sockets,
        lessons,
        log: (level, message) => logger[level](message),
      });
    }
    await listenOn(http, options.port ?? 8080, host);
  } catch (error) {
    await publisher?.dispose();
    sockets.dispose();
    lessons.dispose();
    await recording?.dispose();
    if (ownsSession) await session.dispose();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}/`;
  logger.info({ url, backend }, 'live server listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await publisher?.dispose();
      sockets.dispose();
      lessons.dispose();
      await recording?.dispose();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      http.closeAllConnections();
      if (ownsSession) await session.dispose();
      logger.info('live server stopped');
    })();
    return closing;
  };
  return {
    url,
    host,
    port,
    token,
    session,
    io,
    sockets,
    admission,
    publisher: () => publisher,
    recording,
    lessons,
    health,
    close,
  };
}
