import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { MAX_CONTROL_BYTES } from '../../src/server/protocol.ts';
import {
  decodeFrame,
  decodeHello,
  PROTOCOL_VERSION,
  type Frame,
  type Health,
  type SessionState,
  type WireFrame,
} from '../../src/server/wire.ts';
import {
  connect,
  control,
  next,
  startTinyServer,
  TOKEN,
  until,
  type Client,
} from './liveClient.ts';

let server: LiveServer;
const clients: Client[] = [];
function client(): Client {
  const c = connect(server.url);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer();
});

afterAll(async () => {
  for (const c of clients) c.socket.close();
  await server.close();
});

describe('live server', () => {
  it('binds 127.0.0.1 and answers /healthz with status, backend, tick and viewers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const c = client();
    await c.hello;
    const res = await fetch(new URL('healthz', server.url));
    expect(res.status).toBe(200);
    const health = (await res.json()) as Health;
    expect(health.status).toBe('ok');
    expect(health.backend).toBe('wasm');
    expect(health.viewers).toBeGreaterThanOrEqual(1);
    expect(health.tick).toBeGreaterThanOrEqual(0);
  });

  it("refuses a socket from another site's page, and accepts its own page's", async () => {
    const foreign = connect(server.url, 'http://evil.example:8080');
    clients.push(foreign);
    const outcome = await Promise.race([
      new Promise<string>((resolve) =>
        foreign.socket.once('connect_error', (error) => resolve(`refused: ${error.message}`)),
      ),
      foreign.hello.then(() => 'greeted'),
    ]);
    expect(outcome).toMatch(/^refused: /);
    expect(foreign.socket.connected).toBe(false);
    const own = connect(server.url, new URL(server.url).origin);
    clients.push(own);
    expect((await own.hello).topology.latentSize).toBeGreaterThan(0);
  });

  it('greets a client with the topology and the current state', async () => {
    const hello = decodeHello(await client().hello);
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    expect(PROTOCOL_VERSION).toBe(3);
    expect(hello.backend).toBe('wasm');
    expect(hello.frameRate).toBe(30);
    expect(hello.topology.latentSize).toBe(4);
    expect(hello.topology.generative.areas.map((a) => a.name)).toEqual(['sensory', 'z1']);
    expect(hello.topology.classifier.areas.map((a) => a.name)).toEqual(['sensory', 'h1', 'class']);
    expect(hello.state.clamp).toHaveLength(4);
  });

  it('streams frames whose pictures and areas arrive as binary, not number lists', async () => {
    const c = client();
    await c.hello;
    const raw = await next<WireFrame>(c.socket, 'frame');
    expect(Array.isArray(raw.input)).toBe(false);
    expect(raw.input).toBeInstanceOf(Uint8Array); // a Node Buffer is one
    // Every area's state in one binary block per model, whatever the depth.
    expect(raw.generative.states).toBeInstanceOf(Uint8Array);
    expect(raw.generative.names).toEqual(['sensory', 'z1']);
    const frame = decodeFrame(raw);
    expect(frame.generative[0]!.state).toBeInstanceOf(Float32Array);
    expect(frame.generative[0]!.state.length).toBe(784);
    expect(frame.predictionError).toBeInstanceOf(Int8Array);
    expect(frame.classProbabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // The next frames are newer ones.
    const later = await next<WireFrame>(c.socket, 'frame');
    expect(later.tick).toBeGreaterThan(frame.tick);
  });

  it('refuses control without the token, or with a wrong one, and changes nothing', async () => {
    const c = client();
    await c.hello;
    const before = server.session.state;
    for (const message of [
      { action: 'mode', mode: 'generate' },
      { token: 'wrong', action: 'mode', mode: 'generate' },
      { token: TOKEN.slice(0, -1), action: 'lesion-feedback', lesioned: true },
      { token: 12345, action: 'pause' },
    ]) {
      const ack = await control(c.socket, message);
      expect(ack).toEqual({ ok: false, error: expect.stringMatching(/token/) as unknown });
    }
    const after = server.session.state;
    expect({ ...after, tick: 0, epoch: 0 }).toEqual({ ...before, tick: 0, epoch: 0 });
  });

  it('applies valid control and tells every viewer the new state', async () => {
    const controller = client();
    const viewer = client();
    await Promise.all([controller.hello, viewer.hello]);
    const seen = next<SessionState>(viewer.socket, 'state');
    expect(await control(controller.socket, { token: TOKEN, action: 'pause' })).toEqual({
      ok: true,
    });
    expect((await seen).playing).toBe(false);
    const tick = server.session.state.tick;
    await new Promise((r) => setTimeout(r, 200));
    expect(server.session.state.tick).toBe(tick);
    expect(await control(controller.socket, { token: TOKEN, action: 'step' })).toEqual({
      ok: true,
    });
    // A train step runs its tick once the training worker has taken the step.
    await until(() => server.session.state.tick > tick);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.session.state.tick).toBe(tick + 1);
    await control(controller.socket, { token: TOKEN, action: 'mode', mode: 'generate' });
    await control(controller.socket, { token: TOKEN, action: 'lesion-feedback', lesioned: true });
    const framed = next<Frame>(viewer.socket, 'frame');
    await control(controller.socket, { token: TOKEN, action: 'step' });
    expect((await framed).mode).toBe('generate');
    expect(server.session.state).toMatchObject({ mode: 'generate', feedbackLesioned: true });
    await control(controller.socket, { token: TOKEN, action: 'lesion-feedback', lesioned: false });
    await control(controller.socket, { token: TOKEN, action: 'mode', mode: 'train' });
    await control(controller.socket, { token: TOKEN, action: 'play' });
  });

  it('gives a late joiner the same picture as everyone else', async () => {
    const first = client();
    await first.hello;
    await control(first.socket, { token: TOKEN, action: 'pause' });
    await control(first.socket, { token: TOKEN, action: 'step' });
    const late = decodeHello(await client().hello);
    expect(late.state).toEqual(server.session.state);
    expect(late.frame?.tick).toBe(server.session.latestFrame?.tick);
    expect(Array.from(late.frame!.prediction)).toEqual(
      Array.from(server.session.latestFrame!.prediction),
    );
    expect(late.curve).toEqual(server.session.history.curve.toArray());
    expect(late.latent).toEqual(server.session.history.latent.toArray());
    await control(first.socket, { token: TOKEN, action: 'play' });
  });

  it('answers malformed and oversized control with an error and keeps serving', async () => {
    const c = client();
    await c.hello;
    const malformed: unknown[] = [
      'pause',
      42,
      null,
      [TOKEN, 'pause'],
      { token: TOKEN },
      { token: TOKEN, action: 'explode' },
      { token: TOKEN, action: 'speed', ticksPerSecond: 'fast' },
      { token: TOKEN, action: 'speed', ticksPerSecond: Number.NaN },
      { token: TOKEN, action: 'speed', ticksPerSecond: 1e9 },
      { token: TOKEN, action: 'input', pixels: [1, 2, 3] },
      { token: TOKEN, action: 'occlude', occlusion: { x: -1, y: 0, width: 1, height: 1 } },
      { token: TOKEN, action: 'clamp', values: [1] },
      { token: TOKEN, action: 'pause', extra: true },
      { token: TOKEN, action: 'input', pixels: new Array(784).fill(2) },
    ];
    const before = server.session.state;
    for (const message of malformed) {
      const ack = await control(c.socket, message);
      expect(ack.ok).toBe(false);
    }
    const after = server.session.state;
    expect({ ...after, tick: 0, epoch: 0 }).toEqual({ ...before, tick: 0, epoch: 0 });
    // Too large for the control limit but under the socket's: an error reply.
    const big = { token: TOKEN, action: 'pause', padding: 'x'.repeat(MAX_CONTROL_BYTES) };
    expect(await control(c.socket, big)).toMatchObject({ ok: false, error: /too large/ });
    // Far over the socket's limit: the connection is dropped, the server goes on.
    const dropped = next<string>(c.socket, 'disconnect');
    c.socket.emit('control', { token: TOKEN, action: 'pause', padding: 'x'.repeat(200_000) });
    await dropped;
    // No acknowledgement callback, unknown events, binary: ignored.
    const d = client();
    await d.hello;
    d.socket.emit('control', { token: TOKEN, action: 'pause' });
    d.socket.emit('control');
    d.socket.emit('nonsense', { a: 1 });
    expect(await control(d.socket, new Uint8Array(10))).toMatchObject({ ok: false });
    expect(server.session.state.playing).toBe(true);
    const fresh = client();
    expect((await fresh.hello).protocol).toBe(PROTOCOL_VERSION);
    await next<Frame>(fresh.socket, 'frame');
  });

  it('rate-limits control per connection', async () => {
    const c = client();
    await c.hello;
    const acks = await Promise.all(
      Array.from({ length: 80 }, () => control(c.socket, { token: TOKEN, action: 'play' })),
    );
    const limited = acks.filter((a) => !a.ok && /rate limited/.test(a.error));
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(40);
    // Another connection has its own budget.
    const d = client();
    await d.hello;
    expect(await control(d.socket, { token: TOKEN, action: 'play' })).toEqual({ ok: true });
  });
});
