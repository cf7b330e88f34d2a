/**
 * A model spec's `pathways` (pcvae, pcn, pcgen): without them each kind builds its chain, as
 * before; with them it builds the graph they give (skips, several sources, laterals) and counts
 * its weights exactly; a graph the cortex refuses, or one the kind cannot train, is refused at
 * its path in the spec, in the cortex's words and the kind's, before anything is built.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  reciprocalPathways,
  SpecError,
  type Hierarchy,
  type PathwaySpecInput,
} from '../../src/cortex/index.ts';
import { loadLetters, type DatasetSplit } from '../../src/data/index.ts';
import type { DataShape } from '../../src/models/kind.ts';
import { modelKind } from '../../src/models/kinds.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';
import { Pcn } from '../../src/models/pcn/pcn.ts';
import { PcGen } from '../../src/models/pcgen/pcgen.ts';
import { trainPcGen } from '../../src/models/pcgen/train.ts';
import { PcVae } from '../../src/models/pcvae/pcvae.ts';

const mnist: DataShape = { height: 28, width: 28, classes: 10 };

beforeAll(async () => {
  await initBackend('wasm');
});

/** A model built through the registry from a spec, as `neocortex train` builds it. */
interface Built {
  hierarchy: Hierarchy;
  variables(): tf.Variable[];
  dispose(): void;
}

function build(input: unknown, seed = 1): Built {
  const spec = parseModelSpec(input);
  return modelKind(spec.kind).build(spec, mnist, seed) as Built;
}

/** The problems a spec is refused with (it must be refused, as a SpecError). */
function refusal(input: unknown): string[] {
  let error: unknown;
  try {
    parseModelSpec(input);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SpecError);
  return [...(error as SpecError).problems];
}

const pcvaeAreas = [
  { name: 'sensory', size: 784 },
  { name: 'z1', size: 8, hidden: 16 },
  { name: 'z2', size: 4, hidden: 8 },
];
const pcvaeChain = reciprocalPathways(['sensory', 'z1', 'z2']);
const pcnChain: PathwaySpecInput[] = [
  { from: 'image', to: 'h1', kind: 'feedforward' },
  { from: 'h1', to: 'h2', kind: 'feedforward' },
  { from: 'h2', to: 'label', kind: 'feedforward' },
];
const pcgenChain: PathwaySpecInput[] = [
  { from: 'z1', to: 'sensory', kind: 'feedback' },
  { from: 'z2', to: 'z1', kind: 'feedback' },
];
const small = {
  pcvae: { kind: 'pcvae', areas: pcvaeAreas },
  pcn: { kind: 'pcn', hiddenSizes: [16, 8] },
  pcgen: { kind: 'pcgen', latentSizes: [16, 8] },
} as const;
const chains = { pcvae: pcvaeChain, pcn: pcnChain, pcgen: pcgenChain };

const ids = (h: Built['hierarchy']) => h.pathways.map((p) => `${p.kind} ${p.id}`);
const values = (model: Built) => model.variables().map((v) => Array.from(v.dataSync()));

describe('without pathways, a model spec builds its chain as before', () => {
  it.each(['pcvae', 'pcn', 'pcgen'] as const)(
    '%s: no pathways field, the chain; the chain given explicitly is the same model, weight for weight',
    (kind) => {
      const spec = parseModelSpec(small[kind]);
      expect('pathways' in spec).toBe(false);
      const implicit = build(small[kind]);
      const explicit = build({ ...small[kind], pathways: chains[kind] });
      expect(ids(implicit.hierarchy)).toEqual(
        chains[kind].map((p) => `${p.kind} ${p.from}->${p.to}`),
      );
      expect(ids(explicit.hierarchy)).toEqual(ids(implicit.hierarchy));
      expect(values(explicit)).toEqual(values(implicit));
      implicit.dispose();
      explicit.dispose();
    },
  );
});

