/**
 * The discriminative predictive-coding network as a model kind (see models/kind.ts): image ->
 * hidden areas -> label, trained by local learning or backprop, tested by a feedforward sweep
 * (accuracy and confusion matrix).
 */
import type { ModelKindDefinition } from '../kind.ts';
import { numberOption, optimizerOptions, sizesOption, valueOption } from '../kindOptions.ts';
import { trainOneStage } from '../kindTraining.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { Pcn } from './pcn.ts';
import { PcnModelSpec, pcnGraphParameters } from './spec.ts';
import { trainPcn } from './train.ts';
import { pcnLive } from './live.ts';

/** The pcn kind: `{ "kind": "pcn", "hiddenSizes": [256, 256] }`. */
export const pcnKind: ModelKindDefinition<PcnModelSpec, Pcn> = {
  name: 'pcn',
  summary:
    'the discriminative predictive-coding network (Whittington and Bogacz 2017): local learning or backprop',
  spec: PcnModelSpec,
  estimateBytes(spec) {
    const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.classes];
    return trainingMemory({
      parameters: pcnGraphParameters(spec) ?? denseParameters(sizes),
      optimizerSlots: spec.optimizer.name === 'adam' ? 2 : 0,
      // Each area's state, prediction and error while it settles.
      unitsPerImage: 3 * sizes.reduce((a, b) => a + b, 0),
      batchSize: spec.batchSize ?? 128,
    });
  },
  checkData(spec, data) {
    const pixels = data.height * data.width;
    const problems: string[] = [];
    if (spec.inputSize !== pixels) {
      problems.push(
        `inputSize: the data's images have ${pixels} pixels, so the image area needs size ${pixels}, not ${spec.inputSize}`,
      );
    }
    if (spec.classes !== data.classes) {
      problems.push(
        `classes: the data has ${data.classes} classes, so the label area needs size ${data.classes}, not ${spec.classes}`,
      );
    }
    return problems;
  },
  build: (spec, _data, seed) =>
    new Pcn(
      {
        inputSize: spec.inputSize,
        hiddenSizes: spec.hiddenSizes,
        classes: spec.classes,
        activation: spec.activation,
        learning: spec.learning,
        inferenceSteps: spec.inferenceSteps,
        inferenceRate: spec.inferenceRate,
        optimizer: spec.optimizer,
        ...(spec.pathways !== undefined ? { pathways: spec.pathways } : {}),
      },
      seed,
    ),
  training: {
    lossName: 'loss',
    async train(model, spec, context) {
      const config = { ...model.spec, batchSize: context.batchSize };
      const run = await trainOneStage(context, spec, config, (stage) =>
        trainPcn(model, context.data.train, stage),
      );
      return { ...run, figures: { learning: spec.learning } };
    },
  },
  evaluate(model, spec, { test, trained }) {
    const report = model.evaluate(test);
    return {
      test: { ...report },
      lines: [
        `test accuracy ${(100 * report.accuracy).toFixed(2)}% on ${report.count} images ` +
          `(${spec.learning} learning); ${Math.round(trained.samplesPerSecond)} samples/s`,
      ],
    };
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: model.variables() }],
  options: [
    sizesOption('--hidden <sizes>', 'hiddenSizes', 'sizes of its hidden areas (default 256,256)'),
    {
      flag: '--latent <sizes>',
      description: 'none: a pcn has hidden areas only',
      refusal:
        '--model pcn has no latent areas: --hidden gives the sizes of its hidden areas (e.g. 256,256)',
    },
    valueOption(
      '--learning <rule>',
      'learning',
      'local (settle with the label clamped, then each pathway learns from its two areas) or backprop',
    ),
    numberOption(
      '--inference-steps <n>',
      'inferenceSteps',
      'settle iterations T of a local-learning step (default 20)',
    ),
    numberOption(
      '--inference-rate <x>',
      'inferenceRate',
      'first step size of each settle iteration (default 0.1; halved where F would rise)',
    ),
    valueOption(
      '--activation <name>',
      'activation',
      'its hidden areas: tanh (default), relu, sigmoid or linear',
    ),
    ...optimizerOptions(),
  ],
  live: pcnLive,
};
