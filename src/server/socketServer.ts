/**
 * socket.io on a live HTTP server, with the same door for every server of the project
 * (the live server, a replay, a relay): the Host and Origin checks (the DNS-rebinding
 * and cross-site defences), the bounds on viewers, and the page's security headers on
 * socket.io's own responses too. A websocket handshake that is refused gets a plain
 * 403 with the headers and the reason, written here before engine.io sees it.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import type { Admission } from './admission.ts';
import { securityHeaders } from './app.ts';
import { originRefusal } from './origin.ts';
import { MAX_CONTROL_BYTES } from './protocol.ts';

/** Who may open a socket. */
export interface SocketDoor {
  /** Origins of other pages allowed to connect (the server's own page always may). */
  allowOrigins: readonly string[];
  /** Host names the server answers to. */
  allowedHosts: ReadonlySet<string>;
  /** The bounds on viewers. */
  admission: Admission;
}

/** socket.io's path, where the handshakes come. */
const SOCKET_PATH = '/socket.io/';

/** The security headers helmet sets, as name and value, for a response written by hand. */
function headerLines(): string[] {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  securityHeaders({} as never, response as never, () => undefined);
  return [...headers].map(([name, value]) => `${name}: ${value}`);
}

/** Refuse a websocket handshake with a 403, the security headers and the reason. */
function refuseUpgrade(socket: Duplex, reason: string, lines: readonly string[]): void {
  const body = `${JSON.stringify({ code: 4, message: reason })}\n`;
  socket.on('error', () => undefined);
  socket.end(
    [
      'HTTP/1.1 403 Forbidden',
      'Connection: close',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      ...lines,
      '',
      body,
    ].join('\r\n'),
  );
  // end() flushes the answer, then closes; a peer that never reads is cut off soon.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * socket.io on `http` behind the door: refused handshakes (host, origin, too many
 * viewers) get a 403 naming the reason; admitted ones are counted until they close.
 */
export function createSocketServer(http: HttpServer, door: SocketDoor): Server {
  const byHostAndOrigin = originRefusal(door.allowOrigins, door.allowedHosts);
  const refusal = (request: IncomingMessage): string | null =>
    byHostAndOrigin(request) ?? door.admission.admit(request);
  const io = new Server(http, {
    maxHttpBufferSize: MAX_CONTROL_BYTES * 4,
    serveClient: false,
    // Same origin only by default: the page is served from here. CORS does not
    // cover websockets, so the Origin header is checked on every handshake too.
    cors: { origin: door.allowOrigins.length > 0 ? [...door.allowOrigins] : false },
    allowRequest: (request, callback) => {
      // A websocket handshake was judged by the upgrade check below already.
      const judged = upgrades.get(request);
      const refused = judged !== undefined ? judged : refusal(request);
      callback(refused, refused === null);
    },
  });
  // socket.io's polling responses and the 101 of a websocket carry the page's headers.
  io.engine.use(securityHeaders);
  door.admission.watch(io.engine);
  const lines = headerLines();
  const upgrades = new WeakMap<IncomingMessage, string | null>();
  // Before engine.io's own listener: it would answer a refusal with a bare 400.
  http.prependListener('upgrade', (request: IncomingMessage, socket: Duplex) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // An upgrade of an open connection (it has its id) was let in at its handshake.
    if (!url.pathname.startsWith(SOCKET_PATH) || url.searchParams.has('sid')) return;
    const refused = refusal(request);
    upgrades.set(request, refused);
    if (refused !== null) refuseUpgrade(socket, refused, lines);
  });
  return io;
}
