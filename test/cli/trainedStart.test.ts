/**
 * The trained weights the package ships for the default session (trained/mnist-default/):
 * they load (checksum, kind, areas, every weight's shape, through the session's own loader),
 * they were trained as the default session's models and by the remake script's command, and
 * `serve` starts from them unless told otherwise (`--from-scratch`, a spec file, another
 * model, another data set, or a teacher's own run).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TRAINED_DEFAULT_EPOCHS,
  trainedDefaultRuns,
  trainedDefaultShared,
} from '../../scripts/trainedDefault.ts';
import { parseServeOptions, resolveSessionSpec } from '../../src/cli/serve.ts';
import { applyTrainedStart, shippedTrainedRun } from '../../src/cli/trainedStart.ts';
import { initBackend } from '../../src/backend/index.ts';
import { loadDataset } from '../../src/data/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { loadTrainedModel } from '../../src/models/trainedModel.ts';
import {
  isParsedSessionSpec,
  parseSessionSpec,
  servedSessionSpec,
} from '../../src/sim/session/parsedSessionSpec.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { loadTrainedSlots } from '../../src/sim/session/trainedSlots.ts';
import type { DatasetSplit } from '../../src/data/index.ts';

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
const served = (extra: Record<string, unknown> = {}) =>
  resolveSessionSpec(parseServeOptions({ ...rawOptions, ...extra }));

const metricsOf = (slot: 'generative' | 'classifier') =>
  JSON.parse(readFileSync(join(shippedTrainedRun(slot), 'metrics.json'), 'utf8')) as {
    spec: Record<string, unknown>;
    test: Record<string, number>;
    epochs: number;
  };

/** The value that follows `flag` in a list of command-line arguments. */
const flagValue = (args: readonly string[], flag: string): string => args[args.indexOf(flag) + 1]!;

const argmax = (values: Float32Array): number => values.indexOf(Math.max(...values));

let data: DatasetSplit;
beforeAll(async () => {
  await initBackend('wasm');
  data = await loadDataset('mnist', { seed: 1 });
}, 60_000);