describe('a model spec with pathways builds the graph they give', () => {
  it('pcvae: a feedback skip z2 -> sensory and a feedforward skip sensory -> z2 beside the chain', () => {
    const pathways = [
      ...pcvaeChain,
      { from: 'z2', to: 'sensory', kind: 'feedback' },
      { from: 'sensory', to: 'z2', kind: 'feedforward' },
    ];
    const model = build({ ...small.pcvae, pathways }) as unknown as PcVae;
    const h = model.hierarchy;
    const skip = h.pathway('z2', 'sensory');
    expect([skip.kind, skip.role, skip.hidden]).toEqual(['feedback', 'prediction', [8]]);
    // Two sources predict the sensory area, two recognize z2 (from the image and from z1).
    expect(h.predictivePathways.filter((p) => p.to.name === 'sensory').map((p) => p.id)).toEqual([
      'z1->sensory',
      'z2->sensory',
    ]);
    expect(h.pathway('sensory', 'z2').role).toBe('recognition');
    const x = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([4, 784], 0, 1, 'float32', 3), 0.5), 'float32'),
    ) as tf.Tensor2D;
    const before = tf.tidy(() => tf.mean(model.negElboPerSample(x, 1)).dataSync()[0]!);
    expect(Number.isFinite(before)).toBe(true);
    // The skip is part of the model the -ELBO is the loss of: its weights get a gradient.
    const weights = skip.variables();
    const { grads } = tf.variableGrads(() => tf.mean(model.negElboPerSample(x, 1)), weights);
    const norm = tf.tidy(
      () => tf.addN(weights.map((w) => tf.sum(tf.abs(grads[w.name]!)))).dataSync()[0]!,
    );
    expect(norm).toBeGreaterThan(0);
    tf.dispose([x, ...Object.values(grads)]);
    expect(model.sample(3, 2).shape).toEqual([3, 784]);
    model.dispose();
  });

  it('pcvae: two stochastic areas on one level, both predicting the image, one predicting the other laterally', () => {
    const pathways = [
      ...reciprocalPathways(['sensory', 'z1']),
      ...reciprocalPathways(['sensory', 'z2']),
      { from: 'z1', to: 'z2', kind: 'lateral' },
    ];
    const model = build({ ...small.pcvae, pathways }) as unknown as PcVae;
    const lateral = model.hierarchy.pathway('z1', 'z2');
    expect([lateral.kind, lateral.role]).toEqual(['lateral', 'prediction']);
    // z2 is no longer a root: its prior is N(prediction from z1, exp(priorLogVar)).
    expect(model.hierarchy.area('z2').isRoot).toBe(false);
    const x = tf.ones([2, 784]) as tf.Tensor2D;
    expect(
      Number.isFinite(tf.tidy(() => tf.mean(model.negElboPerSample(x, 1)).dataSync()[0]!)),
    ).toBe(true);
    x.dispose();
    model.dispose();
  });

  it('pcn: a feedforward skip image -> label and a second source of h2', () => {
    const pathways = [
      ...pcnChain,
      { from: 'image', to: 'label', kind: 'feedforward' },
      { from: 'image', to: 'h2', kind: 'feedforward' },
    ];
    const model = build({ ...small.pcn, pathways }) as unknown as Pcn;
    const h = model.hierarchy;
    expect(h.predictivePathways.filter((p) => p.to.name === 'label').map((p) => p.id)).toEqual([
      'h2->label',
      'image->label',
    ]);
    const x = tf.ones([3, 784]) as tf.Tensor2D;
    const p = model.probabilities(x);
    expect(p.shape).toEqual([3, 10]);
    for (const row of p.arraySync()) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    tf.dispose([x, p]);
    model.dispose();
  });

  it('pcgen: the image predicted from z1 and z2 (a skip), z1 predicting z2 laterally; it trains locally', async () => {
    const pathways = [
      { from: 'z1', to: 'sensory', kind: 'feedback' },
      { from: 'z2', to: 'sensory', kind: 'feedback' },
      { from: 'z1', to: 'z2', kind: 'lateral' },
    ];
    const model = build({ ...small.pcgen, inferenceSteps: 4, pathways }) as unknown as PcGen;
    expect(ids(model.hierarchy)).toEqual([
      'feedback z1->sensory',
      'feedback z2->sensory',
      'lateral z1->z2',
    ]);
    const skip = model.hierarchy.pathway('z2', 'sensory').map.weight;
    const initial = Array.from(skip.dataSync());
    const data: DatasetSplit = loadLetters({ seed: 4, trainCount: 64, testCount: 8 });
    const { epochs } = await trainPcGen(model, data.train, { epochs: 1, seed: 1, batchSize: 32 });
    expect(Number.isFinite(epochs[0]!.trainFreeEnergy)).toBe(true);
    // The skip's weights learned by the local rule (its presynaptic z2, the image's error).
    const trained = Array.from(skip.dataSync());
    expect(trained.some((w, i) => w !== initial[i])).toBe(true);
    expect(model.sample(2, 1).shape).toEqual([2, 784]);
    model.dispose();
  });
});

