import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { SpecError } from '../../../src/cortex/index.ts';
import {
  buildClassifier,
  ConvClassifier,
  convFeatureShape,
  MlpClassifier,
  parseClassifierSpec,
} from '../../../src/models/classifier/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('classifier spec', () => {
  it('fills the defaults of issue 4: MLP 784-512-512-10 and conv 5x5x32 / 5x5x64 / 128', () => {
    expect(parseClassifierSpec({ kind: 'mlp' })).toEqual({
      kind: 'mlp',
      inputSize: 784,
      hiddenSizes: [512, 512],
      classes: 10,
      seed: 0,
    });
    const conv = parseClassifierSpec({ kind: 'conv', seed: 4 });
    expect(conv).toEqual({
      kind: 'conv',
      height: 28,
      width: 28,
      convChannels: [32, 64],
      kernelSize: 5,
      poolSize: 2,
      denseSizes: [128],
      classes: 10,
      seed: 4,
    });
    if (conv.kind !== 'conv') throw new Error('unreachable');
    // 28 -conv5-> 24 -pool-> 12 -conv5-> 8 -pool-> 4: 4*4*64 features.
    expect(convFeatureShape(conv)).toEqual({ height: 4, width: 4, channels: 64, features: 1024 });
  });

  it('refuses bad descriptions with a SpecError naming each problem', () => {
    const message = (input: unknown): string => {
      try {
        parseClassifierSpec(input);
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message({ kind: 'rnn' })).toMatch(/invalid classifier spec:\n {2}kind: /);
    expect(message({ kind: 'mlp', hiddenSizes: [512, 0] })).toMatch(/hiddenSizes\[1\]: /);
    expect(message({ kind: 'mlp', classes: 1 })).toMatch(/classes: /);
    expect(message({ kind: 'mlp', hidden: [10] })).toMatch(/hidden/);
    expect(message({ kind: 'conv', kernelSize: 2.5 })).toMatch(/kernelSize: /);
    expect(message({ kind: 'conv', convChannels: [8, 8, 8] })).toMatch(
      /convChannels\[2\]: block 3 gets a 0x0 map from its 5x5 convolution, too small for 2x2 pooling/,
    );
    expect(() => buildClassifier({ kind: 'conv', height: 6, width: 6 } as never)).toThrow(
      SpecError,
    );
  });

  it('builds either kind, and a spec that went through JSON rebuilds the same model', () => {
    const specs = [
      { kind: 'mlp' as const, inputSize: 16, hiddenSizes: [8], classes: 3, seed: 5 },
      {
        kind: 'conv' as const,
        height: 8,
        width: 8,
        convChannels: [2],
        kernelSize: 3,
        denseSizes: [4],
        classes: 3,
        seed: 5,
      },
    ];
    const x = tf.randomUniform<tf.Rank.R2>([2, 64], 0, 1, 'float32', 1);
    for (const spec of specs) {
      const model = buildClassifier(spec);
      expect(model).toBeInstanceOf(spec.kind === 'mlp' ? MlpClassifier : ConvClassifier);
      expect(model.kind).toBe(spec.kind);
      const again = buildClassifier(JSON.parse(JSON.stringify(model.spec)) as typeof spec);
      expect(again.spec).toEqual(model.spec);
      const input = spec.kind === 'mlp' ? tf.slice(x, [0, 0], [2, 16]) : x;
      expect(again.logits(input).arraySync()).toEqual(model.logits(input).arraySync());
      model.dispose();
      again.dispose();
    }
  });
});
