/**
 * `neocortex train --model pcn`: train the discriminative predictive-coding
 * network by local learning or backprop, test it by a feedforward sweep, and
 * write DIR/metrics.json with accuracy, the confusion matrix and the spec it ran.
 */
import { SpecError } from '../cortex/specError.ts';
import type { DatasetSplit } from '../data/index.ts';
import { Pcn, trainPcn } from '../models/pcn/index.ts';
import { createTrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { resumedAtEpoch, runTrainingJob, type TrainReport } from './trainedRun.ts';
import { modelSpecOf, type TrainOptionsOf } from './trainOptions.ts';

/** Train and test a pcn as `options` say; prints the test accuracy and where metrics.json is. */
export async function runTrainPcn(
  options: TrainOptionsOf<'pcn'>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const { backend, data, outDir, checkpointPath } = await setUpRun(options, print);
  checkFitsData(options, data);
  const model = new Pcn(
    {
      inputSize: options.inputSize,
      hiddenSizes: options.hiddenSizes,
      classes: options.classes,
      activation: options.activation,
      learning: options.learning,
      inferenceSteps: options.inferenceSteps,
      inferenceRate: options.inferenceRate,
      optimizer: options.optimizer,
    },
    options.seed,
  );
  // Everything that must match for a checkpoint to be resumed (epochs may grow).
  const config = {
    model: 'pcn',
    ...model.spec,
    dataset: data.name,
    dataDir: options.dataDir ?? null,
    batchSize: options.batchSize,
    seed: options.seed,
  };
  const batchesPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const progress = createTrainingProgress(
    batchesPerEpoch * options.epochs,
    options.epochs,
    options.progress,
    'loss',
  );
  return runTrainingJob(
    {
      outDir,
      origin: { model: 'pcn', dataset: data.name, backend: backend.name, seed: options.seed },
      model,
      progress,
      checkpointPath: () => checkpointPath,
      train: () =>
        trainPcn(model, data.train, {
          epochs: options.epochs,
          seed: options.seed,
          batchSize: options.batchSize,
          checkpoint: { path: checkpointPath, config, resume: options.resume },
          onBatch: (p) => progress.onBatch(p),
        }),
      resumed: resumedAtEpoch(checkpointPath),
      report: (result) => {
        const test = model.evaluate(data.test);
        return {
          figures: {
            learning: options.learning,
            spec: modelSpecOf(options),
            config: { ...config, epochs: options.epochs },
            epochs: options.epochs,
            samplesPerSecond: result.samplesPerSecond,
            trainingSeconds: result.trainingSeconds,
            test,
            history: result.epochs,
          },
          lines: [
            `test accuracy ${(100 * test.accuracy).toFixed(2)}% on ${test.count} images ` +
              `(${options.learning} learning); ${Math.round(result.samplesPerSecond)} samples/s`,
          ],
        };
      },
    },
    print,
  );
}

/** The image area must have the data's pixels and the label area its classes. */
function checkFitsData(options: TrainOptionsOf<'pcn'>, data: DatasetSplit): void {
  const pixels = data.train.height * data.train.width;
  const classes = data.train.classNames.length;
  const problems: string[] = [];
  if (options.inputSize !== pixels) {
    problems.push(
      `inputSize: the data's images have ${pixels} pixels, so the image area needs size ${pixels}, not ${options.inputSize}`,
    );
  }
  if (options.classes !== classes) {
    problems.push(
      `classes: the data has ${classes} classes, so the label area needs size ${classes}, not ${options.classes}`,
    );
  }
  if (problems.length > 0) {
    throw new SpecError(
      `invalid model spec:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
}
