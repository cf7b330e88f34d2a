/**
 * `neocortex train --model ssvae`: the semi-supervised generative classifier.
 * Trains the lower hierarchy on every image, then the class area with N labels
 * (balanced), and writes DIR/metrics.json with the test accuracy (recognition of
 * the class latent), the confusion matrix and the lower hierarchy's -ELBO.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageSet } from '../data/index.ts';
import { evaluateClassifier } from '../models/classifier/index.ts';
import { binarizeTestSet, evaluateNegElbo, TEST_BINARIZATION_SEED } from '../models/evaluate.ts';
import { evaluateSettledNegElbo } from '../models/pcvae/index.ts';
import { classAreaForm, SsVae, trainSsVae } from '../models/ssvae/index.ts';
import { chooseLabelled } from './labelled.ts';
import { createTrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { runTrainingJob, type TrainReport } from './trainedRun.ts';
import { modelSpecOf, type TrainOptionsOf } from './trainOptions.ts';

/** Labels the ssvae uses when --labels is not given: 10 a class, the article's hard case. */
export const SSVAE_DEFAULT_LABELS_PER_CLASS = 10;

export async function runTrainSsvae(
  options: TrainOptionsOf<'ssvae'>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const { backend, data, outDir, checkpointPath } = await setUpRun(options, print);
  const classes = data.train.classNames.length;
  const labelled = chooseLabelled(
    data.train.labels,
    classes,
    options.labels ?? SSVAE_DEFAULT_LABELS_PER_CLASS * classes,
    options.seed,
    print,
  )!;
  print(`labels: ${labelled.length} of ${data.train.count} (${labelled.length / classes} a class)`);
  const model = new SsVae(
    {
      inputSize: data.train.height * data.train.width,
      classes,
      latentSize: options.latentSize,
      hiddenSize: options.hiddenSize,
      labelWeight: options.labelWeight,
      classArea: options.classArea,
    },
    options.seed,
  );
  const classEpochs = options.classEpochs ?? options.epochs;
  // The dense class area adds nothing to the config, so runs from before the choice resume.
  const { classArea, ...network } = model.spec;
  const config = {
    model: 'ssvae',
    ...network,
    ...classAreaForm(classArea),
    dataset: data.name,
    dataDir: options.dataDir ?? null,
    labels: labelled.length,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    seed: options.seed,
  };
  const lowerBatches = Math.ceil(data.train.count / options.batchSize);
  const progress = createTrainingProgress(
    lowerBatches * (options.epochs + classEpochs),
    options.epochs + classEpochs,
    options.progress,
    'loss',
  );
  const classPath = join(outDir, 'checkpoint-class.bin');
  return runTrainingJob(
    {
      outDir,
      origin: { model: 'ssvae', dataset: data.name, backend: backend.name, seed: options.seed },
      model,
      progress,
      // A failure in the class stage keeps that stage's last checkpoint, if it wrote one.
      checkpointPath: () => (existsSync(classPath) ? classPath : checkpointPath),
      train: () =>
        trainSsVae(model, data.train, {
          epochs: options.epochs,
          classEpochs,
          seed: options.seed,
          labelled,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          checkpoint: { lowerPath: checkpointPath, classPath, config, resume: options.resume },
          onBatch: (p) => {
            const epoch = p.stage === 'lower' ? p.epoch : options.epochs + p.epoch;
            progress.update((epoch - 1) * p.batches + p.batch, { ...p, epoch });
          },
        }),
      resumed: (result) =>
        result.resumedStage !== null ? `resumed the ${result.resumedStage} stage` : undefined,
      report: (result) => {
        const testPixels = binarizeTestSet(data.test.images);
        const testSet: ImageSet = { ...data.test, images: testPixels };
        const classification = evaluateClassifier(model, testSet);
        const lower = evaluateNegElbo(model.lower, testPixels, { seed: TEST_BINARIZATION_SEED });
        const settled =
          options.settleIterations > 0
            ? evaluateSettledNegElbo(model.lower, testPixels, {
                iterations: options.settleIterations,
                stepSize: options.settleStep,
                seed: TEST_BINARIZATION_SEED,
              }).negElbo
            : undefined;
        return {
          figures: {
            spec: modelSpecOf(options),
            config: { ...config, epochs: options.epochs, classEpochs },
            epochs: options.epochs,
            labels: labelled.length,
            samplesPerSecond: result.samplesPerSecond.lower,
            classSamplesPerSecond: result.samplesPerSecond.classArea,
            trainingSeconds: result.trainingSeconds,
            test: {
              ...classification,
              negElbo: lower.negElbo,
              reconstruction: lower.reconstruction,
              kl: lower.kl,
              ...(settled !== undefined ? { negElboSettled: settled } : {}),
            },
            history: { lower: result.lower, classArea: result.classArea },
          },
          lines: [
            `test accuracy ${(100 * classification.accuracy).toFixed(2)}% on ${classification.count} images ` +
              `(${labelled.length} labels); lower -ELBO ${lower.negElbo.toFixed(2)} nats`,
          ],
        };
      },
    },
    print,
  );
}
