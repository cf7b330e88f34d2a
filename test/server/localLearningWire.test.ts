/**
 * Local learning over the wire: a live server whose classifier is a pcn learning locally
 * (trained in its worker thread, as `neocortex serve --model pcn` runs it) greets a real
 * socket.io client with the pcn in its topology and streams frames that carry the latest
 * local step's energies, T settle iterations and the update per area, through the shared
 * decoder; a late joiner's hello carries one too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { decodeFrame, decodeHello, type Frame, type WireFrame } from '../../src/server/wire.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { connect, startTinyServer, type Client } from './liveClient.ts';

const T = 5;
let server: LiveServer;
const clients: Client[] = [];

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({
    sessionSpec: tinySpec({
      playing: true,
      speed: 60,
      classifier: { kind: 'pcn', hiddenSizes: [8], inferenceSteps: T },
    }),
  });
});

afterAll(async () => {
  for (const c of clients) c.socket.close();
  await server.close();
});

/** The first decoded frame that carries a local-learning trace. */
function frameWithTrace(c: Client): Promise<Frame> {
  return new Promise((resolve) => {
    const listener = (raw: WireFrame): void => {
      const frame = decodeFrame(raw);
      if (frame.localLearning.length === 0) return;
      c.socket.off('frame', listener);
      resolve(frame);
    };
    c.socket.on('frame', listener);
  });
}

describe('a live server training a pcn locally', () => {
  it('streams the latest local step: T settle energies and the update, per pcn area', async () => {
    const c = connect(server.url);
    clients.push(c);
    const hello = decodeHello(await c.hello);
    expect(hello.topology.classifier.kind).toBe('pcn');
    expect(hello.topology.classifier.learning).toBe('local');
    const names = hello.topology.classifier.areas.map((a) => a.name);
    expect(names).toEqual(['image', 'h1', 'label']);
    const frame = await frameWithTrace(c);
    const [trace] = frame.localLearning;
    expect(frame.localLearning).toHaveLength(1);
    expect(trace!.model).toBe('classifier');
    expect(hello.topology.classifier.captions.localLearning?.clamped).toMatch(/label/);
    expect(trace!.step).toBeGreaterThan(0);
    expect(trace!.areas.map((a) => a.name)).toEqual(names);
    for (const area of trace!.areas) {
      expect(area.settle).toHaveLength(T);
      expect([...area.settle, area.afterUpdate].every(Number.isFinite)).toBe(true);
    }
    // The settle descends: the areas' total never rises from one iteration to the next.
    const total = (i: number) => trace!.areas.reduce((s, a) => s + a.settle[i]!, 0);
    for (let i = 1; i < T; i++) expect(total(i)).toBeLessThanOrEqual(total(i - 1) * (1 + 1e-5));
  }, 60_000);

  it('a late joiner gets a trace in its hello', async () => {
    const c = connect(server.url);
    clients.push(c);
    const hello = decodeHello(await c.hello);
    expect(hello.frame?.localLearning[0]?.areas).toHaveLength(3);
  }, 30_000);
});
