/**
 * The page's socket: receives `hello`, `frame`, `state` and `last-control` (frames decoded
 * into the protocol's typed arrays) and sends `control` messages with an acknowledgement.
 * It comes back by itself: socket.io-client retries after a network drop, and after a server
 * that closed (a restart sends "io server disconnect", which socket.io does not retry) this
 * module keeps trying too, so the new server's `hello` brings the page back.
 */
import { io } from 'socket.io-client';
import {
  decodeFrame,
  decodeHello,
  LAST_CONTROL_EVENT,
  LESSON_EVENT,
  type ControlAck,
  type ControlMessage,
  type Frame,
  type Hello,
  type LastControl,
  type LessonUpdate,
  type SessionState,
  type WireFrame,
} from '../../src/server/wire.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionHandlers {
  hello(hello: Hello): void;
  frame(frame: Frame): void;
  state(state: SessionState): void;
  status(status: ConnectionStatus, detail?: string): void;
  /** What the controller did last (every applied control, and once after `hello`). */
  lastControl?(last: LastControl): void;
  /** The lessons on offer and the running one's step (once after `hello`, then on every move). */
  lesson?(update: LessonUpdate): void;
}

export interface Connection {
  control(message: ControlMessage): Promise<ControlAck>;
}

const ACK_TIMEOUT_MS = 10_000;
/** Waits between tries to reach a server that closed: 1 s, growing to 5 s. */
const RETRY_MS = { first: 1000, max: 5000 };

/** Why the server would refuse this page's socket now (too many viewers), if it would. */
async function refusalReason(): Promise<string | undefined> {
  try {
    const response = await fetch('admission', { cache: 'no-store' });
    if (!response.ok) return undefined;
    const answer = (await response.json()) as { admitted?: boolean; reason?: string };
    return answer.admitted === false ? answer.reason : undefined;
  } catch {
    return undefined;
  }
}

export function connect(handlers: ConnectionHandlers): Connection {
  const socket = io({
    transports: ['websocket', 'polling'],
    reconnectionDelay: RETRY_MS.first,
    reconnectionDelayMax: RETRY_MS.max,
  });
  handlers.status('connecting');
  let retry: ReturnType<typeof setTimeout> | undefined;
  let wait = RETRY_MS.first;
  // A server that said goodbye (it closed, e.g. to restart): socket.io gives up, we do not.
  const retryLater = (): void => {
    clearTimeout(retry);
    retry = setTimeout(() => {
      if (!socket.connected) socket.connect();
    }, wait);
    wait = Math.min(RETRY_MS.max, wait * 1.5);
  };
  socket.on('connect', () => {
    clearTimeout(retry);
    wait = RETRY_MS.first;
    handlers.status('connected');
  });
  socket.on('disconnect', (reason) => {
    handlers.status('disconnected', reason);
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', (error) => {
    handlers.status('disconnected', error.message);
    // A refused socket's answer is hidden from the page: the server says why on request.
    void refusalReason().then((reason) => {
      if (reason !== undefined && !socket.connected) handlers.status('disconnected', reason);
    });
    // socket.io retries by itself unless the manager gave up or never started retrying.
    if (!socket.active) retryLater();
  });
  socket.on(LAST_CONTROL_EVENT, (last: LastControl) => handlers.lastControl?.(last));
  socket.on(LESSON_EVENT, (update: LessonUpdate) => handlers.lesson?.(update));
  socket.on('hello', (raw: Hello<WireFrame>) => handlers.hello(decodeHello(raw)));
  socket.on('frame', (raw: WireFrame) => handlers.frame(decodeFrame(raw)));
  socket.on('state', (state: SessionState) => handlers.state(state));
  return {
    control: (message) =>
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('control', message)
        .then(
          (ack: ControlAck) => ack,
          (error: unknown) => ({
            ok: false as const,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
  };
}
