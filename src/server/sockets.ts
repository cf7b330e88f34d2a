/**
 * The socket.io side of the live session. On connect a client gets `hello`
 * (protocol, topology, the current state, the bounded history and the latest
 * frame), then `frame` and `state` events through the viewers' feeds (viewerFeeds.ts:
 * one encoding a tick for all viewers keeping up). Clients may only send `control`
 * (see control.ts); anything else is ignored.
 */
import type { Server, Socket } from 'socket.io';
import type { Session } from '../sim/session/index.ts';
import { VERSION } from '../version.ts';
import { ViewerFeeds, type FanoutStats, type FeedStats } from './viewerFeeds.ts';
import { encodeOnce } from './encodedFrame.ts';
import { controlListener, handleControl } from './control.ts';
import { RemoteLimiters } from './remoteLimiters.ts';
import {
  LAST_CONTROL_EVENT,
  LESSON_EVENT,
  PROTOCOL_VERSION,
  type ControlAck,
  type ControlMessage,
  type Hello,
  type LastControl,
  type WireFrame,
} from './wire.ts';
import { TokenBucket } from './rateLimit.ts';
import { RefusalLog } from './refusalLog.ts';
import { lastControl, onAppliedControl } from './lastControl.ts';
import type { LessonDesk } from './lessons.ts';

/** What the socket side serves: the session, the control token, and the rate limits. */
export interface SocketOptions {
  session: Session;
  token: string;
  backend: string;
  frameRate: number;
  /** Control messages per second per connection, and the burst allowed. */
  controlRate: { perSecond: number; burst: number };
  log?: (level: 'info' | 'warn', message: string) => void;
  /** The lessons on offer and the running one's step (sent as `lesson` after `hello`). */
  lessons?: LessonDesk;
  /** Told each `last-control` sent to every viewer (the recording keeps it). */
  onLastControl?: (last: LastControl) => void;
}

/** The socket.io side of a live server: who is connected, how their feeds fare, and shutting it down. */
export interface LiveSockets {
  /** Connected clients. */
  viewers(): number;
  /** Each connected client's feed statistics, by socket id. */
  feedStats(): Map<string, FeedStats>;
  /** Frame broadcasts made (each encoded once) and frames delivered. */
  fanout(): FanoutStats;
  /** The `hello` a newcomer gets now (made once for as long as nothing in it changed). */
  greeting(): Hello<WireFrame>;
  /** What the controller did last, if anything yet. */
  lastControl(): LastControl | undefined;
  /**
   * A control message from a viewer elsewhere (a relay's, through Redis): the same checks
   * as a socket's (token, validation, rate limit per `connection`), the same `last-control`.
   */
  remoteControl(payload: unknown, connection: string): ControlAck;
  /** Stop serving new connections, stop streaming the session and close every client's feed. */
  dispose(): void;
}

/** The `hello` a client gets on connect (its frame encoded for the wire). */
export function hello(session: Session, backend: string, frameRate: number): Hello<WireFrame> {
  return {
    protocol: PROTOCOL_VERSION,
    version: VERSION,
    backend,
    topology: session.topology,
    state: session.state,
    curve: session.history.curve.toArray(),
    latent: session.history.latent.toArray(),
    frame: session.latestFrame === null ? null : encodeOnce(session.latestFrame),
    frameRate,
  };
}

/**
 * The `hello` for the next newcomer, made once for as long as nothing in it changed
 * (a burst of connections between two ticks shares one).
 */
function greetings(session: Session, backend: string, frameRate: number): () => Hello<WireFrame> {
  let made: { key: readonly unknown[]; hello: Hello<WireFrame> } | undefined;
  return () => {
    const { history } = session;
    const key = [
      session.latestFrame,
      JSON.stringify(session.state),
      history.lastLatentId,
      history.lastCurveStep,
      history.curve.size,
    ];
    if (made === undefined || key.some((part, i) => part !== made!.key[i])) {
      made = { key, hello: hello(session, backend, frameRate) };
    }
    return made.hello;
  };
}

/**
 * Serve `options.session` on `io`: greet each client with `hello`, feed it frames
 * and state at most `frameRate` per second, and accept its rate-limited `control`
 * messages.
 */
export function attachSockets(io: Server, options: SocketOptions): LiveSockets {
  const { session } = options;
  const feeds = new ViewerFeeds(io.of('/'), () => session.history, options.frameRate);
  const greeting = greetings(session, options.backend, options.frameRate);
  // One rate-limited warning log for all connections: a flood writes a line per interval.
  const refusals = new RefusalLog((message) => options.log?.('warn', message));
  // What the controller did last, told to every client (and to each newcomer once).
  let last: LastControl | undefined;
  const applied = (message: Parameters<typeof lastControl>[0]): void => {
    last = lastControl(message);
    io.emit(LAST_CONTROL_EVENT, last);
    options.onLastControl?.(last);
  };
  const context = (limiter: TokenBucket, connection: string) => ({
    session,
    token: options.token,
    limiter,
    onRefused: (error: string) => refusals.record(error, connection),
    ...(options.lessons !== undefined ? { lessons: options.lessons } : {}),
  });
  const remote = new RemoteLimiters(options.controlRate);

  const onConnection = (socket: Socket): void => {
    socket.emit('hello', greeting());
    if (last !== undefined) socket.emit(LAST_CONTROL_EVENT, last);
    if (options.lessons !== undefined) socket.emit(LESSON_EVENT, options.lessons.current);
    feeds.add(socket);
    const limiter = new TokenBucket(options.controlRate.perSecond, options.controlRate.burst);
    socket.on('control', onAppliedControl(controlListener(context(limiter, socket.id)), applied));
    socket.on('disconnect', () => feeds.remove(socket.id));
  };
  io.on('connection', onConnection);

  const frames = session.frame$.subscribe((frame) => {
    // Encoded once a tick, not once a viewer.
    feeds.offerFrame(encodeOnce(frame));
  });
  const states = session.state$.subscribe((state) => feeds.offerState(state));
  // Every viewer sees the same lesson step (the first value was sent with each `hello`).
  const lessons = options.lessons?.update$.subscribe((update) => io.emit(LESSON_EVENT, update));

  return {
    viewers: () => feeds.size,
    feedStats: () => feeds.stats(),
    fanout: () => feeds.fanout(),
    greeting,
    lastControl: () => last,
    remoteControl: (payload, connection) => {
      const ack = handleControl(context(remote.of(connection), connection), payload);
      if (ack.ok) {
        const { token: _token, ...action } = payload as ControlMessage;
        void _token;
        applied(action as Parameters<typeof lastControl>[0]);
      }
      return ack;
    },
    dispose: () => {
      io.off('connection', onConnection);
      frames.unsubscribe();
      states.unsubscribe();
      lessons?.unsubscribe();
      feeds.close();
      refusals.close();
    },
  };
}
