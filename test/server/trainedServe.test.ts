/**
 * A live server started as `serve` starts it with no options begins trained: its first
 * frames show the shipped classifier naming the test digits and the shipped VAE's low cost;
 * with `--from-scratch` the first frame shows a random network's cost. Real servers on MNIST, with
 * training in a worker thread, as `serve` runs them.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { parseServeOptions, resolveSessionSpec } from '../../src/cli/serve.ts';
import { startServer, type LiveServer } from '../../src/server/server.ts';
import { decodeFrame, type WireFrame } from '../../src/server/wire.ts';
import { connect } from './liveClient.ts';

const rawOptions = {
  port: '0',
  host: '127.0.0.1',
  seed: '1',
  frameRate: '30',
  speed: '30',
  dataset: 'mnist',
  web: false,
  recordMaxMib: '64',
};

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The first `count` frames showing a test image (a known label) that a viewer of a server
 * started with these options gets.
 */
async function firstFrames(extra: Record<string, unknown>, count = 5): Promise<WireFrame[]> {
  server = await startServer({
    port: 0,
    logger: false,
    backend: 'wasm',
    sessionSpec: resolveSessionSpec(parseServeOptions({ ...rawOptions, ...extra })),
  });
  const { socket } = connect(server.url);
  try {
    return await new Promise<WireFrame[]>((resolve) => {
      const frames: WireFrame[] = [];
      socket.on('frame', (frame: WireFrame) => {
        if (frame.label < 0 || frames.some((f) => f.label === frame.label && f.tick === frame.tick))
          return;
        frames.push(frame);
        if (frames.length === count) resolve(frames);
      });
    });
  } finally {
    socket.close();
  }
}

const argmax = (values: Float32Array): number => values.indexOf(Math.max(...values));

describe('serve starts from the shipped trained models', () => {
  it('by default: the first frames show a trained cortex', async () => {
    const frames = (await firstFrames({})).map(decodeFrame);
    // The shipped MLP recognises 94% of test digits; the shipped pcvae costs about 112 nats.
    const right = frames.filter((f) => argmax(f.classProbabilities) === f.label);
    expect(right.length).toBeGreaterThanOrEqual(4);
    for (const frame of frames) expect(frame.freeEnergy).toBeLessThan(250);
  }, 120_000);

  it('with --from-scratch: from random weights, as before', async () => {
    const [first] = (await firstFrames({ fromScratch: true }, 1)).map(decodeFrame);
    // A random VAE costs over 500 nats an image before it has learnt anything.
    expect(first!.freeEnergy).toBeGreaterThan(300);
  }, 120_000);
});
