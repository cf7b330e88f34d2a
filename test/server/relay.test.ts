/**
 * Viewers across processes: a live server publishing to a real Redis (`serve --redis`)
 * and two relays serving viewers from it. A late joiner on a relay sees what the server
 * shows, controls from a relay's viewer meet the server's checks, Redis keeps a bounded
 * stream, and a Redis restart or a new simulation costs frames, not the viewers.
 */
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { channelKeys, STREAM_CAP } from '../../src/server/relay/channel.ts';
import { startRelay, type Relay } from '../../src/server/relay/relayServer.ts';
import type { LiveServer } from '../../src/server/server.ts';
import type { Hello, LastControl, WireFrame } from '../../src/server/wire.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import {
  connect,
  control,
  next,
  startTinyServer,
  TOKEN,
  until,
  type Client,
} from './liveClient.ts';

let redis: TestRedis;
let server: LiveServer;
const relays: Relay[] = [];
const clients: Client[] = [];

const spec = tinySpec({ playing: true, speed: 60, mode: 'train', training: 'inline' });
const startPublishing = () => startTinyServer({ sessionSpec: spec, redis: { url: redis.url } });
const watch = (relay: { url: string }): Client => {
  const client = connect(relay.url);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  await initBackend('wasm');
  redis = await startRedis();
  server = await startPublishing();
  relays.push(await startRelay({ redis: redis.url, port: 0 }));
  relays.push(await startRelay({ redis: redis.url, port: 0 }));
});
afterAll(async () => {
  for (const client of clients) client.socket.close();
  for (const relay of relays) await relay.close();
  await server.close();
  await redis.stop();
});

