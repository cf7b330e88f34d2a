/**
 * `neocortex serve --redis`: the live session told to Redis for relays (channel.ts says
 * what goes where). Every frame, state, lesson step and last control becomes an entry of
 * a capped stream; the snapshot a newcomer needs is rewritten every second; controls from
 * relays' viewers come back on a channel and go through the same checks as a socket's
 * (token, validation, rate limit per connection). While Redis is away nothing is queued:
 * entries are dropped (relays skip them and reload the snapshot) and counted.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Subscription } from 'rxjs';
import type { Session } from '../../sim/session/index.ts';
import { VERSION } from '../../version.ts';
import type { LessonDesk } from '../lessons.ts';
import type { LiveSockets } from '../sockets.ts';
import { encodeOnce } from '../encodedFrame.ts';
import { PROTOCOL_VERSION, type LastControl } from '../wire.ts';
import {
  channelKeys,
  pack,
  SNAPSHOT_EVERY_MS,
  SNAPSHOT_TTL_S,
  STREAM_CAP,
  unpack,
  type ControlReply,
  type ControlRequest,
  type LiveEntry,
  type Snapshot,
} from './channel.ts';
import { connectRedis } from './redisClient.ts';

/** Where and what to publish. */
export interface PublisherOptions {
  /** redis://HOST:PORT */
  url: string;
  /** The channel name (keys `<channel>:live:*`). */
  channel: string;
  session: Session;
  sockets: LiveSockets;
  lessons: LessonDesk;
  /** Told when Redis goes away and comes back. */
  log: (level: 'info' | 'warn', message: string) => void;
}

/** How the publishing goes. */
export interface PublisherStats {
  /** Whether Redis takes entries now. */
  connected: boolean;
  /** Entries written, and dropped while Redis was away. */
  published: number;
  dropped: number;
  /** Controls from relays answered. */
  controls: number;
}

/** A running publisher. */
export interface LivePublisher {
  /** This simulation's run id (a relay that sees another reloads). */
  readonly run: string;
  /** Tell relays' viewers what the controller did last (the server calls it for every control). */
  lastControl(last: LastControl): void;
  /** Whether Redis takes entries now, and entries written and dropped so far. */
  stats(): PublisherStats;
  /** Stop publishing and close the connections (the snapshot expires by itself). */
  dispose(): Promise<void>;
}

/** Start publishing `options.session` to Redis; rejects if Redis cannot be reached at start. */
export async function publishLive(options: PublisherOptions): Promise<LivePublisher> {
  const { session, sockets, lessons } = options;
  const keys = channelKeys(options.channel);
  const run = randomUUID();
  const redis = await connectRedis(options.url, '--redis', { enableOfflineQueue: false });
  let subscriber: Redis;
  try {
    subscriber = await connectRedis(options.url, '--redis');
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const stats = { published: 0, dropped: 0, controls: 0 };
  let seq = 0;
  let written = { seq: 0, entryId: '0-0' };
  let away = false;
  redis.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  redis.on('ready', () => {
    if (away) options.log('info', `Redis ${options.url} is back: publishing again`);
    away = false;
  });
  redis.on('close', () => {
    if (!away)
      options.log('warn', `Redis ${options.url} went away: frames are dropped until it is back`);
    away = true;
  });

  const add = (entry: DistributiveOmit<LiveEntry, 'run' | 'seq'>): void => {
    // Numbered even when dropped: a relay sees the gap and reloads the snapshot.
    seq += 1;
    if (redis.status !== 'ready') {
      stats.dropped += 1;
      return;
    }
    const numbered = { run, seq, ...entry } as LiveEntry;
    redis.xadd(keys.entries, 'MAXLEN', '~', STREAM_CAP, '*', 'm', pack(numbered)).then(
      (id) => {
        stats.published += 1;
        if (id !== null && numbered.seq > written.seq) written = { seq: numbered.seq, entryId: id };
      },
      () => {
        stats.dropped += 1;
      },
    );
  };

  // Each frame carries the points recorded since the previous one published.
  let latentCursor = session.history.lastLatentId;
  let curveCursor = session.history.lastCurveStep;
  const subscriptions: Subscription[] = [
    session.frame$.subscribe((frame) => {
      const latentPoints = session.history.latentSince(latentCursor);
      const curvePoints = session.history.curveSince(curveCursor);
      latentCursor = latentPoints.at(-1)?.id ?? latentCursor;
      curveCursor = curvePoints.at(-1)?.step ?? curveCursor;
      add({ type: 'frame', frame: { ...encodeOnce(frame), latentPoints, curvePoints } });
    }),
    session.state$.subscribe((state) => add({ type: 'state', state })),
    lessons.update$.subscribe((lesson) => add({ type: 'lesson', lesson })),
  ];

  const writeSnapshot = (): void => {
    if (redis.status !== 'ready') return;
    const snapshot: Snapshot = {
      run,
      seq: written.seq,
      entryId: written.entryId,
      protocol: PROTOCOL_VERSION,
      version: VERSION,
      hello: sockets.greeting(),
      curveCapacity: session.history.curve.capacity,
      latentCapacity: session.history.latent.capacity,
      lesson: lessons.current,
      last: sockets.lastControl() ?? null,
    };
    redis.set(keys.snapshot, pack(snapshot), 'EX', SNAPSHOT_TTL_S).catch(() => undefined);
  };
  writeSnapshot();
  const snapshots = setInterval(writeSnapshot, SNAPSHOT_EVERY_MS);

  await subscriber.subscribe(keys.control);
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    const request = asControlRequest(message);
    if (request === undefined) return;
    const ack = sockets.remoteControl(request.payload, `${request.relay}/${request.connection}`);
    stats.controls += 1;
    const reply: ControlReply = { request: request.request, ack };
    redis.publish(keys.ack(request.relay), pack(reply)).catch(() => undefined);
  });

  return {
    run,
    lastControl: (last) => add({ type: 'last-control', last }),
    stats: () => ({ connected: redis.status === 'ready', ...stats }),
    dispose: async () => {
      clearInterval(snapshots);
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A control request read from Redis, or undefined if it is not one (it is dropped). */
function asControlRequest(message: Buffer): ControlRequest | undefined {
  let value: unknown;
  try {
    value = unpack(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { relay, request, connection } = value as Record<string, unknown>;
  if (typeof relay !== 'string' || typeof connection !== 'string') return undefined;
  if (typeof request !== 'number' || relay.length > 100 || connection.length > 100)
    return undefined;
  return value as ControlRequest;
}