describe('the shipped trained weights', () => {
  it('were trained as the default session’s two models, by the remake script’s command', () => {
    const session = parseSessionSpec({});
    const generative = metricsOf('generative');
    const classifier = metricsOf('classifier');
    expect(generative.spec['kind']).toBe('pcvae');
    expect(session.generative.kind).toBe('pcvae');
    expect(generative.spec['areas']).toEqual((session.generative as { areas: unknown }).areas);
    expect(classifier.spec['kind']).toBe('classifier');
    expect(classifier.spec['classifier']).toBe('mlp');
    expect(session.classifier.kind).toBe('mlp');
    expect(classifier.spec['hidden']).toEqual(session.classifierHidden);
    for (const { spec, epochs } of [generative, classifier]) {
      // The session's own batch and rate, on its data set, for the script's epochs and seed.
      expect(spec['batchSize']).toBe(session.batchSize);
      expect(spec['learningRate']).toBe(session.learningRate);
      expect(spec['dataset']).toBe(session.dataset);
      expect(epochs).toBe(TRAINED_DEFAULT_EPOCHS);
      expect(spec['epochs']).toBe(Number(flagValue(trainedDefaultShared, '--epochs')));
      expect(spec['seed']).toBe(Number(flagValue(trainedDefaultShared, '--seed')));
      expect(spec['batchSize']).toBe(Number(flagValue(trainedDefaultShared, '--batch-size')));
    }
    expect(generative.spec['areas']).toEqual([
      { name: 'sensory', size: 784 },
      {
        name: 'z1',
        size: Number(flagValue(trainedDefaultRuns.generative, '--latent')),
        hidden: Number(flagValue(trainedDefaultRuns.generative, '--hidden')),
      },
    ]);
    expect((classifier.spec['hidden'] as number[]).join(',')).toBe(
      flagValue(trainedDefaultRuns.classifier, '--hidden'),
    );
  });

  it('load through the checkpoint loader (checksum checked) with weights only', async () => {
    for (const slot of ['generative', 'classifier'] as const) {
      const trained = await loadTrainedModel(shippedTrainedRun(slot));
      expect(trained.epoch).toBe(TRAINED_DEFAULT_EPOCHS);
      expect(trained.weights.length).toBeGreaterThan(0);
      for (const w of trained.weights) {
        expect(w.values.length).toBe(w.shape.reduce((a, b) => a * b, 1));
        expect(w.values.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('fill the default session’s slots, and its classifier recognises test digits', async () => {
    const spec = served();
    const trained = await loadTrainedSlots(spec);
    const models = new SessionModels(spec, 784, 10, trained);
    try {
      // Same sizes, weight for weight: the session's models take them as they are.
      const { test } = data;
      let correct = 0;
      const count = 200;
      for (let i = 0; i < count; i++) {
        const image = test.images.subarray(i * 784, (i + 1) * 784);
        if (argmax(models.classifier.classify(image).logits) === test.labels[i]) correct += 1;
      }
      expect(correct / count).toBeGreaterThan(0.85);
      const scratch = new SessionModels(served({ fromScratch: true }), 784, 10, {});
      try {
        let lucky = 0;
        for (let i = 0; i < count; i++) {
          const image = test.images.subarray(i * 784, (i + 1) * 784);
          if (argmax(scratch.classifier.classify(image).logits) === test.labels[i]) lucky += 1;
        }
        expect(lucky / count).toBeLessThan(0.4);
      } finally {
        scratch.dispose();
      }
    } finally {
      models.dispose();
    }
  }, 60_000);
});

describe('where serve starts its models', () => {
  it('from the shipped weights by default (no spec file, the default models, MNIST)', () => {
    const spec = served();
    expect(spec.generative.trained).toBe(shippedTrainedRun('generative'));
    expect(spec.classifier.trained).toBe(shippedTrainedRun('classifier'));
  });

  it('from random weights with --from-scratch, a spec file, another data set or other models', () => {
    const scratch = served({ fromScratch: true });
    expect(scratch.generative.trained).toBeUndefined();
    expect(scratch.classifier.trained).toBeUndefined();
    const options = parseServeOptions(rawOptions);
    const withFile = resolveSessionSpec(options, { speed: 10 }, () => false);
    expect(withFile.generative.trained).toBeUndefined();
    const letters = served({ dataset: 'letters' });
    expect(letters.generative.trained).toBeUndefined();
    // Another classifier: only the generative slot still matches the shipped model.
    const pcn = served({ model: ['pcn'] });
    expect(pcn.generative.trained).toBe(shippedTrainedRun('generative'));
    expect(pcn.classifier.trained).toBeUndefined();
    // Other sizes are another model.
    const raw = { classifierHidden: [64] };
    const wider = applyTrainedStart(servedSessionSpec(raw), raw, {}, false);
    expect(wider.classifier.trained).toBeUndefined();
    expect(wider.generative.trained).toBe(shippedTrainedRun('generative'));
  });

  it('from a teacher’s own runs (--trained-generative, --trained-classifier), from the working folder', () => {
    const spec = applyTrainedStart(
      servedSessionSpec({}),
      {},
      { trainedGenerative: 'runs/mine', trainedClassifier: 'runs/theirs' },
      false,
    );
    expect(spec.generative).toEqual({
      ...servedSessionSpec({}).generative,
      trained: resolve('runs/mine'),
    });
    expect(spec.classifier).toEqual({
      ...servedSessionSpec({}).classifier,
      trained: resolve('runs/theirs'),
    });
    // Still the spec parsed once: frozen and branded, not parsed again.
    expect(isParsedSessionSpec(spec)).toBe(true);
    expect(Object.isFrozen(spec.generative)).toBe(true);
    const error = (() => {
      try {
        applyTrainedStart(
          servedSessionSpec({}),
          {},
          { fromScratch: true, trainedClassifier: 'runs/x' },
          false,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isNeocortexError(error) && error.code).toBe('OPTION_INVALID');
    expect((error as Error).message).toMatch(/--from-scratch and --trained-classifier/);
  });
});
