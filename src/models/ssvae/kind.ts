/**
 * The semi-supervised generative classifier as a model kind (see models/kind.ts): the lower
 * hierarchy trained on every image, then the class area with N labels (balanced), each stage
 * with its own checkpoint; tested by the accuracy of recognition alone, the confusion matrix
 * and the lower hierarchy's -ELBO.
 */
import { evaluateClassifier } from '../classifier/evaluate.ts';
import { binarizeTestSet, evaluateNegElbo, TEST_BINARIZATION_SEED } from '../evaluate.ts';
import type { ModelKindDefinition } from '../kind.ts';
import { numberOption, oneSizeOption, valueOption } from '../kindOptions.ts';
import { chooseLabelled } from '../labelled.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { evaluateSettledNegElbo } from '../pcvae/evaluate.ts';
import { classAreaForm } from './classHierarchy.ts';
import { SsVaeModelSpec, SsVaeSpec } from './spec.ts';
import { SsVae } from './ssvae.ts';
import { trainSsVae } from './train.ts';

/** Labels the ssvae uses when the spec gives none: 10 a class, the article's hard case. */
export const SSVAE_DEFAULT_LABELS_PER_CLASS = 10;

/** The class stage's checkpoint file, beside the lower stage's. */
const CLASS_CHECKPOINT = 'checkpoint-class.bin';

const oneArea =
  '--model ssvae has one area under its class area: give one --latent and one --hidden size';

/** The ssvae kind: `{ "kind": "ssvae", "labels": 100 }`. */
export const ssvaeKind: ModelKindDefinition<SsVaeModelSpec, SsVae> = {
  name: 'ssvae',
  summary:
    'the semi-supervised generative classifier (Kingma et al. 2014, M1+M2): a pcvae with a class area on top',
  spec: SsVaeModelSpec,
  estimateBytes(spec, data) {
    const pixels = data.height * data.width;
    const { latentSize: latent, hiddenSize: hidden } = spec;
    const { styleSize: style, classHiddenSize: classHidden } = SsVaeSpec.parse({});
    const parameters =
      denseParameters([pixels, hidden, 2 * latent]) +
      denseParameters([latent, hidden, pixels]) +
      denseParameters([latent, classHidden, data.classes]) +
      denseParameters([latent + data.classes, classHidden, 2 * style]) +
      denseParameters([data.classes + style, classHidden, 2 * latent]);
    return trainingMemory({
      parameters,
      optimizerSlots: 2,
      unitsPerImage: 2 * pixels + 2 * hidden + 3 * latent + 3 * classHidden + 2 * style,
      // An unlabelled and a labelled batch at once.
      batchSize: 2 * (spec.batchSize ?? 128),
    });
  },
  checkData(spec, data) {
    return spec.labels !== undefined && spec.labels < data.classes
      ? [
          `labels: ${spec.labels} labels give fewer than one a class (the data has ${data.classes} classes)`,
        ]
      : [];
  },
  build: (spec, data, seed) =>
    new SsVae(
      {
        inputSize: data.height * data.width,
        classes: data.classes,
        latentSize: spec.latentSize,
        hiddenSize: spec.hiddenSize,
        labelWeight: spec.labelWeight,
        classArea: spec.classArea,
      },
      seed,
    ),
  training: {
    lossName: 'loss',
    async train(model, spec, context) {
      const { train } = context.data;
      const classes = train.classNames.length;
      const labelled = chooseLabelled(
        train.labels,
        classes,
        spec.labels ?? SSVAE_DEFAULT_LABELS_PER_CLASS * classes,
        spec.seed,
        context.print,
      )!;
      context.print(
        `labels: ${labelled.length} of ${train.count} (${labelled.length / classes} a class)`,
      );
      const classEpochs = spec.classEpochs ?? spec.epochs;
      // The dense class area adds nothing to the config, so runs from before the choice resume.
      const { classArea, ...network } = model.spec;
      const config = {
        ...network,
        ...classAreaForm(classArea),
        labels: labelled.length,
        batchSize: context.batchSize,
        learningRate: spec.learningRate,
      };
      const lower = context.checkpoint?.(config);
      const upper = context.checkpoint?.(config, CLASS_CHECKPOINT);
      const epochs = spec.epochs + classEpochs;
      const result = await trainSsVae(model, train, {
        epochs: spec.epochs,
        classEpochs,
        seed: spec.seed,
        labelled,
        batchSize: context.batchSize,
        learningRate: spec.learningRate,
        ...(lower !== undefined && upper !== undefined
          ? {
              checkpoint: {
                lowerPath: lower.path,
                classPath: upper.path,
                config: lower.config,
                resume: context.resume,
              },
            }
          : {}),
        onBatch: (p) =>
          context.progress.batch({
            ...p,
            epoch: p.stage === 'lower' ? p.epoch : spec.epochs + p.epoch,
            epochs,
          }),
      });
      return {
        history: { lower: result.lower, classArea: result.classArea },
        samplesPerSecond: result.samplesPerSecond.lower,
        trainingSeconds: result.trainingSeconds,
        config: { ...config, classEpochs },
        resumed:
          result.resumedStage !== null ? `resumed the ${result.resumedStage} stage` : undefined,
        figures: {
          labels: labelled.length,
          classSamplesPerSecond: result.samplesPerSecond.classArea,
        },
      };
    },
  },
  evaluate(model, spec, { test, trained }) {
    const testPixels = binarizeTestSet(test.images);
    const classification = evaluateClassifier(model, { ...test, images: testPixels });
    const lower = evaluateNegElbo(model.lower, testPixels, { seed: TEST_BINARIZATION_SEED });
    const settled =
      spec.settleIterations > 0
        ? evaluateSettledNegElbo(model.lower, testPixels, {
            iterations: spec.settleIterations,
            stepSize: spec.settleStep,
            seed: TEST_BINARIZATION_SEED,
          }).negElbo
        : undefined;
    return {
      test: {
        ...classification,
        negElbo: lower.negElbo,
        reconstruction: lower.reconstruction,
        kl: lower.kl,
        ...(settled !== undefined ? { negElboSettled: settled } : {}),
      },
      lines: [
        `test accuracy ${(100 * classification.accuracy).toFixed(2)}% on ${classification.count} images ` +
          `(${String(trained.figures?.['labels'])} labels); lower -ELBO ${lower.negElbo.toFixed(2)} nats`,
      ],
    };
  },
  checkpoint: (model) => [
    { file: 'checkpoint.bin', variables: model.lower.variables() },
    { file: CLASS_CHECKPOINT, variables: model.classArea.variables() },
  ],
  options: [
    oneSizeOption('--latent <sizes>', 'latentSize', 'size of z1, under its class area', oneArea),
    oneSizeOption('--hidden <sizes>', 'hiddenSize', 'hidden units of the maps of z1', oneArea),
    numberOption(
      '--labels <n>',
      'labels',
      'labelled images, balanced across classes (default 10 a class)',
    ),
    numberOption(
      '--class-epochs <n>',
      'classEpochs',
      'epochs of the class-area stage (default --epochs)',
    ),
    numberOption('--label-weight <x>', 'labelWeight', 'weight of the labelled cross-entropy'),
    valueOption(
      '--class-area <kind>',
      'classArea',
      'the class area from its own dense networks (dense, default) or from cortex areas (cortex)',
    ),
    numberOption(
      '--settle-iterations <n>',
      'settleIterations',
      'settling steps at test time (0: none)',
    ),
    numberOption('--settle-step <x>', 'settleStep', 'settling step size'),
  ],
};
