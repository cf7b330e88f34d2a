/**
 * The generative predictive-coding network as a model kind (see models/kind.ts): no encoder,
 * the latents settle from rest on every batch and the weights learn by the local rule; tested
 * by the settled free energy and an importance-sampled -log p(x); pictured by ancestral samples
 * and the reconstructions settling finds.
 */
import { binarizeTestSet, TEST_BINARIZATION_SEED } from '../evaluate.ts';
import { valuesOf, type ModelKindDefinition } from '../kind.ts';
import { numberOption, optimizerOptions, sizesOption, valueOption } from '../kindOptions.ts';
import { trainOneStage } from '../kindTraining.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { evaluatePcGen } from './evaluate.ts';
import { PcGen } from './pcgen.ts';
import { PcGenModelSpec, pcgenGraphParameters } from './spec.ts';
import { trainPcGen } from './train.ts';
import { pcgenGenerator } from './generator.ts';
import { pcgenLive } from './live.ts';

/** The pcgen kind: `{ "kind": "pcgen", "latentSizes": [360, 360, 360] }`. */
export const pcgenKind: ModelKindDefinition<PcGenModelSpec, PcGen> = {
  name: 'pcgen',
  summary:
    'the generative predictive-coding network (Rao and Ballard 1999; GNCN-t1): no encoder, settled latents, local learning',
  spec: PcGenModelSpec,
  estimateBytes(spec, data) {
    const sizes = [data.height * data.width, ...spec.latentSizes];
    let parameters = 0;
    for (let i = 1; i < sizes.length; i++)
      parameters += denseParameters([sizes[i]!, sizes[i - 1]!]);
    return trainingMemory({
      parameters: pcgenGraphParameters(spec, sizes[0]!) ?? parameters,
      optimizerSlots: spec.optimizer.name === 'adam' ? 2 : 0,
      // Each area's state, prediction and error while it settles.
      unitsPerImage: 3 * sizes.reduce((a, b) => a + b, 0),
      batchSize: spec.batchSize ?? 128,
    });
  },
  build: (spec, data, seed) =>
    new PcGen(
      {
        inputSize: data.height * data.width,
        latentSizes: spec.latentSizes,
        activation: spec.activation,
        inferenceSteps: spec.inferenceSteps,
        inferenceRate: spec.inferenceRate,
        optimizer: spec.optimizer,
        ...(spec.pathways !== undefined ? { pathways: spec.pathways } : {}),
      },
      seed,
    ),
  training: {
    lossName: 'F',
    async train(model, spec, context) {
      const config = { ...model.spec, batchSize: context.batchSize };
      return trainOneStage(context, spec, config, (stage) =>
        trainPcGen(model, context.data.train, stage),
      );
    },
  },
  evaluate(model, spec, { test: testSet, trained, progress }) {
    const testPixels = binarizeTestSet(testSet.images);
    const testSteps = spec.testInferenceSteps ?? model.spec.inferenceSteps;
    const stage = progress.stage(
      `settling ${testSteps} iterations` + (spec.iwaeK > 0 ? `, -log p(x) k = ${spec.iwaeK}` : ''),
      testSet.count,
    );
    const test = evaluatePcGen(model, testPixels, {
      samples: spec.iwaeK,
      seed: TEST_BINARIZATION_SEED,
      proposalScale: spec.proposalScale,
      inferenceSteps: testSteps,
      onImages: (done) => stage.advance(done),
    });
    stage.stop();
    return {
      test: { ...test, settle: { iterations: testSteps, stepSize: model.spec.inferenceRate } },
      lines: [
        ...(test.nll !== undefined
          ? [`test -log p(x) ${test.nll.toFixed(2)} nats (importance sampled, k = ${test.nllK})`]
          : []),
        `test free energy after settling ${test.freeEnergy.toFixed(2)} nats on ${test.count} images; ` +
          `${Math.round(trained.samplesPerSecond)} samples/s`,
      ],
    };
  },
  pictures: {
    // Ancestral: the root from N(0, I), each area below from N(its prediction, 1/precision).
    samples: (model, count, seed) => valuesOf(model.sample(count, seed)),
    // No encoder: settle from rest on the image, then read the sensory prediction.
    reconstructions: (model, x) => valuesOf(model.reconstruct(x)),
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: model.variables() }],
  options: [
    sizesOption(
      '--latent <sizes>',
      'latentSizes',
      'sizes of its latent areas, bottom to top (e.g. 360,360,360)',
    ),
    numberOption(
      '--inference-steps <n>',
      'inferenceSteps',
      'settle iterations T a batch (default 20)',
    ),
    numberOption(
      '--inference-rate <x>',
      'inferenceRate',
      'first step size of each settle iteration (default 0.1; halved where F would rise)',
    ),
    valueOption(
      '--activation <name>',
      'activation',
      "its latents' predictions: tanh (default), relu, sigmoid or linear",
    ),
    numberOption('--iwae-k <k>', 'iwaeK', 'importance samples for the test -log p(x) (0: skip)'),
    ...optimizerOptions(),
  ],
  live: pcgenLive,
  generator: pcgenGenerator,
};
