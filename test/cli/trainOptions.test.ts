import { describe, expect, it } from 'vitest';
import { buildTrainOptions, modelSpecOf, parseTrainOptions } from '../../src/cli/trainOptions.ts';
import type { SpecError } from '../../src/cortex/specError.ts';
import { isNeocortexError } from '../../src/errors.ts';

const base = {
  dataset: 'mnist',
  epochs: '1',
  learningRate: '0.001',
  seed: '1',
};
const sizes = { hidden: '400', latent: '20' };

describe('train options', () => {
  it('gives the MLP classifier batches of 32 and every other model 128, unless told', () => {
    const batchSize = (options: Record<string, unknown>) =>
      parseTrainOptions(options).spec.batchSize;
    expect(batchSize({ ...base, model: 'classifier', classifier: 'mlp' })).toBe(32);
    expect(batchSize({ ...base, model: 'classifier', classifier: 'conv' })).toBe(128);
    expect(batchSize({ ...base, ...sizes, model: 'pcvae' })).toBe(128);
    expect(batchSize({ ...base, ...sizes, model: 'ssvae' })).toBe(128);
    expect(batchSize({ ...base, model: 'classifier', classifier: 'mlp', batchSize: '64' })).toBe(
      64,
    );
  });

  it('trains a vae or pcvae on 1 thread unless --workers 2, and refuses the option elsewhere', () => {
    expect(modelSpecOf(parseTrainOptions({ ...base, model: 'vae' }))).toMatchObject({ workers: 1 });
    const two = parseTrainOptions({ ...base, ...sizes, model: 'pcvae', workers: '2' });
    expect(modelSpecOf(two)).toMatchObject({ kind: 'pcvae', workers: 2 });
    expect(() => parseTrainOptions({ ...base, model: 'vae', workers: '3' })).toThrow(
      /--workers 3: workers is 1 or 2, not 3/,
    );
    expect(() => parseTrainOptions({ ...base, model: 'classifier', workers: '2' })).toThrow(
      /--workers is an option of --model vae and pcvae, not of --model classifier/,
    );
  });

  it('builds a pcgen from its flags: latent sizes, inference steps and rate, onto its defaults', () => {
    const defaults = buildTrainOptions({ model: 'pcgen' }).spec;
    expect(defaults).toMatchObject({
      kind: 'pcgen',
      latentSizes: [360, 360, 360],
      activation: 'tanh',
      inferenceSteps: 20,
      inferenceRate: 0.1,
      optimizer: { name: 'adam', learningRate: 1e-3 },
      iwaeK: 50,
    });
    const given = buildTrainOptions({
      model: 'pcgen',
      latent: '64,32',
      inferenceSteps: '7',
      inferenceRate: '0.02',
    });
    expect(modelSpecOf(given)).toMatchObject({
      kind: 'pcgen',
      latentSizes: [64, 32],
      inferenceSteps: 7,
      inferenceRate: 0.02,
    });
    expect(() => buildTrainOptions({ model: 'pcgen', latent: '64,0' })).toThrow(
      /--latent 64,0 \(latentSizes\[1\]\): expected a whole number from 1 to 10000/,
    );
  });

  it('gives pcn and pcgen one optimizer field: --optimizer and --lr set its name and rate', () => {
    for (const model of ['pcn', 'pcgen']) {
      const options = buildTrainOptions({ model, optimizer: 'sgd', learningRate: '0.01' });
      expect(modelSpecOf(options)).toMatchObject({
        kind: model,
        optimizer: { name: 'sgd', learningRate: 0.01 },
      });
      expect(modelSpecOf(options)).not.toHaveProperty('learningRate');
      expect(() => buildTrainOptions({ model, optimizer: 'rmsprop' })).toThrow(
        /--optimizer rmsprop \(optimizer\.name\): "rmsprop" is not one of adam, sgd/,
      );
      expect(() => buildTrainOptions({ model, learningRate: '-1' })).toThrow(
        /--lr -1 \(optimizer\.learningRate\)/,
      );
    }
  });

  it('refuses a second latent area under the ssvae class area', () => {
    expect(() => parseTrainOptions({ ...base, model: 'ssvae', latent: '20,10' })).toThrow(
      /--model ssvae has one area under its class area/,
    );
  });

  it('builds the ssvae with the dense class area unless --class-area cortex, and names a bad one', () => {
    expect(modelSpecOf(buildTrainOptions({ model: 'ssvae' }))).toMatchObject({
      classArea: 'dense',
    });
    expect(modelSpecOf(buildTrainOptions({ model: 'ssvae', classArea: 'cortex' }))).toMatchObject({
      classArea: 'cortex',
    });
    expect(() => buildTrainOptions({ model: 'ssvae', classArea: 'graph' })).toThrow(
      /--class-area graph: "graph" is not one of dense, cortex/,
    );
  });

  it('refuses a label weight that is not positive, naming the option', () => {
    expect(() => parseTrainOptions({ ...base, model: 'ssvae', labelWeight: '0' })).toThrow(
      /--label-weight 0: expected a number greater than 0/,
    );
  });

  it('refuses --epochs 1e12 and --hidden 1e8, naming each option on its own line', () => {
    let error: unknown;
    try {
      parseTrainOptions({ ...base, ...sizes, model: 'pcvae', epochs: '1e12', hidden: '1e8' });
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    const lines = (error as Error).message.split('\n').slice(1).sort();
    expect(lines).toEqual([
      '  --epochs 1e12: expected a whole number from 1 to 100000, got 1000000000000',
      '  --hidden 1e8 (areas[1].hidden): expected a whole number from 1 to 16384, got 100000000',
    ]);
    expect(() => parseTrainOptions({ ...base, ...sizes, model: 'vae', hidden: '1e8' })).toThrow(
      /--hidden 1e8: expected a whole number from 1 to 16384/,
    );
  });

  it('builds the same spec from options as from the file it describes', () => {
    const fromOptions = parseTrainOptions({
      ...base,
      ...sizes,
      model: 'pcvae',
      latent: '20,10',
      seed: '4',
    });
    const spec = modelSpecOf(fromOptions);
    expect(spec).toMatchObject({
      kind: 'pcvae',
      areas: [
        { name: 'sensory', size: 784 },
        { name: 'z1', size: 20, hidden: 400 },
        { name: 'z2', size: 10, hidden: 400 },
      ],
      epochs: 1,
      seed: 4,
    });
    const fromFile = buildTrainOptions({}, JSON.parse(JSON.stringify(spec)));
    expect(modelSpecOf(fromFile)).toEqual(spec);
  });
});

describe('train --spec', () => {
  const threeAreas = {
    kind: 'pcvae',
    areas: [
      { name: 'retina', size: 784 },
      { name: 'v1', size: 16, hidden: 64 },
      { name: 'v2', size: 8, hidden: 32 },
      { name: 'it', size: 4, hidden: 16 },
    ],
    epochs: 3,
    seed: 2,
  };

  it('keeps the spec where the user gave no option, and lets given options override', () => {
    const { spec, run } = buildTrainOptions({ epochs: '1', out: 'runs/x' }, threeAreas);
    expect(spec.kind).toBe('pcvae');
    expect(spec.epochs).toBe(1);
    expect(spec.seed).toBe(2);
    expect(run.out).toBe('runs/x');
    // How it is run stays out of the spec.
    expect(spec).not.toHaveProperty('out');
    expect((spec['areas'] as { name: string }[]).map((a) => a.name)).toEqual([
      'retina',
      'v1',
      'v2',
      'it',
    ]);
  });

  it('puts --latent and --hidden into the areas, keeping their names when the count is the same', () => {
    const same = buildTrainOptions({ latent: '30,20,10' }, threeAreas).spec;
    expect((same['areas'] as unknown[]).slice(1)).toEqual([
      { name: 'v1', size: 30, hidden: 64 },
      { name: 'v2', size: 20, hidden: 32 },
      { name: 'it', size: 10, hidden: 16 },
    ]);
    const fewer = buildTrainOptions({ latent: '12', hidden: '48' }, threeAreas).spec;
    expect(fewer['areas']).toEqual([
      { name: 'retina', size: 784 },
      { name: 'z1', size: 12, hidden: 48 },
    ]);
  });

  it("reads the spec inside a run's metrics.json", () => {
    const options = buildTrainOptions({}, { version: '0.1.0', model: 'pcvae', spec: threeAreas });
    expect(modelSpecOf(options)).toMatchObject(threeAreas);
  });

  it('names fields of the file by JSON path and options by their flag', () => {
    let error: unknown;
    try {
      buildTrainOptions(
        { seed: '-3' },
        { ...threeAreas, areas: [threeAreas.areas[0], { name: 'v1', size: 0 }], batchSize: 1e9 },
      );
    } catch (caught) {
      error = caught;
    }
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect((error as SpecError).problems.slice().sort()).toEqual([
      '--seed -3: expected a whole number from 0 to 4294967295, got -3',
      'areas[1].size: expected a whole number from 1 to 10000, got 0',
      'batchSize: expected a whole number from 1 to 65536, got 1000000000',
    ]);
  });
});