describe('relays', () => {
  it('greet a late joiner with what the server shows, then stream its frames', async () => {
    // Let the session train a while: the history is what a late joiner must get.
    await until(() => server.session.history.latent.size > 20);
    const [a, b] = relays as [Relay, Relay];
    const viaA = watch(a);
    const direct = connect(server.url);
    clients.push(direct);
    const [relayed, own] = (await Promise.all([viaA.hello, direct.hello])) as [
      Hello<WireFrame>,
      Hello<WireFrame>,
    ];
    expect(relayed.topology).toEqual(own.topology);
    expect(relayed.protocol).toBe(own.protocol);
    // Up to a second behind (the snapshot's age), the same points.
    const ids = (hello: Hello<WireFrame>) => hello.latent.map((p) => p.id);
    expect(ids(relayed).length).toBeGreaterThan(10);
    expect(ids(relayed).length).toBeGreaterThan(ids(own).length - 60);
    expect(ids(relayed)).toEqual(ids(own).slice(0, ids(relayed).length));
    // Frames flow, ticks rising, within the rate cap.
    const ticks: number[] = [];
    viaA.socket.on('frame', (frame: WireFrame) => ticks.push(frame.tick));
    await until(() => ticks.length > 20);
    expect(ticks.every((tick, i) => i === 0 || tick > ticks[i - 1]!)).toBe(true);
    // The other relay's viewer has the same picture.
    const viaB = watch(b);
    expect((await viaB.hello).topology).toEqual(own.topology);
    const health = (await (await fetch(new URL('healthz', b.url))).json()) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({ status: 'ok', role: 'relay', redis: 'following', viewers: 1 });
  });

  it("pass a viewer's control to the simulation with the server's checks and tell every viewer", async () => {
    const [a, b] = relays as [Relay, Relay];
    const teacher = watch(a);
    const onOther = watch(b);
    await Promise.all([teacher.hello, onOther.hello]);
    const told = next<LastControl>(onOther.socket, 'last-control');
    expect(await control(teacher.socket, { token: TOKEN, action: 'pause' })).toEqual({ ok: true });
    await until(() => !server.session.state.playing);
    expect((await told).text).toMatch(/pause/i);
    const refused = await control(teacher.socket, { token: 'wrong', action: 'play' });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/invalid token/) });
    const malformed = await control(teacher.socket, { token: TOKEN, action: 'speed' });
    expect(malformed).toMatchObject({ ok: false, error: expect.stringMatching(/invalid control/) });
    expect(server.session.state.playing).toBe(false);
    expect(await control(teacher.socket, { token: TOKEN, action: 'play' })).toEqual({ ok: true });
    await until(() => server.session.state.playing);
    // A flood from one viewer meets the same rate limit (20 a second, a burst of 40).
    const burst = await Promise.all(
      Array.from({ length: 60 }, () => control(teacher.socket, { token: TOKEN, action: 'play' })),
    );
    const limited = burst.filter((ack) => !ack.ok && /rate limited/.test(ack.error));
    expect(limited.length).toBeGreaterThanOrEqual(15);
    // The relay's viewers get the new state.
    await until(() => a.mirror.state?.playing === true);
  });

  it('keep Redis bounded: the stream is capped, whatever the run length', async () => {
    const client = new Redis(redis.url);
    try {
      const key = channelKeys('neocortex').entries;
      const published = () => server.publisher()!.stats().published;
      // Faster ticks, more entries: a run many times the cap.
      const local = connect(server.url);
      clients.push(local);
      await local.hello;
      expect(
        await control(local.socket, { token: TOKEN, action: 'speed', ticksPerSecond: 120 }),
      ).toEqual({ ok: true });
      await until(() => published() > 3 * STREAM_CAP, 60_000);
      const length = await client.xlen(key);
      // MAXLEN ~ trims whole nodes: a little over the cap, never the whole run.
      expect(length).toBeLessThan(STREAM_CAP + 150);
      expect(published()).toBeGreaterThan(length + STREAM_CAP);
      // A few seconds of small frames, and one snapshot.
      const bytes =
        Number(await client.memory('USAGE', key)) +
        Number(await client.memory('USAGE', channelKeys('neocortex').snapshot));
      expect(bytes).toBeLessThan(8 * 1024 ** 2);
    } finally {
      client.disconnect();
    }
  });

  it('keep their viewers through a Redis restart and a new simulation, greeting them again', async () => {
    const [a] = relays as [Relay];
    const viewer = watch(a);
    await viewer.hello;
    const frames: number[] = [];
    viewer.socket.on('frame', (frame: WireFrame) => frames.push(frame.tick));
    await redis.stop();
    await until(() => a.health().redis === 'reconnecting');
    redis = await startRedis(redis.port);
    // Redis comes back empty: the server publishes again, the relay reloads and follows.
    await until(() => a.health().redis === 'following', 30_000);
    const after = frames.length;
    await until(() => frames.length > after + 10, 30_000);
    expect(viewer.socket.connected).toBe(true);
    // A new simulation on the same channel: the viewers are greeted with it.
    const hellos: Hello<WireFrame>[] = [];
    viewer.socket.on('hello', (hello: Hello<WireFrame>) => hellos.push(hello));
    const oldTick = server.session.state.tick;
    await server.close();
    server = await startPublishing();
    // Greeted again with the new run (its ticks start over), still connected.
    await until(() => a.mirror.run === server.publisher()!.run, 30_000);
    await until(() => hellos.some((hello) => hello.state.tick < oldTick), 30_000);
    expect(viewer.socket.connected).toBe(true);
  });

  it('answer with the security headers, and a viewer comes back to a restarted relay by itself', async () => {
    const b = relays[1]!;
    const res = await fetch(new URL('healthz', b.url));
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const socket = io(b.url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 });
    // As the page does (connection.ts): a server that said goodbye is tried again.
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 100);
    });
    try {
      await new Promise((resolve) => socket.once('hello', resolve));
      await b.close();
      // From here on a hello can only come from the new relay.
      const again = new Promise((resolve) => socket.once('hello', resolve));
      relays[1] = await startRelay({ redis: redis.url, port: b.port });
      await Promise.race([
        again,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no hello again')), 20_000)),
      ]);
      expect(relays[1].viewers()).toBe(1);
    } finally {
      socket.close();
    }
  });

  it('refuses to start without Redis, naming the flag and the address', async () => {
    const error = await startRelay({ redis: 'redis://127.0.0.1:1', port: 0 }).catch((e) => e);
    expect(isNeocortexError(error, 'REDIS_UNREACHABLE')).toBe(true);
    expect(String(error.message)).toMatch(
      /--redis redis:\/\/127\.0\.0\.1:1: Redis does not answer/,
    );
  });
});
