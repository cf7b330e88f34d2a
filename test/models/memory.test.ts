/**
 * Memory estimates from a spec alone: each built-in kind counts its weights exactly (checked
 * against the model it builds), and a spec over the limit is refused before anything is
 * allocated, naming its estimate, while an explicit higher limit lets it through.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { isNeocortexError } from '../../src/errors.ts';
import type { DataShape } from '../../src/models/kind.ts';
import { modelKind } from '../../src/models/kinds.ts';
import {
  checkMemory,
  DEFAULT_MEMORY_LIMIT,
  formatBytes,
  parseByteSize,
  totalBytes,
} from '../../src/models/memory.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';

const mnist: DataShape = { height: 28, width: 28, classes: 10 };

beforeAll(async () => {
  await initBackend('cpu');
});

/** The spec's estimate, checked against `limit` as `neocortex train` checks it. */
function check(input: unknown, limit = DEFAULT_MEMORY_LIMIT): void {
  const spec = parseModelSpec(input);
  const kind = modelKind(spec.kind);
  checkMemory(`the ${kind.name} spec`, kind.estimateBytes(spec, mnist), limit, (needed) => {
    return `raise the limit with --max-memory ${needed}`;
  });
}

describe('memory estimates', () => {
  it.each([
    { kind: 'vae', latentSize: 8, hiddenSize: 32 },
    {
      kind: 'pcvae',
      areas: [
        { name: 'retina', size: 784 },
        { name: 'v1', size: 8, hidden: 32 },
        { name: 'it', size: 4, hidden: 16 },
      ],
    },
    { kind: 'classifier', hidden: [32, 16] },
    { kind: 'classifier', classifier: 'conv' },
    { kind: 'ssvae', latentSize: 8, hiddenSize: 32 },
    { kind: 'ssvae', latentSize: 8, hiddenSize: 32, classArea: 'cortex' },
    { kind: 'pcn', hiddenSizes: [32, 16] },
    { kind: 'pcgen', latentSizes: [32, 16] },
  ])('counts the weights of $kind exactly (%#)', (input) => {
    const spec = parseModelSpec(input);
    const kind = modelKind(spec.kind);
    const model = kind.build(spec, mnist, 1);
    try {
      const weights = kind.checkpoint!(model)
        .flatMap((part) => part.variables)
        .reduce((sum, v) => sum + v.size, 0);
      expect(kind.estimateBytes(spec, mnist).parameters).toBe(4 * weights);
    } finally {
      model.dispose();
    }
  });

  it('refuses a pcvae of 50 areas of 4,096 units before allocating anything, naming the estimate', () => {
    const areas = [
      { name: 'retina', size: 784 },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `z${i + 1}`, size: 4096 })),
    ];
    const tensors = tf.memory().numTensors;
    let error: unknown;
    try {
      check({ kind: 'pcvae', areas });
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /^the pcvae spec needs about \d+\.\d+ GB to train \(weights [\d.]+ GB, gradients and optimizer state [\d.]+ GB, activations of a batch [\d.]+ MB\), over the memory limit of 2\.00 GB; make it smaller, or raise the limit with --max-memory \d+GB if this machine has the memory$/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses an MLP of 16 layers of 16,384 units (its weights alone are 16 GB)', () => {
    const spec = parseModelSpec({ kind: 'classifier', hidden: Array(16).fill(16_384) });
    const estimate = modelKind('classifier').estimateBytes(spec, mnist);
    // 15 layers of 16384 x 16384 weights (and the two ends), 4 bytes each.
    expect(estimate.parameters).toBeGreaterThan(15 * 16_384 ** 2 * 4);
    expect(() => check(spec)).toThrow(/^the classifier spec needs about \d+\.\d+ GB to train/);
    expect(() => check(spec)).toThrow(/over the memory limit of 2\.00 GB/);
  });

  it('lets a spec through when an explicit limit is above its estimate', () => {
    const big = { kind: 'classifier', hidden: Array(16).fill(16_384) };
    const spec = parseModelSpec(big);
    const total = totalBytes(modelKind('classifier').estimateBytes(spec, mnist));
    expect(() => check(big, total)).not.toThrow();
    expect(() => check(big, total - 1)).toThrow(/over the memory limit/);
    // The default models are far below the default limit.
    for (const kind of ['vae', 'pcvae', 'classifier', 'ssvae', 'pcn', 'pcgen']) {
      expect(() => check({ kind })).not.toThrow();
    }
  });

  it('reads sizes as people type them and writes them back', () => {
    expect(parseByteSize('4GB')).toBe(4 * 1024 ** 3);
    expect(parseByteSize('512 mb')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('1000')).toBe(1000);
    expect(() => parseByteSize('lots')).toThrow(
      '--max-memory lots: expected a size such as 4GB, 512MB or a number of bytes',
    );
    expect(() => parseByteSize('0')).toThrow(/expected a size/);
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.50 GB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MB');
  });
});
