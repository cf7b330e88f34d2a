/**
 * `neocortex relay`: serves the page and the socket to viewers of a simulation running
 * elsewhere (`neocortex serve --redis`), from Redis. It keeps a mirror of the session
 * (mirror.ts), feeds its viewers as the live server does (a slot and a rate cap per
 * viewer, one encoding for all keeping up), and passes their controls to the simulation
 * through Redis, where they meet the same checks as a socket's. Redis or the simulation
 * going away costs frames, never memory: the viewers keep their page and pick up when
 * the entries come again.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { VERSION } from '../../version.ts';
import { Admission, DEFAULT_VIEWER_LIMITS, type ViewerLimits } from '../admission.ts';
import { mountAdmissionRoute } from '../admissionRoute.ts';
import { createApp } from '../app.ts';
import { allowedHostNames } from '../host.ts';
import { listenOn } from '../listenError.ts';
import { TokenBucket } from '../rateLimit.ts';
import { createSocketServer } from '../socketServer.ts';
import { ViewerFeeds } from '../viewerFeeds.ts';
import { mountViewerLink, viewerLink } from '../viewerLink.ts';
import { LAST_CONTROL_EVENT, LESSON_EVENT, PROTOCOL_VERSION, type ControlAck } from '../wire.ts';
import {
  asEntry,
  asSnapshot,
  channelKeys,
  DEFAULT_CHANNEL,
  pack,
  unpack,
  type ControlReply,
  type ControlRequest,
} from './channel.ts';
import { LiveMirror } from './mirror.ts';
import { connectRedis } from './redisClient.ts';

/** How a relay serves. */
export interface RelayOptions {
  /** redis://HOST:PORT of the simulation's Redis. */
  redis: string;
  /** The channel the simulation publishes on (default `neocortex`). */
  channel?: string;
  /** 0 picks a free port. Default 8081. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Frames per second per viewer at most. Default 30. */
  frameRate?: number;
  /** Viewers served at most, and from one address (default 200 and 50). */
  viewerLimits?: Partial<ViewerLimits>;
  /** Control messages per second per viewer (default 20) and burst (default 40). */
  controlRate?: { perSecond: number; burst: number };
  /** Folder of the built page. */
  webRoot?: string;
  allowOrigins?: string[];
  allowHosts?: string[];
  /** Told when Redis or the simulation goes away and comes back. */
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** What a relay's `/healthz` answers. */
export interface RelayHealth {
  status: 'ok';
  role: 'relay';
  version: string;
  /** following: entries arrive; waiting: no simulation publishes; reconnecting: no Redis. */
  redis: 'following' | 'waiting' | 'reconnecting';
  /** The simulation's tick as last heard, or null before any. */
  tick: number | null;
  viewers: number;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number };
}

/** A running relay. */
export interface Relay {
  url: string;
  host: string;
  port: number;
  io: Server;
  admission: Admission;
  mirror: LiveMirror;
  /** Viewers served now. */
  viewers(): number;
  /** What `/healthz` answers now. */
  health(): RelayHealth;
  /** Stop following Redis, disconnect every viewer and stop listening. */
  close(): Promise<void>;
}

