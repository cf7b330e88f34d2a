/**
 * A trained model per slot: a tiny three-area pcvae and a pcn trained by `neocortex train`
 * into a temporary folder, then named by a session spec (the run's folder, its metrics.json).
 * The session's models hold exactly the checkpoints' weights, recognize better than untrained
 * ones, keep them when training moves to a worker, and a run of another kind or other areas
 * is refused with a message naming both sides.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { loadTrainedModel } from '../../src/models/trainedModel.ts';
import {
  createSession,
  loadTrainedSlots,
  Session,
  type Frame,
} from '../../src/sim/session/index.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec, type SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('trained');

type Areas = [{ size: number }, ...{ name: string; size: number; hidden: number }[]];
const areas: Areas = [
  { size: 784 },
  { name: 'v1', size: 8, hidden: 32 },
  { name: 'it', size: 4, hidden: 16 },
];
const pcn = { kind: 'pcn' as const, hiddenSizes: [8], inferenceSteps: 4 };
const CLASSES = tinyData().train.classNames.length;

/** Train `spec` with the command line into DIR/`name`; returns the run folder. */
async function train(name: string, spec: object): Promise<string> {
  const file = join(tmp.path, `${name}.json`);
  await writeFile(file, JSON.stringify(spec));
  const out = join(tmp.path, name);
  await run(process.execPath, [bin, 'train', '--spec', file, '--out', out, '--no-progress'], {
    timeout: 170_000,
  });
  return out;
}

let pcvaeRun = '';
let pcnRun = '';

beforeAll(async () => {
  await initBackend('wasm');
  const schedule = { dataset: 'letters', epochs: 1, batchSize: 100 };
  [pcvaeRun, pcnRun] = await Promise.all([
    train('pcvae', { kind: 'pcvae', areas, settleIterations: 0, ...schedule }),
    train('pcn', { ...pcn, classes: CLASSES, ...schedule }),
  ]);
}, 340_000);

const owned: { dispose(): unknown }[] = [];
afterEach(async () => {
  while (owned.length > 0) await owned.pop()!.dispose();
});

function trainedSpec(overrides: SessionSpecInput = {}): SessionSpec {
  return SessionSpec.parse(
    tinySpec({
      generative: { areas, trained: pcvaeRun },
      classifier: { ...pcn, trained: join(pcnRun, 'metrics.json') },
      ...overrides,
    }),
  );
}

/** A checkpoint's weights, end to end (the order `weights()` gives). */
async function checkpointWeights(path: string): Promise<Float32Array> {
  const { weights } = await loadTrainedModel(path);
  const flat = new Float32Array(weights.reduce((n, w) => n + w.values.length, 0));
  let offset = 0;
  for (const w of weights) {
    flat.set(w.values, offset);
    offset += w.values.length;
  }
  return flat;
}

describe('a session slot naming a trained model', () => {
  it('holds the checkpoint’s weights and recognizes better than untrained ones', async () => {
    const spec = trainedSpec();
    const trained = new SessionModels(spec, 784, CLASSES, await loadTrainedSlots(spec));
    const fresh = new SessionModels(spec, 784, CLASSES);
    owned.push(trained, fresh);
    expect(Array.from(trained.generative.weights())).toEqual(
      Array.from(await checkpointWeights(pcvaeRun)),
    );
    expect(Array.from(trained.classifier.weights())).toEqual(
      Array.from(await checkpointWeights(join(pcnRun, 'checkpoint.bin'))),
    );
    expect(Array.from(trained.generative.weights())).not.toEqual(
      Array.from(fresh.generative.weights()),
    );
    // Trained, the three-area pcvae explains test images far better than from its seed.
    const { images } = tinyData().test;
    let better = 0;
    for (let i = 0; i < 10; i++) {
      const x = images.subarray(i * 784, (i + 1) * 784).map((v) => (v > 0.5 ? 1 : 0));
      const none = [null, null, null, null];
      const a = trained.recognize(x, none, 7);
      const b = fresh.recognize(x, none, 7);
      expect(Array.from(a.prediction)).not.toEqual(Array.from(b.prediction));
      if (a.negElbo < b.negElbo) better += 1;
    }
    expect(better).toBe(10);
  }, 60_000);

  it('runs a session from them, reading the files itself (createSession)', async () => {
    const session = await createSession(trainedSpec({ mode: 'recognize' }), { data: tinyData() });
    owned.push(session);
    expect(session.topology.generative.areas.map((a) => a.name)).toEqual(['sensory', 'v1', 'it']);
    const frame = session.tick();
    expect(frame.prediction).toHaveLength(784);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) session.tick();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a worker trains on from the trained weights, not from the seed', async () => {
    const spec = trainedSpec({ training: 'worker', mode: 'train' });
    const fresh = new Session(
      parseSessionSpec({ ...spec, generative: { areas }, classifier: pcn }),
      tinyData(),
    );
    owned.push(fresh);
    const trainedSession = await createSession(spec, { data: tinyData() });
    owned.push(trainedSession);
    const oneStep = (s: Session): Promise<Frame> =>
      new Promise((resolve) => {
        const sub = s.frame$.subscribe((frame) => {
          sub.unsubscribe();
          resolve(frame);
        });
        s.step();
      });
    const [a, b] = [await oneStep(trainedSession), await oneStep(fresh)];
    expect(trainedSession.trainingStatus.weightLoads).toBeGreaterThan(0);
    expect(a.freeEnergy).toBeLessThan(b.freeEnergy - 50);
  }, 240_000);

  it('refuses a run of another kind or of other areas, naming both sides', async () => {
    const problem = async (spec: SessionSpec): Promise<string> => {
      try {
        new SessionModels(spec, 784, CLASSES, await loadTrainedSlots(spec)).dispose();
      } catch (error) {
        expect(isNeocortexError(error, 'CHECKPOINT_INVALID')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    const otherAreas = trainedSpec({
      generative: { areas: [{ size: 784 }, { name: 'v1', size: 16 }], trained: pcvaeRun },
    });
    expect(await problem(otherAreas)).toBe(
      `${join(pcvaeRun, 'checkpoint.bin')}: holds a pcvae with areas sensory 784, v1 8, it 4, ` +
        'but the generative model has sensory 784, v1 16: give the slot the trained model’s ' +
        'areas, or train one with these',
    );
    const otherKind = trainedSpec({ generative: { kind: 'pcgen', trained: pcvaeRun } });
    expect(await problem(otherKind)).toMatch(
      /holds a pcvae model, not the generative model \(pcgen\)/,
    );
    const classifierFromGenerative = trainedSpec({ classifier: { ...pcn, trained: pcvaeRun } });
    expect(await problem(classifierFromGenerative)).toMatch(
      /holds a pcvae model, not the classifier/,
    );
    const nothing = trainedSpec({ generative: { areas, trained: join(tmp.path, 'nope') } });
    expect(await problem(nothing)).toMatch(/nope: nothing here: give a run folder/);
    const noneBeside = trainedSpec({
      generative: { areas, trained: join(tmp.path, 'pcvae.json') },
    });
    expect(await problem(noneBeside)).toMatch(/no checkpoint beside .*pcvae\.json/);
  });

  it('a Session given a spec naming a trained model it was not given refuses to start', () => {
    expect(() => new Session(parseSessionSpec(trainedSpec()), tinyData())).toThrow(
      /generative\.trained names .* which has not been read: start the session with createSession/,
    );
  });
});
