import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { Frame } from '../../src/server/wire.ts';
import { Session, type SessionOptions } from '../../src/sim/session/index.ts';
import type { SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const sessions: Session[] = [];
function session(overrides: SessionSpecInput = {}, options: SessionOptions = {}): Session {
  const s = new Session(
    parseSessionSpec(tinySpec({ training: 'worker', ...overrides })),
    tinyData(),
    options,
  );
  sessions.push(s);
  return s;
}
afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()!.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait (polling) until `condition` holds; fail after `ms`. A hang guard, not a speed
 * check (speed is benchmarked): the worker starts its own tfjs, which on a loaded
 * 2-core machine took over 30 s.
 */
async function until(condition: () => boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function nextFrame(s: Session): Promise<Frame> {
  return new Promise((resolve) => {
    const sub = s.frame$.subscribe((frame) => {
      sub.unsubscribe();
      resolve(frame);
    });
  });
}

/** A drawn input: a vertical bar (stays put while training runs). */
const bar = Array.from({ length: 784 }, (_, i) => (i % 28 === 14 ? 1 : 0));

describe('a session training in a worker thread, over its life', () => {
  // One worker for these steps (starting one loads tfjs in the thread: seconds).
  let s: Session;
  beforeAll(() => {
    s = new Session(
      parseSessionSpec(
        tinySpec({
          training: 'worker',
          generative: { areas: [{ size: 784 }, { name: 'z1', size: 4, hidden: 32 }] },
          batchSize: 16,
          curveEvery: 5,
          weightSyncMs: 10,
          playing: true,
          speed: 60,
        }),
      ),
      tinyData(),
    );
  });
  afterAll(() => s.dispose());

  it('trains: the -ELBO the main thread sees falls', async () => {
    expect(s.trainingStatus.where).toBe('worker');
    await until(() => s.history.curve.size >= 12, '12 curve points');
    const curve = s.history.curve.toArray();
    expect(curve.map((p) => p.step).slice(0, 3)).toEqual([5, 10, 15]);
    expect(curve.at(-1)!.negElbo).toBeLessThan(curve[0]!.negElbo - 100);
    expect(s.trainingStatus.steps).toBeGreaterThanOrEqual(60);
    // 200 training images in batches of 16: 13 steps an epoch.
    expect(s.state.epoch).toBeGreaterThan(1);
    expect(s.trainingStatus.weightLoads).toBeGreaterThan(0);
  });

  it('keeps the number of tensors flat on the main thread while weights keep arriving', async () => {
    const before = tf.memory().numTensors;
    const tick = s.state.tick;
    const loads = s.trainingStatus.weightLoads;
    await until(
      () => s.state.tick >= tick + 150 && s.trainingStatus.weightLoads >= loads + 20,
      '150 ticks and 20 weight loads',
    );
    s.setMode('settle');
    await sleep(100);
    s.pause();
    // A settle holds each image's step until another kind of tick; measure after one.
    s.setMode('recognize');
    s.tick();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pause stops the worker; step then takes exactly one training step', async () => {
    s.setMode('train');
    s.play();
    const running = s.trainingStatus.steps;
    await until(() => s.trainingStatus.steps >= running + 20, '20 more training steps');
    s.pause();
    await sleep(300);
    const paused = s.trainingStatus.steps;
    await sleep(500);
    expect(s.trainingStatus.steps).toBe(paused);
    const ticks = s.state.tick;
    const frame = nextFrame(s);
    s.step();
    expect((await frame).tick).toBe(ticks + 1);
    expect(s.trainingStatus.steps).toBe(paused + 1);
    // Other modes do not train.
    s.setMode('recognize');
    s.play();
    await sleep(300);
    s.pause();
    expect(s.trainingStatus.steps).toBe(paused + 1);
  });

  it('dispose terminates the worker thread', async () => {
    s.setMode('train');
    s.play();
    const steps = s.trainingStatus.steps;
    await until(() => s.trainingStatus.steps > steps, 'a training step');
    await expect(s.dispose()).resolves.toBeUndefined();
    const last = s.trainingStatus.steps;
    await sleep(200);
    expect(s.trainingStatus.steps).toBe(last);
  });
});

describe('Session with worker training', () => {
  it('weights reach the display models: one worker step shows what one inline step does', async () => {
    const s = session({ mode: 'recognize' });
    s.setInput(bar);
    const before = s.tick();
    s.setMode('train');
    const stepped = nextFrame(s);
    s.step();
    const frame = await stepped;
    expect(s.trainingStatus.steps).toBe(1);
    expect(s.trainingStatus.weightLoads).toBe(1);
    expect(Array.from(frame.prediction)).not.toEqual(Array.from(before.prediction));

    const inline = session({ training: 'inline', mode: 'recognize' });
    inline.setInput(bar);
    inline.tick();
    inline.setMode('train');
    const expected = inline.tick();
    expect(Array.from(frame.prediction)).toEqual(Array.from(expected.prediction));
    expect(frame.freeEnergy).toBe(expected.freeEnergy);
    expect(Array.from(frame.classProbabilities)).toEqual(Array.from(expected.classProbabilities));
  });

  it('a failing training step reaches onError and pauses the session', async () => {
    const errors: unknown[] = [];
    const s = session(
      // The largest rate a spec allows blows the pcvae's variances up within a few steps.
      { learningRate: 10, playing: true, speed: 60 },
      { onError: (error) => errors.push(error) },
    );
    await until(() => errors.length > 0, 'an error');
    expect(String(errors[0])).toMatch(/non-finite/);
    expect(s.state.playing).toBe(false);
    // The session is still usable.
    s.setMode('recognize');
    expect(s.tick().mode).toBe('recognize');
  });
});
