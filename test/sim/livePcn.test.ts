/**
 * A live session whose classifier is a predictive-coding network learning locally: its spec
 * (old specs unchanged, the pcn kind, bad values refused one line each), its train tick (a
 * local step: weights move, the frame carries the step's energies per area over the settle
 * iterations and after the update) and its memory over hundreds of ticks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { Pcn } from '../../src/models/pcn/pcn.ts';
import { pcnStep } from '../../src/models/trainingStep.ts';
import { Session } from '../../src/sim/session/index.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec } from '../../src/sim/session/sessionSpec.ts';
import { TrainingLoop } from '../../src/sim/session/training/trainingLoop.ts';
import { sessionSpecProblems, tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

const T = 6;
/** Classes of the tiny letters data set (A..E). */
const CLASSES = tinyData().train.classNames.length;
const pcnSpec = tinySpec({ classifier: { kind: 'pcn', hiddenSizes: [10, 8], inferenceSteps: T } });

beforeAll(async () => {
  await initBackend('wasm');
});

const owned: { dispose(): unknown }[] = [];
afterEach(() => {
  while (owned.length > 0) owned.pop()!.dispose();
});

const problemsOf = sessionSpecProblems;

describe('session spec: the classifier', () => {
  it('an old spec stays valid and means the same: the MLP with classifierHidden', () => {
    const old = SessionSpec.parse(tinySpec({ classifierHidden: [12, 7] }));
    expect(old.classifier).toEqual({ kind: 'mlp' });
    expect(old.classifierHidden).toEqual([12, 7]);
    const models = new SessionModels(old, 784, CLASSES);
    owned.push(models);
    expect(models.classifier.kind).toBe('mlp');
    expect(models.classifier.learning).toBe('backprop');
    const areas = models.classifier.hierarchySpec.areas.map((a) => [a.name, a.size]);
    expect(areas).toEqual([
      ['sensory', 784],
      ['h1', 12],
      ['h2', 7],
      ['class', CLASSES],
    ]);
    // The MLP's own `hidden` comes before the session's classifierHidden.
    const own = SessionSpec.parse(
      tinySpec({ classifier: { kind: 'mlp', hidden: [9] }, classifierHidden: [12, 7] }),
    );
    const mlp = new SessionModels(own, 784, CLASSES);
    owned.push(mlp);
    expect(mlp.classifier.hierarchySpec.areas.map((a) => a.size)).toEqual([784, 9, CLASSES]);
  });

  it('a pcn takes a pcn spec fields, learning locally by default', () => {
    const spec = SessionSpec.parse({ classifier: { kind: 'pcn' } });
    expect(spec.classifier).toEqual({
      kind: 'pcn',
      hiddenSizes: [256, 256],
      activation: 'tanh',
      learning: 'local',
      inferenceSteps: 20,
      inferenceRate: 0.1,
      optimizer: { name: 'adam', learningRate: 1e-3 },
    });
  });

  it('refuses bad values, one line each naming the field', () => {
    expect(problemsOf({ classifier: { kind: 'pcx' } })).toEqual([
      'classifier.kind: expected kind "mlp" (the default) or "pcn", got "pcx"',
    ]);
    const problems = problemsOf({
      classifier: { kind: 'pcn', learning: 'hebb', inferenceSteps: 500, hiddenSizes: [0] },
    });
    expect(problems).toHaveLength(3);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'classifier.hiddenSizes[0]',
      'classifier.inferenceSteps',
      'classifier.learning',
    ]);
    expect(problemsOf({ classifier: { kind: 'mlp', hiddenSizes: [3] } })).toHaveLength(1);
    // A live page bounds the pcn tighter than a model spec: 8 hidden areas of 4,096 units.
    expect(
      problemsOf({ classifier: { kind: 'pcn', hiddenSizes: [8, 8, 8, 8, 8, 8, 8, 8, 8] } }),
    ).toEqual(['classifier.hiddenSizes: expected at most 8 areas on a live page, got 9']);
    expect(problemsOf({ classifier: { kind: 'pcn', hiddenSizes: [5000] } })).toEqual([
      'classifier.hiddenSizes[0]: expected at most 4096 units on a live page, got 5000',
    ]);
  });
});

