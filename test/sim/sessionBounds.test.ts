/**
 * A session spec cannot hurt the machine: every session number is bounded and refused by the
 * spec's parse, one line each, before anything is allocated (`classifierHidden: [1e9]` used to
 * pass 3 GB before the server listened); models within the bounds but too large together are
 * refused by their memory estimate before they are built, naming it and the way to raise it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { totalBytes } from '../../src/models/memory.ts';
import { createSession, Session } from '../../src/sim/session/index.ts';
import { dataShape, namedDataShape, sessionMemory } from '../../src/sim/session/sessionMemory.ts';
import { SessionSpec, type SessionSpecInput } from '../../src/sim/session/sessionSpec.ts';
import { sessionSpecProblems, tinyData, tinySpec } from './sessionFixture.ts';
import { parseSessionSpec } from '../../src/sim/session/parsedSessionSpec.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const shape = { inputSize: 784, classes: 10 };

/** 8 stochastic areas of 4,096 units with 4,096 hidden units each: within every bound. */
const hugeAreas: [{ size: number }, ...{ name: string; size: number; hidden: number }[]] = [
  { size: 784 },
  ...Array.from({ length: 8 }, (_, i) => ({ name: `a${i + 1}`, size: 4096, hidden: 4096 })),
];

describe('the session spec bounds every number', () => {
  it('refuses oversized session fields, one line each naming the field and the bound', () => {
    const started = performance.now();
    expect(sessionSpecProblems({ classifierHidden: [1e9] })).toEqual([
      'classifierHidden[0]: expected a whole number from 1 to 4096, got 1000000000',
    ]);
    expect(sessionSpecProblems({ classifierHidden: [5000] })).toEqual([
      'classifierHidden[0]: expected at most 4096 units on a live page, got 5000',
    ]);
    expect(sessionSpecProblems({ classifierHidden: Array(9).fill(8) })).toEqual([
      'classifierHidden: expected at most 8 areas on a live page, got 9',
    ]);
    const problems = sessionSpecProblems({
      batchSize: 1e6,
      curveHistory: 1e12,
      latentHistory: 1e9,
      maxDisplayValues: 1e7,
      curveEvery: 0,
      learningRate: 1e30,
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'batchSize',
      'curveEvery',
      'curveHistory',
      'latentHistory',
      'learningRate',
      'maxDisplayValues',
    ]);
    expect(problems.every((p) => /got /.test(p) && !p.includes('\n'))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('bounds the number and the sizes of the generative model’s areas', () => {
    const fifty = [
      { size: 784 },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `z${i + 1}`, size: 4096 })),
    ];
    expect(sessionSpecProblems({ generative: { areas: fifty } })).toEqual([
      'generative.areas: expected at most 8 areas on a live page, got 50',
    ]);
    expect(
      sessionSpecProblems({ generative: { areas: [{ size: 784 }, { name: 'v1', size: 9000 }] } }),
    ).toEqual(['generative.areas[1]: expected at most 4096 units on a live page, got 9000']);
    expect(
      sessionSpecProblems({
        generative: { areas: [{ size: 784 }, { name: 'v1', size: 8, hidden: 5000 }] },
      }),
    ).toEqual([
      'generative.areas[1].hidden: expected at most 4096 hidden units on a live page, got 5000',
    ]);
    expect(sessionSpecProblems({ generative: { areas: hugeAreas } })).toEqual([]);
  });
});

describe('the memory estimate', () => {
  it('grows with the models and counts both copies of worker training', () => {
    const small = SessionSpec.parse(tinySpec());
    const deeper = SessionSpec.parse(
      tinySpec({ generative: { areas: [{ size: 784 }, { name: 'v1', size: 64, hidden: 256 }] } }),
    );
    const worker = SessionSpec.parse(tinySpec({ training: 'worker' }));
    const bytes = (spec: SessionSpec): number => totalBytes(sessionMemory(spec, shape));
    expect(bytes(small)).toBeGreaterThan(0);
    expect(bytes(deeper)).toBeGreaterThan(bytes(small));
    expect(bytes(worker)).toBe(2 * bytes(small));
    // The tiny MLP [784 -> 12 -> 10] and pcvae [784 -> 16 -> 4 -> 16 -> 784]: weights counted.
    const { parameters } = sessionMemory(small, shape);
    const mlp = 784 * 12 + 12 + 12 * 10 + 10;
    expect(parameters).toBeGreaterThan(4 * mlp);
  });

  it('refuses models over the limit before building them, naming the estimate', () => {
    const spec = parseSessionSpec(tinySpec({ generative: { areas: hugeAreas } }));
    const tensors = tf.memory().numTensors;
    let refusal: unknown;
    try {
      new Session(spec, tinyData()).dispose();
    } catch (error) {
      refusal = error;
    }
    expect(isNeocortexError(refusal, 'SPEC_INVALID')).toBe(true);
    expect((refusal as Error).message).toMatch(
      /^the live session needs about [\d.]+ GB to train \(weights .*\), over the memory limit of 2\.00 GB; make it smaller, or raise the session spec's "maxMemoryMiB" \(or serve --max-memory [\d.]+GB\)/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('createSession refuses it before reading any file or data set its spec names', async () => {
    // The trained model named does not exist: reading it first would be a CHECKPOINT_INVALID.
    const spec = { dataset: 'mnist', generative: { areas: hugeAreas, trained: 'no/such/run' } };
    const refusal = await createSession(spec as SessionSpecInput)
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(isNeocortexError(refusal, 'SPEC_INVALID')).toBe(true);
    expect((refusal as Error).message).toMatch(/needs about .* over the memory limit/);
  });

  it('the shape of a data set known by its name is the shape it loads with', () => {
    const letters = parseSessionSpec({ dataset: 'letters' });
    expect(namedDataShape(letters)).toEqual(dataShape(tinyData()));
  });

  it('a raised limit lets a larger session through', async () => {
    const input = tinySpec({
      generative: { areas: [{ size: 784 }, { name: 'v1', size: 64, hidden: 512 }] },
    });
    const needed = totalBytes(sessionMemory(parseSessionSpec(input), dataShape(tinyData())));
    const limit = (mib: number) => parseSessionSpec({ ...input, maxMemoryMiB: mib });
    const tight = limit(Math.floor(needed / 1024 ** 2) - 1);
    expect(() => new Session(tight, tinyData())).toThrow(/over the memory limit/);
    await new Session(limit(Math.ceil(needed / 1024 ** 2)), tinyData()).dispose();
  });
});
