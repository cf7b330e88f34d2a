import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { Session } from '../../src/sim/session/index.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import type { SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const sessions: Session[] = [];
function session(overrides: SessionSpecInput): Session {
  const s = new Session(parseSessionSpec(tinySpec(overrides)), tinyData());
  sessions.push(s);
  return s;
}
afterEach(async () => {
  while (sessions.length > 0) await sessions.pop()!.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `condition` holds; a hang guard (a worker starts its own tfjs: seconds). */
async function until(condition: () => boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The weights a session of `spec` starts from scratch with: a fresh build from its seed. */
function freshWeights(overrides: SessionSpecInput): Float32Array {
  const data = tinyData();
  const spec = parseSessionSpec(tinySpec(overrides));
  const models = new SessionModels(
    spec,
    data.train.height * data.train.width,
    data.train.classNames.length,
  );
  try {
    return models.weights();
  } finally {
    models.dispose();
  }
}

/** One step from scratch, inline (the reference a worker's first step must match). */
function weightsAfterOneStep(overrides: SessionSpecInput): Float32Array {
  const s = session({ ...overrides, training: 'inline', mode: 'train' });
  s.step();
  return s.weights();
}

/** A step in train mode, resolved once its tick has run (a worker answers later). */
function stepAndWait(s: Session): Promise<void> {
  return new Promise((resolve) => {
    const sub = s.frame$.subscribe(() => {
      sub.unsubscribe();
      resolve();
    });
    s.step();
  });
}

describe('Session.trainFromScratch, inline training', () => {
  const spec: SessionSpecInput = { training: 'inline', mode: 'train', seed: 11 };

  it('gives both models the fresh weights of the seed, clears the history, counts the run', () => {
    const s = session(spec);
    for (let i = 0; i < 6; i++) s.tick();
    expect(s.history.curve.size).toBe(3); // curveEvery 2
    expect(s.history.latent.size).toBeGreaterThan(0);
    const trained = s.weights();
    const fresh = freshWeights(spec);
    expect(Array.from(trained)).not.toEqual(Array.from(fresh));
    const runs: number[] = [];
    const sub = s.state$.subscribe((state) => runs.push(state.trainingRun));

    s.trainFromScratch();

    expect(Array.from(s.weights())).toEqual(Array.from(fresh));
    expect(s.history.curve.size).toBe(0);
    expect(s.history.latent.size).toBe(0);
    expect(s.history.lastCurveStep).toBe(-1);
    expect(s.trainingStatus.steps).toBe(0);
    expect(s.state.epoch).toBe(1);
    expect(runs).toEqual([0, 1]);
    sub.unsubscribe();

    // Training goes on from step 0 with fresh optimisers: a step is the first step of a new session.
    s.step();
    expect(s.trainingStatus.steps).toBe(1);
    expect(Array.from(s.weights())).toEqual(Array.from(weightsAfterOneStep(spec)));
    // A reader placed in the old run gets the new run's points.
    s.tick();
    expect(s.history.curveSince(6).map((p) => p.step)).toEqual([2]);
  });

  it('keeps the feedback lesion across a restart', () => {
    const s = session({ ...spec, mode: 'recognize' });
    s.lesionFeedback(true);
    s.trainFromScratch();
    expect(s.state.feedbackLesioned).toBe(true);
    const lesioned = s.tick().prediction;
    s.lesionFeedback(false);
    expect(Array.from(s.tick().prediction)).not.toEqual(Array.from(lesioned));
  });

  it('frees the old models and optimisers: tensors stay flat over 3 restarts', () => {
    const s = session(spec);
    s.tick(); // the optimisers make their slots on their first step
    s.trainFromScratch();
    s.tick();
    const counted = tf.memory().numTensors;
    for (let run = 2; run <= 4; run++) {
      s.trainFromScratch();
      s.tick();
      expect(s.state.trainingRun).toBe(run);
      expect(tf.memory().numTensors).toBe(counted);
    }
  });

  it('is refused once the session is disposed', async () => {
    const s = session(spec);
    await s.dispose();
    expect(() => s.trainFromScratch()).toThrow(/disposed/);
  });
});

describe('Session.trainFromScratch, worker training', () => {
  const spec: SessionSpecInput = {
    training: 'worker',
    mode: 'train',
    seed: 13,
    curveEvery: 3,
    weightSyncMs: 10,
    speed: 120,
  };

  it('rebuilds the worker and the display models from the seed; old reports never land', async () => {
    const s = session(spec);
    s.play();
    await until(
      () => s.trainingStatus.steps >= 30 && s.trainingStatus.weightLoads >= 1,
      '30 worker steps',
    );
    const fresh = freshWeights(spec);
    expect(Array.from(s.weights())).not.toEqual(Array.from(fresh));

    // Restart while the worker trains flat out and reports every step: reports of the old
    // run are in flight.
    const oldSteps = s.trainingStatus.steps;
    s.pause();
    s.play();
    s.trainFromScratch();
    expect(s.state.trainingRun).toBe(1);
    expect(s.history.curve.size).toBe(0);
    expect(s.trainingStatus.steps).toBe(0);
    await until(() => s.history.curve.size >= 4, '4 curve points of the new run');
    s.pause();
    const steps = s.history.curve.toArray().map((p) => p.step);
    expect(steps.slice(0, 4)).toEqual([3, 6, 9, 12]);
    expect(Math.min(...steps)).toBe(3);
    expect(s.trainingStatus.steps).toBeLessThan(oldSteps + 1000);

    // Paused, a restart shows the fresh weights at once and the worker's first step is the
    // first step of a new session (fresh models and optimisers in the worker too).
    s.trainFromScratch();
    expect(s.state.trainingRun).toBe(2);
    expect(Array.from(s.weights())).toEqual(Array.from(fresh));
    await stepAndWait(s);
    expect(s.trainingStatus.steps).toBe(1);
    expect(Array.from(s.weights())).toEqual(Array.from(weightsAfterOneStep(spec)));
  });

  it('keeps tensors flat on both threads over 3 restarts', async () => {
    const s = session(spec);
    await stepAndWait(s);
    s.trainFromScratch();
    await stepAndWait(s);
    const main = tf.memory().numTensors;
    const worker = s.trainingStatus.memory?.numTensors;
    expect(worker).toBeGreaterThan(0);
    for (let run = 2; run <= 4; run++) {
      s.trainFromScratch();
      await stepAndWait(s);
      expect(s.state.trainingRun).toBe(run);
      expect(s.trainingStatus.steps).toBe(1);
      expect(tf.memory().numTensors).toBe(main);
      expect(s.trainingStatus.memory?.numTensors).toBe(worker);
    }
  });
});
