import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/cortex/specError.ts';
import { modelKindNames } from '../../src/models/kinds.ts';
import { defaultModelSpec, parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { pcvaeSpecOf, type PcVaeModelSpec } from '../../src/models/pcvae/spec.ts';

function problems(input: unknown): string[] {
  try {
    parseModelSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).problems];
  }
  throw new Error('the spec was accepted');
}

describe('model spec', () => {
  it.each(modelKindNames())(
    'prints a complete %s default that passes its own validator unchanged',
    (kind) => {
      const spec = defaultModelSpec(kind);
      expect(spec.kind).toBe(kind);
      const json = JSON.parse(JSON.stringify(spec)) as unknown;
      expect(parseModelSpec(json)).toEqual(spec);
    },
  );

  it('fills in the batch size each kind trains best with', () => {
    expect(defaultModelSpec('classifier').batchSize).toBe(32);
    expect(parseModelSpec({ kind: 'classifier', classifier: 'conv' }).batchSize).toBe(128);
    expect(defaultModelSpec('pcvae').batchSize).toBe(128);
    expect(parseModelSpec({ kind: 'ssvae', batchSize: 64 }).batchSize).toBe(64);
  });

  it('maps a pcvae with named areas onto PcVaeSpec', () => {
    const spec = parseModelSpec({
      kind: 'pcvae',
      areas: [
        { name: 'retina', size: 784 },
        { name: 'v1', size: 32, hidden: 256 },
        { name: 'v2', size: 16, hidden: 128 },
        { name: 'it', size: 8 },
      ],
    });
    expect(pcvaeSpecOf(spec as PcVaeModelSpec)).toEqual({
      inputSize: 784,
      likelihood: 'bernoulli',
      latentSizes: [32, 16, 8],
      hiddenSizes: [256, 128, 400],
      areaNames: ['retina', 'v1', 'v2', 'it'],
    });
  });

  it('leaves default area names implicit (checkpoints made before names still match)', () => {
    const spec = parseModelSpec({ kind: 'pcvae' });
    expect(pcvaeSpecOf(spec as PcVaeModelSpec)).not.toHaveProperty('areaNames');
  });

  it('refuses numbers out of range, naming each field by its JSON path', () => {
    expect(
      problems({
        kind: 'pcvae',
        epochs: 1e12,
        learningRate: 0,
        areas: [
          { name: 'retina', size: 784 },
          { name: 'v1', size: 32, hidden: 1e8 },
        ],
      }).sort(),
    ).toEqual(
      [
        'areas[1].hidden: expected a whole number from 1 to 16384, got 100000000',
        'epochs: expected a whole number from 1 to 100000, got 1000000000000',
        'learningRate: expected a number greater than 0 and at most 10, got 0',
      ].sort(),
    );
    expect(problems({ kind: 'vae', hiddenSize: 1e8, seed: 1.5 }).sort()).toEqual(
      [
        'hiddenSize: expected a whole number from 1 to 16384, got 100000000',
        'seed: expected a whole number from 0 to 4294967295, got 1.5',
      ].sort(),
    );
  });

  it('refuses a pcvae without a stochastic area, a name used twice, and unknown fields', () => {
    expect(problems({ kind: 'pcvae', areas: [{ name: 'retina', size: 784 }] })).toEqual([
      'areas: expected the sensory area and at least one stochastic area above it',
    ]);
    expect(
      problems({
        kind: 'pcvae',
        areas: [
          { name: 'retina', size: 784, hidden: 3 },
          { name: 'v1', size: 8 },
          { name: 'v1', size: 4 },
        ],
        epoch: 3,
      }).sort(),
    ).toEqual(
      [
        'areas[0].hidden: unknown field (the fields here: name, size)',
        'areas[2].name: "v1" is already the name of areas[1]',
        'epoch: unknown field (did you mean "epochs"?)',
      ].sort(),
    );
  });

  it('refuses an unknown kind at `kind`', () => {
    const [line] = problems({ kind: 'transformer' });
    expect(line).toMatch(/^kind: .*vae.*pcvae.*classifier.*ssvae.*pcgen/);
  });

  it('drops "$schema", which is for editors', () => {
    expect(
      parseModelSpec({ $schema: '../schemas/model.schema.json', kind: 'vae' }),
    ).not.toHaveProperty('$schema');
  });
});
