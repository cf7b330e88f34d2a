/**
 * The predictive-coding VAE as a model kind (see models/kind.ts): a sensory area under the
 * stochastic areas its spec lists, trained on the -ELBO (on one or two threads), tested by its
 * -ELBO, its -ELBO after settling the posterior means and (optionally) an importance-weighted
 * -log p(x), pictured by samples and reconstructions from the cortex's own sweeps.
 */
import { binarizeTestSet, generativeTraining, negElboEvaluation } from '../generativeKind.ts';
import { TEST_BINARIZATION_SEED } from '../evaluate.ts';
import { valuesOf, type KindOption, type ModelKindDefinition } from '../kind.ts';
import { numberOption, sizeList } from '../kindOptions.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { evaluateImportanceWeightedNll, evaluateSettledNegElbo } from './evaluate.ts';
import { PcVae } from './pcvae.ts';
import { defaultPcVaeAreas, PcVaeModelSpec, pcvaeGraphWeights, pcvaeSpecOf } from './spec.ts';
import { pcvaeGenerator } from './generator.ts';
import { pcvaeLive } from './live.ts';

/**
 * A pcvae's areas with `--latent` sizes or `--hidden` widths put in: the spec's names are kept
 * when the number of areas is unchanged, otherwise z1, z2, ... (--latent goes first, so the
 * widths --hidden gives fall on the areas --latent made).
 */
function areasWith(
  areas: unknown,
  latent: number[] | undefined,
  hidden: number[] | undefined,
): unknown[] {
  const current = Array.isArray(areas)
    ? (areas as Record<string, unknown>[])
    : (defaultPcVaeAreas() as Record<string, unknown>[]);
  const [sensory, ...above] = current;
  const sizes = latent ?? above.map((area) => area['size']);
  const keepNames = sizes.length === above.length;
  return [
    sensory,
    ...sizes.map((size, i) => {
      const width =
        hidden !== undefined
          ? hidden[Math.min(i, hidden.length - 1)]
          : (above[i]?.['hidden'] ?? 400);
      return { name: keepNames ? above[i]!['name'] : `z${i + 1}`, size, hidden: width };
    }),
  ];
}

const options: KindOption[] = [
  {
    flag: '--latent <sizes>',
    description: 'sizes of its stochastic areas, bottom to top (e.g. 20 or 20,10)',
    apply(spec, value) {
      spec['areas'] = areasWith(spec['areas'], sizeList(value), undefined);
      return ['areas.size'];
    },
  },
  {
    flag: '--hidden <sizes>',
    description: 'hidden units of the maps, per stochastic area (e.g. 400 or 400,200)',
    apply(spec, value) {
      spec['areas'] = areasWith(spec['areas'], undefined, sizeList(value));
      return ['areas.hidden'];
    },
  },
  numberOption(
    '--settle-iterations <n>',
    'settleIterations',
    'settling steps at test time (0: none)',
  ),
  numberOption('--settle-step <x>', 'settleStep', 'settling step size'),
  numberOption('--iwae-k <k>', 'iwaeK', 'importance samples for the test -log p(x) (0: skip)'),
  numberOption(
    '--workers <n>',
    'workers',
    'threads to train on, 1 (default) or 2 (half of each batch on a second thread)',
  ),
];

/** The pcvae kind: `{ "kind": "pcvae", "areas": [...] }`. */
export const pcvaeKind: ModelKindDefinition<PcVaeModelSpec, PcVae> = {
  name: 'pcvae',
  summary:
    'the predictive-coding VAE: a sensory area under stochastic areas, amortized recognition plus settling',
  spec: PcVaeModelSpec,
  estimateBytes(spec) {
    let parameters = 0;
    let units = spec.areas[0].size;
    const [, ...stochastic] = spec.areas;
    stochastic.forEach((area, i) => {
      const below = spec.areas[i]!.size;
      // Its recognition map (mean and log-variance), its generative map, and below the top
      // its prior's log-variance.
      parameters +=
        denseParameters([below, area.hidden, 2 * area.size]) +
        denseParameters([area.size, area.hidden, below]) +
        (i < stochastic.length - 1 ? area.size : 0);
      units += 2 * area.hidden + 3 * area.size + below;
    });
    const graph = pcvaeGraphWeights(spec);
    if (graph !== undefined) {
      // The pathways it gives instead of the chain: every area, and what each map computes.
      parameters = graph.parameters;
      units = spec.areas.reduce((sum, area) => sum + area.size, 0) + graph.mapUnits;
    }
    return trainingMemory({
      parameters,
      optimizerSlots: 2,
      unitsPerImage: units,
      batchSize: spec.batchSize ?? 128,
    });
  },
  checkData(spec, data) {
    const pixels = data.height * data.width;
    const sensory = spec.areas[0];
    return sensory.size === pixels
      ? []
      : [
          `areas[0].size: the data's images have ${pixels} pixels, so the sensory area "${sensory.name}" needs size ${pixels}, not ${sensory.size}`,
        ];
  },
  build: (spec, _data, seed) => new PcVae(pcvaeSpecOf(spec), seed),
  training: generativeTraining(),
  evaluate(model, spec, { test: testSet, trained, progress }) {
    const testPixels = binarizeTestSet(testSet.images);
    const { test, lines } = negElboEvaluation(model, testPixels, trained);
    const extra: Record<string, unknown> = {};
    const details: string[] = [];
    if (spec.settleIterations > 0) {
      const stage = progress.stage(`settling ${spec.settleIterations} iterations`, testSet.count);
      const settled = evaluateSettledNegElbo(model, testPixels, {
        iterations: spec.settleIterations,
        stepSize: spec.settleStep,
        seed: TEST_BINARIZATION_SEED,
        onImages: (done) => stage.advance(done),
      });
      stage.stop();
      extra['negElboSettled'] = settled.negElbo;
      extra['settle'] = { iterations: spec.settleIterations, stepSize: spec.settleStep };
      details.push(`test -ELBO after settling ${settled.negElbo.toFixed(2)} nats`);
    }
    if (spec.iwaeK > 0) {
      const stage = progress.stage(`-log p(x), k = ${spec.iwaeK}`, testSet.count);
      const { nll } = evaluateImportanceWeightedNll(model, testPixels, {
        k: spec.iwaeK,
        seed: TEST_BINARIZATION_SEED,
        onImages: (done) => stage.advance(done),
      });
      stage.stop();
      extra['nll'] = nll;
      extra['nllK'] = spec.iwaeK;
      details.push(`test -log p(x) ${nll.toFixed(2)} nats (k = ${spec.iwaeK})`);
    }
    return { test: { ...test, ...extra }, lines: [...details, ...lines] };
  },
  pictures: {
    // Ancestral: the top from its prior, each area below from its prior given the sample above.
    samples: (model, count, seed) => valuesOf(model.sample(count, seed)),
    // Each area at its recognized mean predicts the one below: the sensory prediction.
    reconstructions: (model, x) => valuesOf(model.reconstruct(x)),
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: model.variables() }],
  options,
  live: pcvaeLive,
  generator: pcvaeGenerator,
};