describe('a graph the cortex refuses is refused at its path, before anything is built', () => {
  it('an unknown area, with the nearest name', () => {
    const tensors = tf.memory().numTensors;
    expect(
      refusal({
        ...small.pcvae,
        pathways: [...pcvaeChain, { from: 'zz2', to: 'sensroy', kind: 'feedback' }],
      }),
    ).toEqual([
      'pathways[4].from: no area named "zz2" (did you mean "z2"?)',
      'pathways[4].to: no area named "sensroy" (did you mean "sensory"?)',
    ]);
    expect(
      refusal({
        ...small.pcn,
        pathways: [...pcnChain, { from: 'h3', to: 'label', kind: 'feedforward' }],
      }),
    ).toEqual([
      expect.stringMatching(/^pathways\[3\]\.from: no area named "h3" \(did you mean "h\d"\?\)$/),
    ]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a misspelt kind, an out-of-range gain or width, an unknown field', () => {
    expect(
      refusal({
        ...small.pcgen,
        pathways: [
          { from: 'z1', to: 'sensory', kind: 'feedbak' },
          { from: 'z2', to: 'z1', kind: 'feedback', gain: 1e9, widht: 3 },
        ],
      }),
    ).toEqual([
      'pathways[0].kind: "feedbak" is not one of feedforward, feedback, lateral (did you mean "feedback"?)',
      'pathways[1].gain: expected a number from -1000 to 1000, got 1000000000',
      expect.stringMatching(/^pathways\[1\]\.widht: unknown field/),
    ]);
    expect(
      refusal({
        ...small.pcvae,
        pathways: [...pcvaeChain.slice(1), { ...pcvaeChain[0]!, hidden: [0] }],
      }),
    ).toEqual(['pathways[3].hidden[0]: expected a whole number from 1 to 16384, got 0']);
  });

  it('a cycle upward, a lateral pathway between levels, a pathway twice', () => {
    expect(
      refusal({
        ...small.pcvae,
        pathways: [...pcvaeChain, { from: 'z2', to: 'z1', kind: 'feedforward' }],
      }),
    ).toEqual([
      expect.stringMatching(/^pathways: the areas form a cycle upward: z\d -> z\d -> z\d /),
    ]);
    expect(
      refusal({
        ...small.pcgen,
        pathways: [...pcgenChain, { from: 'z1', to: 'z2', kind: 'lateral' }],
      }),
    ).toEqual([
      'pathways[2]: lateral z1->z2: a lateral pathway joins areas of one level (z1 is at level 1, z2 at level 2)',
    ]);
    expect(refusal({ ...small.pcn, pathways: [...pcnChain, pcnChain[0]!] })).toEqual([
      'pathways[3]: feedforward image->h1 is defined twice',
    ]);
  });

  it('a pathway that would end below the sensory area', () => {
    expect(
      refusal({
        ...small.pcvae,
        pathways: [...pcvaeChain, { from: 'z2', to: 'sensory', kind: 'feedforward' }],
      }),
    ).toEqual([
      'pathways[4]: feedforward z2->sensory: sensory is the sensory area (the input, at the bottom): no area lies below it',
    ]);
  });
});

describe('each kind refuses the graphs it cannot train, saying which it trains', () => {
  it('pcn: a feedback pathway (its predictions go up), a map with hidden layers under local learning', () => {
    const problems = refusal({
      ...small.pcn,
      pathways: [
        ...pcnChain.slice(0, 2),
        { from: 'h2', to: 'label', kind: 'feedforward', hidden: [5] },
        { from: 'label', to: 'h2', kind: 'feedback' },
      ],
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^pathways\[2\]\.hidden: local learning moves each pathway's weights from the two areas it joins.*; a pcn trains feedforward pathways/,
    );
    expect(problems[1]).toMatch(
      /^pathways\[3\]: feedback label->h2: this hierarchy's predictions go up/,
    );
    // With backprop, hidden layers are fine.
    const spec = parseModelSpec({
      ...small.pcn,
      learning: 'backprop',
      pathways: [
        ...pcnChain.slice(0, 2),
        { from: 'h2', to: 'label', kind: 'feedforward', hidden: [5] },
      ],
    });
    expect((spec['pathways'] as unknown[]).length).toBe(3);
  });

  it('pcn: an area nothing predicts, an area that reaches no label', () => {
    expect(
      refusal({
        ...small.pcn,
        pathways: [
          { from: 'image', to: 'h1', kind: 'feedforward' },
          { from: 'image', to: 'label', kind: 'feedforward' },
          { from: 'h2', to: 'label', kind: 'feedforward' },
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^pathways: nothing predicts the area "h2" .*; a pcn trains /),
      expect.stringMatching(
        /^pathways: the area "h1" predicts no area, so it would not reach the label "label"; a pcn trains /,
      ),
    ]);
  });

  it('pcgen: a feedforward pathway (it has no encoder), a hidden layer, an image nothing predicts', () => {
    const problems = refusal({
      ...small.pcgen,
      pathways: [
        { from: 'z1', to: 'sensory', kind: 'feedback' },
        { from: 'z2', to: 'z1', kind: 'feedback', hidden: [4] },
        { from: 'sensory', to: 'z1', kind: 'feedforward' },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^pathways\[1\]\.hidden: the local rule .* leave hidden out; a pcgen trains feedback pathways/,
      ),
      expect.stringMatching(/^pathways\[2\]: feedforward sensory->z1: a pcgen has no encoder/),
    ]);
    expect(
      refusal({ ...small.pcgen, pathways: [{ from: 'z2', to: 'z1', kind: 'feedback' }] }),
    ).toEqual([
      expect.stringMatching(
        /^pathways: no feedback pathway predicts the sensory area "sensory"; a pcgen trains /,
      ),
      expect.stringMatching(/^pathways: the latent area "z1" predicts no area/),
    ]);
  });

  it('pcvae: a stochastic area with no recognition into it, or predicting nothing', () => {
    expect(
      refusal({
        ...small.pcvae,
        pathways: [
          ...reciprocalPathways(['sensory', 'z1']),
          { from: 'z2', to: 'z1', kind: 'feedback' },
        ],
      }),
    ).toEqual([
      expect.stringMatching(
        /^pathways: no feedforward pathway recognizes the stochastic area "z2" .*; a pcvae trains /,
      ),
    ]);
    expect(
      refusal({
        ...small.pcvae,
        pathways: [
          ...reciprocalPathways(['sensory', 'z1']),
          { from: 'z1', to: 'z2', kind: 'feedforward' },
        ],
      }),
    ).toEqual([expect.stringMatching(/^pathways: the stochastic area "z2" predicts no area/)]);
  });

  it('the API refuses the same graphs with the same words (the network descriptions check them too)', () => {
    const pcvae = () =>
      new PcVae(
        {
          inputSize: 6,
          latentSizes: [3, 2],
          pathways: [...pcvaeChain, { from: 'z3', to: 'z1', kind: 'feedback' }],
        },
        1,
      );
    expect(pcvae).toThrow(
      /invalid pcvae spec:\n {2}pathways\[4\]\.from: no area named "z3" \(did you mean "z\d"\?\)/,
    );
    expect(
      () =>
        new Pcn({
          hiddenSizes: [4],
          pathways: [
            { from: 'image', to: 'h1', kind: 'feedforward' },
            { from: 'image', to: 'label', kind: 'feedforward' },
          ],
        }),
    ).toThrow(/invalid pcn spec:\n {2}pathways: the area "h1" predicts no area/);
    expect(
      () =>
        new PcGen(
          { latentSizes: [3], pathways: [{ from: 'sensory', to: 'z1', kind: 'feedforward' }] },
          1,
        ),
    ).toThrow(
      /invalid pcgen spec:\n {2}pathways\[0\]: feedforward sensory->z1: a pcgen has no encoder/,
    );
  });
});

describe('the memory estimate counts the weights of the pathways given', () => {
  it.each([
    {
      ...small.pcvae,
      pathways: [
        ...pcvaeChain,
        { from: 'z2', to: 'sensory', kind: 'feedback', hidden: [5, 3] },
        { from: 'sensory', to: 'z2', kind: 'feedforward' },
      ],
    },
    {
      ...small.pcvae,
      pathways: [
        ...reciprocalPathways(['sensory', 'z1']),
        ...reciprocalPathways(['sensory', 'z2']),
        { from: 'z1', to: 'z2', kind: 'lateral', hidden: [7] },
      ],
    },
    {
      ...small.pcn,
      learning: 'backprop',
      pathways: [...pcnChain, { from: 'image', to: 'label', kind: 'feedforward', hidden: [6] }],
    },
    {
      ...small.pcgen,
      pathways: [
        { from: 'z1', to: 'sensory', kind: 'feedback' },
        { from: 'z2', to: 'sensory', kind: 'feedback' },
        { from: 'z1', to: 'z2', kind: 'lateral' },
      ],
    },
  ])('$kind, counted exactly (%#)', (input) => {
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
});
