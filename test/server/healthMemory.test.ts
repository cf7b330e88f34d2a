import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { Health } from '../../src/server/wire.ts';
import type { LiveServer } from '../../src/server/server.ts';
import { tinySpec } from '../sim/sessionFixture.ts';
import { startTinyServer, until } from './liveClient.ts';

let server: LiveServer;

beforeAll(async () => {
  await initBackend('wasm');
  server = await startTinyServer({
    sessionSpec: tinySpec({ playing: true, speed: 60, training: 'worker' }),
  });
});
afterAll(async () => {
  await server.close();
});

async function health(): Promise<Health> {
  return (await (await fetch(new URL('healthz', server.url))).json()) as Health;
}

describe('/healthz tensor memory', () => {
  it("reports the simulation's and the training worker's live tensors", async () => {
    let last: Health | undefined;
    await until(() => {
      void health().then((h) => (last = h));
      return (last?.memory.training?.numTensors ?? 0) > 0;
    });
    const { simulation, training } = last!.memory;
    expect(simulation.numTensors).toBeGreaterThan(0);
    expect(simulation.numBytes).toBeGreaterThan(0);
    expect(training!.numBytes).toBeGreaterThan(0);
  });

  it('shows a tensor leaked in the simulation thread', async () => {
    const before = (await health()).memory.simulation;
    // 200 tensors, 20 MB, kept until the end of the test: far above what the
    // ticks running between the two requests make and free.
    const leaked = Array.from({ length: 200 }, () => tf.zeros([25_000]));
    const after = (await health()).memory.simulation;
    expect(after.numTensors - before.numTensors).toBeGreaterThanOrEqual(150);
    expect(after.numBytes - before.numBytes).toBeGreaterThanOrEqual(15_000_000);
    leaked.forEach((t) => t.dispose());
  });
});
