/**
 * The page's socket: receives `hello`, `frame` and `state` (decoded into the
 * protocol's typed arrays) and sends `control` messages with an acknowledgement.
 */
import { io } from 'socket.io-client';
import {
  decodeFrame,
  decodeHello,
  type ControlAck,
  type ControlMessage,
  type Frame,
  type Hello,
  type SessionState,
  type WireFrame,
} from '../../src/server/wire.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionHandlers {
  hello(hello: Hello): void;
  frame(frame: Frame): void;
  state(state: SessionState): void;
  status(status: ConnectionStatus, detail?: string): void;
}

export interface Connection {
  control(message: ControlMessage): Promise<ControlAck>;
}

const ACK_TIMEOUT_MS = 10_000;

export function connect(handlers: ConnectionHandlers): Connection {
  const socket = io({ transports: ['websocket', 'polling'] });
  handlers.status('connecting');
  socket.on('connect', () => handlers.status('connected'));
  socket.on('disconnect', (reason) => handlers.status('disconnected', reason));
  socket.on('connect_error', (error) => handlers.status('disconnected', error.message));
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