/** How long a control waits for the simulation's answer. */
const ACK_TIMEOUT_MS = 5000;
/** Entries read at most at once, and how long a read blocks (ms). */
const READ_COUNT = 500;
const READ_BLOCK_MS = 1000;
/** Wait before asking again for a snapshot or after a failed read. */
const RETRY_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start a relay: connect to Redis (an error if it does not answer), then listen. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const host = options.host ?? '127.0.0.1';
  const frameRate = options.frameRate ?? 30;
  const controlRate = options.controlRate ?? { perSecond: 20, burst: 40 };
  const log = options.log ?? (() => undefined);
  const keys = channelKeys(options.channel ?? DEFAULT_CHANNEL);
  const relayId = randomUUID().slice(0, 8);
  const started = performance.now();
  const connections: Redis[] = [];
  const closeRedis = (): void => connections.forEach((c) => c.disconnect());
  try {
    // Reads block, so they have their own connection; controls go out on another.
    connections.push(await connectRedis(options.redis, '--redis'));
    connections.push(await connectRedis(options.redis, '--redis', { enableOfflineQueue: false }));
    connections.push(await connectRedis(options.redis, '--redis'));
  } catch (error) {
    closeRedis();
    throw error;
  }
  const [reader, sender, acks] = connections as [Redis, Redis, Redis];
  for (const connection of connections) connection.on('error', () => undefined);
  reader.on('close', () => {
    if (!closed) log('warn', 'lost Redis: reconnecting');
  });

  const mirror = new LiveMirror();
  let following: 'following' | 'waiting' = 'waiting';
  let closed = false;
  const admission = new Admission({ ...DEFAULT_VIEWER_LIMITS, ...options.viewerLimits });
  const allowedHosts = allowedHostNames(host, options.allowHosts);
  const health = (): RelayHealth => ({
    status: 'ok',
    role: 'relay',
    version: VERSION,
    // ioredis reconnects by itself and sends the blocked read again: its status tells.
    redis: reader.status === 'ready' ? following : 'reconnecting',
    tick: mirror.state?.tick ?? null,
    viewers: feeds.size,
    uptimeSeconds: Math.round((performance.now() - started) / 1000),
    memory: { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed },
  });
  const app = createApp({ webRoot: options.webRoot, health, allowedHosts });
  mountAdmissionRoute(app, admission);
  mountViewerLink(app, () => viewerLink(host, (http.address() as AddressInfo).port));
  const http = createServer(app);
  const io = createSocketServer(http, {
    allowOrigins: options.allowOrigins ?? [],
    allowedHosts,
    admission,
  });
  const nsp = io.of('/');
  const feeds = new ViewerFeeds(nsp, () => mirror.history, frameRate);
  const backend = 'relayed';

  const greet = (socket: Socket): void => {
    socket.emit('hello', mirror.hello(frameRate, backend));
    if (mirror.last !== null) socket.emit(LAST_CONTROL_EVENT, mirror.last);
    if (mirror.lesson !== null) socket.emit(LESSON_EVENT, mirror.lesson);
    feeds.add(socket);
  };

  // Controls: this viewer's rate limit here, the token and the rest at the simulation.
  let requests = 0;
  const pending = new Map<number, { ack: (reply: ControlAck) => void; timer: NodeJS.Timeout }>();
  await acks.subscribe(keys.ack(relayId));
  acks.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    let reply: ControlReply;
    try {
      reply = unpack(message) as ControlReply;
    } catch {
      return;
    }
    const waiting = pending.get(reply?.request);
    if (waiting === undefined) return;
    pending.delete(reply.request);
    clearTimeout(waiting.timer);
    waiting.ack(reply.ack);
  });
  const forward = (socket: Socket, payload: unknown, ack: (reply: ControlAck) => void): void => {
    if (sender.status !== 'ready') {
      ack({ ok: false, error: 'the relay has lost Redis: try again in a moment' });
      return;
    }
    const request = ++requests;
    const timer = setTimeout(() => {
      pending.delete(request);
      ack({
        ok: false,
        error: `the simulation did not answer in ${ACK_TIMEOUT_MS / 1000} s (is neocortex serve --redis running?)`,
      });
    }, ACK_TIMEOUT_MS);
    pending.set(request, { ack, timer });
    const message: ControlRequest = { relay: relayId, request, connection: socket.id, payload };
    sender.publish(keys.control, pack(message)).catch(() => undefined);
  };

  io.on('connection', (socket) => {
    if (mirror.loaded) greet(socket);
    const limiter = new TokenBucket(controlRate.perSecond, controlRate.burst);
    socket.on('control', (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function' || args.length !== 2) return;
      const reply = ack as (reply: ControlAck) => void;
      const safely = (answer: ControlAck): void => {
        try {
          reply(answer);
        } catch {
          // A broken acknowledgement is the viewer's loss, never the relay's.
        }
      };
      if (!limiter.take()) safely({ ok: false, error: 'rate limited: too many control messages' });
      else forward(socket, args[0], safely);
    });
    socket.on('disconnect', () => feeds.remove(socket.id));
  });

  // Follow the stream: load a snapshot, then apply entries; reload on a gap or a new run.
  const follow = async (): Promise<void> => {
    while (!closed) {
      try {
        if (!mirror.loaded) {
          const bytes = await reader.getBuffer(keys.snapshot);
          const snapshot = bytes === null ? 'none' : asSnapshot(unpack(bytes));
          if (typeof snapshot === 'string') {
            if (following !== 'waiting') log('warn', 'no simulation publishes on Redis: waiting');
            following = 'waiting';
            await sleep(RETRY_MS);
            continue;
          }
          if (snapshot.protocol !== PROTOCOL_VERSION) {
            log(
              'warn',
              `the simulation speaks socket protocol ${snapshot.protocol} (neocortex-sim ${snapshot.version}); ` +
                `this relay speaks ${PROTOCOL_VERSION} (neocortex-sim ${VERSION}): run the same version`,
            );
            following = 'waiting';
            await sleep(RETRY_MS * 4);
            continue;
          }
          mirror.load(snapshot);
          for (const socket of nsp.sockets.values()) greet(socket);
        }
        const read = await reader.xreadBuffer(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          keys.entries,
          mirror.entryId,
        );
        if (following !== 'following') log('info', 'following the simulation on Redis');
        following = 'following';
        for (const [, entries] of read ?? []) {
          for (const [id, fields] of entries) {
            const entry = asEntry(unpack(fields[1]!));
            if (typeof entry === 'string') continue;
            const applied = mirror.apply(entry, id.toString());
            if (applied.kind === 'reload') {
              log('info', `reloading the snapshot: ${applied.why}`);
              mirror.unload();
              break;
            }
            if (applied.kind === 'frame') feeds.offerFrame(applied.frame);
            else if (applied.kind === 'state') feeds.offerState(applied.state);
            else if (applied.kind === 'lesson') io.emit(LESSON_EVENT, applied.lesson);
            else if (applied.kind === 'last-control') io.emit(LAST_CONTROL_EVENT, applied.last);
          }
        }
      } catch {
        // A read cut short (Redis went away): ioredis reconnects; look again shortly.
        if (closed) break;
        await sleep(RETRY_MS);
      }
    }
  };
  const following$ = follow();

  try {
    await listenOn(http, options.port ?? 8081, host);
  } catch (error) {
    closed = true;
    closeRedis();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    io,
    admission,
    mirror,
    viewers: () => feeds.size,
    health,
    close: () =>
      (closing ??= (async () => {
        closed = true;
        feeds.close();
        for (const { timer } of pending.values()) clearTimeout(timer);
        pending.clear();
        closeRedis();
        await following$;
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => void io.close(() => resolve()));
        http.closeAllConnections();
      })()),
  };
}
