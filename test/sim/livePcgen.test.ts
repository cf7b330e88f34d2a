/**
 * A live session whose generative model is a pcgen (no encoder, local learning): its spec
 * (an old `generative` without `kind` is still the pcvae; pcgen fields bounded), its train
 * tick (a local step with its trace), its recognition (settling from rest, as the model's own
 * settle), its dreams, and its memory over hundreds of ticks in every mode.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { PcGen } from '../../src/models/pcgen/pcgen.ts';
import { Session } from '../../src/sim/session/index.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec } from '../../src/sim/session/sessionSpec.ts';
import { TrainingLoop } from '../../src/sim/session/training/trainingLoop.ts';
import { sessionSpecProblems, tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

const T = 5;
const CLASSES = tinyData().train.classNames.length;
const pcgenSpec = tinySpec({
  generative: { kind: 'pcgen', latentSizes: [12, 4], inferenceSteps: T },
});

beforeAll(async () => {
  await initBackend('wasm');
});

const owned: { dispose(): unknown }[] = [];
afterEach(() => {
  while (owned.length > 0) owned.pop()!.dispose();
});

const problemsOf = sessionSpecProblems;

describe('session spec: the generative model', () => {
  it('an old spec (areas, no kind) stays valid and means the pcvae it did', () => {
    const areas: [{ size: number }, { name: string; size: number; hidden: number }] = [
      { size: 784 },
      { name: 'v1', size: 4, hidden: 16 },
    ];
    const parsed = SessionSpec.parse({ generative: { areas } });
    expect(parsed.generative).toEqual({
      kind: 'pcvae',
      areas: [
        { name: 'sensory', size: 784 },
        { name: 'v1', size: 4, hidden: 16 },
      ],
    });
    expect(SessionSpec.parse({}).generative.kind).toBe('pcvae');
    const models = new SessionModels(
      SessionSpec.parse(tinySpec({ generative: { areas } })),
      784,
      5,
    );
    owned.push(models);
    expect(models.generative.kind).toBe('pcvae');
    expect(models.latentAreas).toEqual(['v1']);
  });

  it('a pcgen takes its fields with defaults, and refuses bad ones one line each', () => {
    expect(SessionSpec.parse({ generative: { kind: 'pcgen' } }).generative).toEqual({
      kind: 'pcgen',
      latentSizes: [64, 32],
      activation: 'tanh',
      inferenceSteps: 20,
      inferenceRate: 0.1,
      optimizer: { name: 'adam', learningRate: 1e-3 },
    });
    const problems = problemsOf({
      generative: {
        kind: 'pcgen',
        latentSizes: [],
        inferenceSteps: 0,
        optimizer: { name: 'rmsprop' },
      },
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'generative.inferenceSteps',
      'generative.latentSizes',
      'generative.optimizer.name',
    ]);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    expect(problemsOf({ generative: { kind: 'vae' } })).toEqual([
      'generative.kind: expected kind "pcvae" (the default) or "pcgen", got "vae"',
    ]);
    // A live page bounds the pcgen tighter than a model spec.
    expect(
      problemsOf({ generative: { kind: 'pcgen', latentSizes: [5000], inferenceSteps: 500 } }),
    ).toEqual([
      'generative.latentSizes[0]: expected at most 4096 units on a live page, got 5000',
      'generative.inferenceSteps: expected at most 200 settle iterations on a live page, got 500',
    ]);
    // A pcvae's areas do not belong to a pcgen.
    expect(problemsOf({ generative: { kind: 'pcgen', areas: [] } })).toHaveLength(1);
  });
});

describe('a live session with a pcgen', () => {
  it('a train tick takes a local step: weights move, the trace has T points per area', () => {
    const spec = SessionSpec.parse(pcgenSpec);
    const models = new SessionModels(spec, 784, CLASSES);
    owned.push(models);
    expect(models.generative.kind).toBe('pcgen');
    expect(models.generative.learning).toBe('local');
    const loop = new TrainingLoop(spec, tinyData().train);
    const before = models.weights();
    const point = loop.step(models);
    expect(point).toBeUndefined(); // curveEvery 2
    const after = models.weights();
    let moved = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) moved += 1;
    expect(moved).toBeGreaterThan(0);
    const [trace] = loop.position.localLearning;
    expect(trace?.model).toBe('generative');
    expect(trace?.areas.map((a) => a.name)).toEqual(['sensory', 'z1', 'z2']);
    for (const area of trace!.areas) {
      expect(area.settle).toHaveLength(T);
      expect([...area.settle, area.afterUpdate].every(Number.isFinite)).toBe(true);
    }
    // From rest the latents carry no error; settling moves error up from the image.
    expect(trace!.areas[1]!.settle[0]).toBe(0);
    const total = (k: number) => trace!.areas.reduce((s, a) => s + a.settle[k]!, 0);
    for (let k = 1; k < T; k++) expect(total(k)).toBeLessThanOrEqual(total(k - 1) * (1 + 1e-5));
    // The curve point is the free energy at the settled states, its sensory share apart.
    const second = loop.step(models)!;
    expect(second.negElbo).toBeGreaterThan(second.reconstruction);
    expect(second.kl).toBeCloseTo(second.negElbo - second.reconstruction, 6);
  });

  it('recognizes by settling from rest: the free energy of the model’s own settle', () => {
    const spec = SessionSpec.parse(pcgenSpec);
    const models = new SessionModels(spec, 784, CLASSES);
    owned.push(models);
    const image = tinyData().test.images.subarray(0, 784);
    const seen = models.recognize(image, [null, null, null, null], 0);
    const again = models.recognize(image, [null, null, null, null], 0);
    expect(again.negElbo).toBe(seen.negElbo);
    // The same weights in a PcGen of its own settle the same way.
    const pcgen = new PcGen(
      { inputSize: 784, latentSizes: [12, 4], inferenceSteps: T },
      SessionSpec.parse(pcgenSpec).seed,
    );
    owned.push(pcgen);
    const sameWeights = (): void => {
      const flat = models.generative.weights();
      let offset = 0;
      tf.tidy(() => {
        for (const v of pcgen.variables()) {
          v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape));
          offset += v.size;
        }
      });
    };
    sameWeights();
    const x = tf.tensor2d(image, [1, 784]);
    const direct = pcgen.settle(x).freeEnergyPerImage.at(-1)![0]!;
    x.dispose();
    expect(seen.negElbo).toBeCloseTo(direct, 4);
    expect(seen.latents.map((l) => l.length)).toEqual([12, 4]);
    expect(seen.prediction).toHaveLength(784);
    expect(seen.topMeans).toHaveLength(4);
    // New weights (a training step) settle anew, to another free energy.
    new TrainingLoop(spec, tinyData().train).step(models);
    const trained = models.recognize(image, [null, null, null, null], 0);
    expect(trained.negElbo).not.toBe(seen.negElbo);
    sameWeights();
    const y = tf.tensor2d(image, [1, 784]);
    expect(trained.negElbo).toBeCloseTo(pcgen.settle(y).freeEnergyPerImage.at(-1)![0]!, 4);
    y.dispose();
    // So does a clamp: the prediction comes down from the clamped top.
    const clamped = models.recognize(image, [3, null, null, null], 0);
    expect(clamped.latents.at(-1)![0]).toBe(3);
    expect(Array.from(clamped.prediction)).not.toEqual(Array.from(trained.prediction));
  });

  it('runs every mode, with both traces when a pcn learns beside it, memory flat', () => {
    const s = new Session(
      parseSessionSpec({
        ...pcgenSpec,
        mode: 'train',
        classifier: { kind: 'pcn', hiddenSizes: [6], inferenceSteps: T },
      }),
      tinyData(),
    );
    owned.push(s);
    expect(s.topology.generative.kind).toBe('pcgen');
    expect(s.topology.generative.learning).toBe('local');
    expect(s.topology.generative.captions.modes?.['recognize']).toMatch(/no encoder/);
    expect(s.topology.generative.pathways.map((p) => p.kind)).toEqual(['feedback', 'feedback']);
    const frame = s.tick();
    expect(frame.localLearning.map((t) => t.model).sort()).toEqual(['classifier', 'generative']);
    const modes = ['train', 'recognize', 'generate', 'settle'] as const;
    for (const mode of modes) {
      s.setMode(mode);
      const f = s.tick();
      expect(Number.isFinite(f.freeEnergy)).toBe(true);
      expect(f.prediction).toHaveLength(784);
    }
    const before = tf.memory().numTensors;
    for (let i = 0; i < 240; i++) {
      if (i % 60 === 0) s.setMode(modes[(i / 60) % 4]!);
      s.tick();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
