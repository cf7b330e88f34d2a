/** socket.io clients and a tiny live server for the server tests. */
import { io, type Socket } from 'socket.io-client';
import { startServer, type LiveServer, type ServerOptions } from '../../src/server/server.ts';
import type { ControlAck, Hello, WireFrame } from '../../src/server/wire.ts';
import { tinyData, tinySpec } from '../sim/sessionFixture.ts';

export const TOKEN = 'test-token-0123456789';

export function startTinyServer(options: ServerOptions = {}): Promise<LiveServer> {
  return startServer({
    port: 0,
    token: TOKEN,
    logger: false,
    backend: 'wasm',
    data: tinyData(),
    sessionSpec: tinySpec({ playing: true, speed: 60 }),
    ...options,
  });
}

export interface Client {
  socket: Socket;
  hello: Promise<Hello<WireFrame>>;
}

/**
 * A websocket-only socket.io client; `hello` resolves with the server's greeting.
 * `origin` sends an Origin header, as a browser page would.
 */
export function connect(url: string, origin?: string): Client {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(origin !== undefined ? { extraHeaders: { Origin: origin } } : {}),
  });
  const hello = new Promise<Hello<WireFrame>>((resolve) => socket.once('hello', resolve));
  return { socket, hello };
}

/** Send a control message and wait for its acknowledgement. */
export function control(socket: Socket, message: unknown): Promise<ControlAck> {
  return socket.timeout(5000).emitWithAck('control', message) as Promise<ControlAck>;
}

/** The next `event` the socket receives. */
export function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise<T>((resolve) => socket.once(event, resolve));
}

/** Poll `condition` every 20 ms until it holds (or fail after `ms`). */
export async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
