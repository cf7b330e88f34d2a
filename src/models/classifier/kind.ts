/**
 * The feedforward classifier as a model kind (see models/kind.ts): the MLP hierarchy or the
 * conv net, trained with cross-entropy on all labels or a balanced subset, tested by its
 * accuracy and confusion matrix.
 */
import type { ImageSet } from '../../data/index.ts';
import { binarizeTestSet } from '../evaluate.ts';
import type { DataShape, ModelKindDefinition } from '../kind.ts';
import { numberOption, sizesOption, valueOption } from '../kindOptions.ts';
import { trainOneStage } from '../kindTraining.ts';
import { chooseLabelled } from '../labelled.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { buildClassifier } from './build.ts';
import type { Classifier } from './classifier.ts';
import { evaluateClassifier } from './evaluate.ts';
import { ClassifierModelSpec, ConvClassifierSpec, convFeatureShape } from './spec.ts';
import { trainClassifier } from './train.ts';
import { mlpLive } from './live.ts';

/**
 * The network a classifier model spec describes for data of this shape: as written into a
 * checkpoint's config (a resumed run must match it), so only the fields it sets.
 */
function networkOf(spec: ClassifierModelSpec, data: DataShape, seed: number) {
  return spec.classifier === 'mlp'
    ? {
        kind: 'mlp' as const,
        inputSize: data.height * data.width,
        hiddenSizes: spec.hidden,
        classes: data.classes,
        seed,
      }
    : {
        kind: 'conv' as const,
        height: data.height,
        width: data.width,
        classes: data.classes,
        seed,
      };
}

/** Weights and activations per image of the conv net a spec describes. */
function convSize(data: DataShape, seed: number): { parameters: number; units: number } {
  const conv = ConvClassifierSpec.parse(
    networkOf({ classifier: 'conv' } as ClassifierModelSpec, data, seed),
  );
  let parameters = 0;
  let units = conv.height * conv.width;
  let [h, w, channels] = [conv.height, conv.width, 1];
  for (const out of conv.convChannels) {
    parameters += conv.kernelSize * conv.kernelSize * channels * out + out;
    [h, w] = [h - conv.kernelSize + 1, w - conv.kernelSize + 1];
    units += h * w * out;
    [h, w, channels] = [Math.floor(h / conv.poolSize), Math.floor(w / conv.poolSize), out];
    units += h * w * out;
  }
  const features = convFeatureShape(conv).features;
  parameters += denseParameters([features, ...conv.denseSizes, conv.classes]);
  units += conv.denseSizes.reduce((a, b) => a + b, 0) + conv.classes;
  return { parameters, units };
}

/** The classifier kind: `{ "kind": "classifier", "classifier": "mlp" }`. */
export const classifierKind: ModelKindDefinition<ClassifierModelSpec, Classifier> = {
  name: 'classifier',
  summary: 'a feedforward classifier: the MLP hierarchy (784-512-512-10) or a small conv net',
  spec: ClassifierModelSpec,
  // The MLP learns best from 32 images a batch.
  defaultBatchSize: (spec) => (spec.classifier !== 'conv' ? 32 : 128),
  estimateBytes(spec, data) {
    const sizes = [data.height * data.width, ...spec.hidden, data.classes];
    const { parameters, units } =
      spec.classifier === 'mlp'
        ? { parameters: denseParameters(sizes), units: sizes.reduce((a, b) => a + b, 0) }
        : convSize(data, spec.seed);
    return trainingMemory({
      parameters,
      optimizerSlots: 2,
      unitsPerImage: units,
      batchSize: spec.batchSize ?? 32,
    });
  },
  checkData(spec, data) {
    return spec.labels !== undefined && spec.labels < data.classes
      ? [
          `labels: ${spec.labels} labels give fewer than one a class (the data has ${data.classes} classes)`,
        ]
      : [];
  },
  build: (spec, data, seed) => buildClassifier(networkOf(spec, data, seed)),
  training: {
    lossName: 'loss',
    async train(model, spec, context) {
      const { train } = context.data;
      const shape = { height: train.height, width: train.width, classes: train.classNames.length };
      const labelled = chooseLabelled(
        train.labels,
        shape.classes,
        spec.labels,
        spec.seed,
        context.print,
      );
      const labels = labelled?.length ?? train.count;
      const config = {
        ...networkOf(spec, shape, spec.seed),
        labels,
        binarize: spec.binarize,
        batchSize: context.batchSize,
        learningRate: spec.learningRate,
      };
      const run = await trainOneStage(context, spec, config, (stage) =>
        trainClassifier(model, train, {
          ...stage,
          learningRate: spec.learningRate,
          binarize: spec.binarize,
          ...(labelled !== undefined ? { labelled } : {}),
        }),
      );
      return { ...run, figures: { classifier: spec.classifier, labels } };
    },
  },
  evaluate(model, spec, { test, trained }) {
    const testSet: ImageSet = spec.binarize
      ? { ...test, images: binarizeTestSet(test.images) }
      : test;
    const report = evaluateClassifier(model, testSet);
    const labels = trained.figures?.['labels'];
    return {
      test: { ...report },
      lines: [
        `test accuracy ${(100 * report.accuracy).toFixed(2)}% on ${report.count} images ` +
          `(${String(labels)} labels); ${Math.round(trained.samplesPerSecond)} samples/s`,
      ],
    };
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: model.trainableVariables() }],
  options: [
    valueOption('--classifier <kind>', 'classifier', 'mlp (784-512-512-10) or conv'),
    sizesOption('--hidden <sizes>', 'hidden', 'mlp: sizes of its hidden areas (e.g. 512,512)'),
    numberOption(
      '--labels <n>',
      'labels',
      'train on N labels, balanced across classes (default all)',
    ),
    valueOption(
      '--binarize',
      'binarize',
      'train on batches binarised afresh and test on a test set binarised once',
    ),
  ],
  live: mlpLive,
};