describe('a pcn local step records its trace', () => {
  it('the per-area energies add up to the settle free energy at every iteration', () => {
    const pcn = new Pcn(
      { inputSize: 784, hiddenSizes: [10, 8], classes: CLASSES, inferenceSteps: T },
      3,
    );
    owned.push(pcn);
    const optimizer = pcn.createOptimizer();
    owned.push(optimizer);
    const { train } = tinyData();
    const pixels = train.images.subarray(0, 8 * 784);
    const labels = train.labels.subarray(0, 8);
    const { trace } = pcnStep(pcn, optimizer, pixels, labels, { trace: true });
    expect(trace).toBeDefined();
    const names = Object.keys(trace!.settle);
    expect(names).toEqual(['image', 'h1', 'h2', 'label']);
    for (let i = 0; i < T; i++) {
      const sum = names.reduce((s, n) => s + trace!.settle[n]![i]!, 0);
      expect(sum).toBeCloseTo(trace!.freeEnergy[i]!, 3);
    }
    // The settle descends: its free energy never rises from one iteration to the next.
    for (let i = 1; i < T; i++) {
      expect(trace!.freeEnergy[i]!).toBeLessThanOrEqual(trace!.freeEnergy[i - 1]! * (1 + 1e-5));
    }
  });
});

describe('a live session with a pcn classifier', () => {
  it('a train tick takes a local step: the weights move and the frame carries the trace', () => {
    const spec = SessionSpec.parse(pcnSpec);
    const models = new SessionModels(spec, 784, CLASSES);
    owned.push(models);
    const loop = new TrainingLoop(spec, tinyData().train);
    expect(loop.position.localLearning).toEqual([]);
    const before = models.weights();
    loop.step(models);
    const after = models.weights();
    let moved = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) moved += 1;
    expect(moved).toBeGreaterThan(0);
    const [trace] = loop.position.localLearning;
    expect(trace?.model).toBe('classifier');
    expect(trace?.step).toBe(1);
    expect(trace?.areas.map((a) => a.name)).toEqual(['image', 'h1', 'h2', 'label']);
    for (const area of trace!.areas) {
      expect(area.settle).toHaveLength(T);
      expect([...area.settle, area.afterUpdate].every(Number.isFinite)).toBe(true);
    }
  });

  it('frames carry the latest step, replaced each step, in the topology the page draws', () => {
    const s = new Session(parseSessionSpec({ ...pcnSpec, mode: 'train' }), tinyData());
    owned.push(s);
    expect(s.topology.classifier.kind).toBe('pcn');
    expect(s.topology.classifier.learning).toBe('local');
    expect(s.topology.classifier.areas.map((a) => a.name)).toEqual(['image', 'h1', 'h2', 'label']);
    const first = s.tick();
    const second = s.tick();
    expect(first.localLearning.map((t) => t.step)).toEqual([1]);
    expect(second.localLearning.map((t) => t.step)).toEqual([2]);
    expect(second.classProbabilities).toHaveLength(CLASSES);
    const sum = second.classProbabilities.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 4);
    // Outside train mode no step is taken: the frame keeps showing the last one.
    s.setMode('recognize');
    expect(s.tick().localLearning.map((t) => t.step)).toEqual([2]);
  });

  it('a pcn learning by backprop records no trace', () => {
    const s = new Session(
      parseSessionSpec(
        tinySpec({ classifier: { kind: 'pcn', hiddenSizes: [6], learning: 'backprop' } }),
      ),
      tinyData(),
    );
    owned.push(s);
    expect(s.topology.classifier.learning).toBe('backprop');
    expect(s.tick().localLearning).toEqual([]);
  });

  it('holds tensor memory flat over hundreds of local-learning ticks', () => {
    const s = new Session(parseSessionSpec({ ...pcnSpec, mode: 'train' }), tinyData());
    owned.push(s);
    for (let i = 0; i < 5; i++) s.tick();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 300; i++) {
      if (i === 150) s.setMode('settle');
      if (i === 200) s.setMode('train');
      s.tick();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
