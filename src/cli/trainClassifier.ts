/**
 * `neocortex train --model classifier`: train a feedforward classifier (the MLP
 * hierarchy or the conv net), on all labels or a balanced subset, and write
 * DIR/metrics.json with accuracy and the confusion matrix.
 */
import type { ImageSet } from '../data/index.ts';
import {
  buildClassifier,
  evaluateClassifier,
  trainClassifier,
} from '../models/classifier/index.ts';
import { binarizeTestSet } from '../models/evaluate.ts';
import { chooseLabelled } from './labelled.ts';
import { createTrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { resumedAtEpoch, runTrainingJob, type TrainReport } from './trainedRun.ts';
import { modelSpecOf, type TrainOptionsOf } from './trainOptions.ts';

export async function runTrainClassifier(
  options: TrainOptionsOf<'classifier'>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const { backend, data, outDir, checkpointPath } = await setUpRun(options, print);
  const classes = data.train.classNames.length;
  const spec =
    options.classifier === 'mlp'
      ? {
          kind: 'mlp' as const,
          inputSize: data.train.height * data.train.width,
          hiddenSizes: options.hidden,
          classes,
          seed: options.seed,
        }
      : {
          kind: 'conv' as const,
          height: data.train.height,
          width: data.train.width,
          classes,
          seed: options.seed,
        };
  const model = buildClassifier(spec);
  const labelled = chooseLabelled(data.train.labels, classes, options.labels, options.seed, print);
  const config = {
    model: 'classifier',
    ...spec,
    dataset: data.name,
    dataDir: options.dataDir ?? null,
    labels: labelled?.length ?? data.train.count,
    binarize: options.binarize,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
  };
  const trainedCount = labelled?.length ?? data.train.count;
  const batchesPerEpoch = Math.ceil(trainedCount / options.batchSize);
  const progress = createTrainingProgress(
    batchesPerEpoch * options.epochs,
    options.epochs,
    options.progress,
    'loss',
  );
  return runTrainingJob(
    {
      outDir,
      origin: {
        model: 'classifier',
        dataset: data.name,
        backend: backend.name,
        seed: options.seed,
      },
      model,
      progress,
      checkpointPath: () => checkpointPath,
      train: () =>
        trainClassifier(model, data.train, {
          epochs: options.epochs,
          seed: options.seed,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          binarize: options.binarize,
          ...(labelled !== undefined ? { labelled } : {}),
          checkpoint: { path: checkpointPath, config, resume: options.resume },
          onBatch: (p) => progress.onBatch(p),
        }),
      resumed: resumedAtEpoch(checkpointPath),
      report: (result) => {
        const testSet: ImageSet = options.binarize
          ? { ...data.test, images: binarizeTestSet(data.test.images) }
          : data.test;
        const test = evaluateClassifier(model, testSet);
        return {
          figures: {
            classifier: options.classifier,
            spec: modelSpecOf(options),
            config: { ...config, epochs: options.epochs },
            epochs: options.epochs,
            labels: config.labels,
            samplesPerSecond: result.samplesPerSecond,
            trainingSeconds: result.trainingSeconds,
            test,
            history: result.epochs,
          },
          lines: [
            `test accuracy ${(100 * test.accuracy).toFixed(2)}% on ${test.count} images ` +
              `(${config.labels} labels); ${Math.round(result.samplesPerSecond)} samples/s`,
          ],
        };
      },
    },
    print,
  );
}
