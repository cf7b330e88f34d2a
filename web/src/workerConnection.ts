/**
 * The static site's connection (docs/static-site.md): the session runs in this page's Web
 * Worker (`session-worker.js`, src/server/static/sessionWorker.ts), which posts the same events
 * with the same payloads as the server's socket; this module offers the page the same
 * {@link Connection} as connection.ts, with no socket and no request to any other origin.
 */
import {
  decodeFrame,
  decodeHello,
  type ControlAck,
  type ControlMessage,
} from '../../src/server/wire.ts';
import {
  SESSION_WORKER_FILE,
  type PageToWorker,
  type WorkerToPage,
} from '../../src/server/static/workerProtocol.ts';
import type { Connection, ConnectionHandlers } from './connection.ts';

/**
 * Start the session worker and connect `handlers` to it. `token` is the one this page puts in
 * its control messages (the worker checks it as the server does).
 */
export function connectWorker(handlers: ConnectionHandlers, token: string): Connection {
  const worker = new Worker(new URL(SESSION_WORKER_FILE, document.baseURI), { type: 'module' });
  const post = (message: PageToWorker): void => worker.postMessage(message);
  const pending = new Map<number, (ack: ControlAck) => void>();
  let nextId = 0;
  handlers.status('connecting', 'starting the simulation in this browser');
  worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
    const message = event.data;
    switch (message.event) {
      case 'hello':
        handlers.status('connected');
        handlers.hello(decodeHello(message.payload));
        return;
      case 'frame':
        post({ type: 'frame-taken' });
        handlers.frame(decodeFrame(message.payload));
        return;
      case 'state':
        return handlers.state(message.payload);
      case 'lesson':
        return handlers.lesson?.(message.payload);
      case 'last-control':
        return handlers.lastControl?.(message.payload);
      case 'ack': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        return resolve?.(message.ack);
      }
      case 'failed':
        return handlers.status('disconnected', `the simulation did not start: ${message.error}`);
    }
  };
  worker.onerror = (event) => handlers.status('disconnected', event.message);
  post({ type: 'start', token });
  return {
    control: (message: ControlMessage) =>
      new Promise<ControlAck>((resolve) => {
        nextId += 1;
        pending.set(nextId, resolve);
        post({ type: 'control', id: nextId, message });
      }),
  };
}
