import { describe, expect, it } from 'vitest';
import { parseTrainOptions } from '../../src/cli/trainOptions.ts';

const base = {
  dataset: 'mnist',
  epochs: '1',
  learningRate: '0.001',
  hidden: '400',
  latent: '20',
  seed: '1',
};

describe('train options', () => {
  it('gives the MLP classifier batches of 32 and every other model 128, unless told', () => {
    expect(parseTrainOptions({ ...base, model: 'classifier', classifier: 'mlp' }).batchSize).toBe(
      32,
    );
    expect(parseTrainOptions({ ...base, model: 'classifier', classifier: 'conv' }).batchSize).toBe(
      128,
    );
    expect(parseTrainOptions({ ...base, model: 'pcvae' }).batchSize).toBe(128);
    expect(parseTrainOptions({ ...base, model: 'ssvae' }).batchSize).toBe(128);
    expect(
      parseTrainOptions({ ...base, model: 'classifier', classifier: 'mlp', batchSize: '64' })
        .batchSize,
    ).toBe(64);
  });

  it('refuses a second latent area under the ssvae class area', () => {
    expect(() => parseTrainOptions({ ...base, model: 'ssvae', latent: '20,10' })).toThrow(
      /--model ssvae has one area under its class area/,
    );
  });

  it('refuses a label weight that is not positive', () => {
    expect(() => parseTrainOptions({ ...base, model: 'ssvae', labelWeight: '0' })).toThrow(
      /--label-weight must be positive/,
    );
  });
});
