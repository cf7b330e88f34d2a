/**
 * The model-kind registry: the built-in kinds in their order, a look-up of an unknown name
 * (the kinds listed, the nearest suggested), a malformed kind and a taken name refused with
 * every problem named, and a well-formed kind of the user's that then parses like a built-in
 * one.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SpecError } from '../../src/cortex/specError.ts';
import { isNeocortexError } from '../../src/errors.ts';
import type { ModelKindDefinition } from '../../src/models/kind.ts';
import {
  findModelKind,
  modelKind,
  modelKindNames,
  registerModelKind,
} from '../../src/models/kinds.ts';
import { kindProblems } from '../../src/models/kindCheck.ts';
import { vaeKind } from '../../src/models/vae/kind.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { trainingFields } from '../../src/models/modelSpec/schema.ts';
import { trainingMemory } from '../../src/models/memory.ts';

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

const MeanSpec = z
  .object({
    kind: z.literal('mean-image'),
    shrink: z.number().min(0).max(1).default(0.5),
    ...trainingFields,
  })
  .strict();
type MeanSpec = z.output<typeof MeanSpec>;

/** A kind that keeps the mean training image (enough to register, parse and estimate). */
const meanKind: ModelKindDefinition<MeanSpec, { mean: Float32Array; dispose(): void }> = {
  name: 'mean-image',
  summary: 'the mean training image, shrunk towards grey',
  spec: MeanSpec,
  estimateBytes: (_spec, data) =>
    trainingMemory({
      parameters: data.height * data.width,
      optimizerSlots: 0,
      unitsPerImage: 0,
      batchSize: 1,
    }),
  build: (_spec, data) => ({ mean: new Float32Array(data.height * data.width), dispose: () => {} }),
  training: {
    lossName: 'loss',
    train: () =>
      Promise.resolve({ history: [], samplesPerSecond: 0, trainingSeconds: 0, config: {} }),
  },
  evaluate: () => ({ test: {}, lines: [] }),
};

describe('the model-kind registry', () => {
  it('lists the built-in kinds once, in the order `neocortex spec model` shows them', () => {
    expect(modelKindNames().slice(0, 6)).toEqual([
      'vae',
      'pcvae',
      'classifier',
      'ssvae',
      'pcn',
      'pcgen',
    ]);
    for (const name of modelKindNames()) expect(modelKind(name).name).toBe(name);
  });

  it('answers an unknown name with the kinds it has and the nearest one', () => {
    const error = thrown(() => modelKind('pcvea'));
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect(error.message).toBe(
      '"pcvea" is not a model kind (did you mean "pcvae"?); choose one of vae, pcvae, classifier, ssvae, pcn, pcgen',
    );
    expect(findModelKind('pcvea')).toBeUndefined();
    // A spec of an unknown kind is refused at `kind`, like any other field.
    const spec = thrown(() => parseModelSpec({ kind: 'transformer', epochs: 2 }));
    expect(spec).toBeInstanceOf(SpecError);
    expect((spec as SpecError).problems).toEqual([
      'kind: "transformer" is not a model kind; choose one of vae, pcvae, classifier, ssvae, pcn, pcgen',
    ]);
  });

  it('refuses a malformed kind, naming every problem and where it came from', () => {
    const malformed = {
      name: 'two words',
      summary: '',
      spec: z.object({ kind: z.literal('other'), ...trainingFields }),
      estimateBytes: () => ({ parameters: 0, optimizer: 0, activations: 0 }),
      build: 'not a function',
      training: {},
      evaluate: () => ({ test: {}, lines: [] }),
      options: [{ flag: 'latent', description: 'x', apply: () => [] }],
    };
    const error = thrown(() =>
      registerModelKind(malformed as unknown as ModelKindDefinition, 'plugin ./bad.mjs'),
    );
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    expect(error.message.split('\n')).toEqual([
      'plugin ./bad.mjs: not a model kind:',
      '  name: expected a name of letters, digits and - (starting with a letter), got "two words"',
      '  summary: expected a line saying what the kind is',
      '  spec.kind: expected z.literal("two words"), the kind\'s own name',
      '  build: expected a function',
      '  training.train: expected a function (the kind trains through it)',
      '  options[0].flag: expected "--name <value>" or "--name", got "latent"',
    ]);
    expect(modelKindNames()).not.toContain('two words');
  });

  it('refuses a spec without defaults or without the shared training fields', () => {
    const noDefault = {
      ...meanKind,
      name: 'needs-size',
      spec: z.object({ kind: z.literal('needs-size'), size: z.number(), ...trainingFields }),
    };
    expect(() => registerModelKind(noDefault as unknown as ModelKindDefinition)).toThrow(
      /spec: \{ kind: "needs-size" \} alone must parse \(give every field a default\); it fails at size/,
    );
    const noTraining = {
      ...meanKind,
      name: 'untrained',
      spec: z.object({ kind: z.literal('untrained') }),
    };
    expect(() => registerModelKind(noTraining as unknown as ModelKindDefinition)).toThrow(
      /spec: lacks the shared training fields dataset, epochs, seed \(spread trainingFields into it\)/,
    );
  });

  it('refuses a malformed live facet or experiment generator; the built-in kinds have none', () => {
    const facets = {
      ...meanKind,
      name: 'bad-facets',
      spec: MeanSpec.extend({ kind: z.literal('bad-facets') }),
      live: {
        kind: 42,
        slot: 'sidecar',
        spec: z.object({ kind: z.literal('bad-facets'), size: z.number() }),
        build: () => undefined,
      },
      generator: { entry: z.object({ kind: z.literal('other') }), train: () => undefined },
    };
    const error = thrown(() =>
      registerModelKind(facets as unknown as ModelKindDefinition, 'plugin ./facets.mjs'),
    );
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    expect(error.message.split('\n')).toEqual([
      'plugin ./facets.mjs: not a model kind:',
      '  live.kind: expected the name a session spec gives it (usually "bad-facets"), got 42',
      '  live.slot: expected "generative" or "classifier", got "sidecar"',
      '  live.spec: { kind: "bad-facets" } alone must parse (give every field a default); it fails at size',
      '  live.estimateBytes: expected a function',
      '  generator.entry.kind: expected z.literal("bad-facets"), the kind\'s own name',
      '  generator.describe: expected a function',
    ]);
    expect(modelKindNames()).not.toContain('bad-facets');
    for (const name of modelKindNames()) expect(kindProblems(modelKind(name)), name).toEqual([]);
  });

  it('refuses a name that is taken', () => {
    const error = thrown(() => registerModelKind({ ...vaeKind }, 'plugin ./vae-again.mjs'));
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    expect(error.message).toMatch(
      /^plugin \.\/vae-again\.mjs: a model kind named "vae" is already registered; choose another name \(taken: vae, pcvae/,
    );
  });

  it("registers a user's kind, whose specs then parse with its own schema", () => {
    registerModelKind(meanKind);
    expect(modelKindNames().at(-1)).toBe('mean-image');
    expect(parseModelSpec({ kind: 'mean-image', epochs: 2 })).toEqual({
      kind: 'mean-image',
      shrink: 0.5,
      dataset: 'mnist',
      epochs: 2,
      learningRate: 1e-3,
      seed: 1,
      batchSize: 128,
    });
    const error = thrown(() => parseModelSpec({ kind: 'mean-image', shrink: 2, epoch: 3 }));
    expect((error as SpecError).problems.length).toBe(2);
    expect((error as SpecError).problems.join('\n')).toMatch(/^shrink: /m);
    expect((error as SpecError).problems.join('\n')).toMatch(/^epoch: unknown field/m);
  });
});
