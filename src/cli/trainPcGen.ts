/**
 * `neocortex train --model pcgen`: train the generative predictive-coding network by local
 * learning (settle from rest, then each pathway learns from its own two areas), then write
 * DIR/metrics.json with the test set's settled free energy and importance-sampled −log p(x),
 * and samples.png / reconstructions.png.
 */
import { binarizeTestSet, TEST_BINARIZATION_SEED } from '../models/evaluate.ts';
import { evaluatePcGen, PcGen, trainPcGen } from '../models/pcgen/index.ts';
import { writePictures } from './pictures.ts';
import { createStageProgress, createTrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { resumedAtEpoch, runTrainingJob, type TrainReport } from './trainedRun.ts';
import { modelSpecOf, type TrainOptionsOf } from './trainOptions.ts';

/** Train a pcgen as `options` say and write its run folder; returns the folder and metrics. */
export async function runTrainPcGen(
  options: TrainOptionsOf<'pcgen'>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const { backend, data, outDir, checkpointPath } = await setUpRun(options, print);
  const model = new PcGen(
    {
      inputSize: data.train.height * data.train.width,
      latentSizes: options.latentSizes,
      activation: options.activation,
      inferenceSteps: options.inferenceSteps,
      inferenceRate: options.inferenceRate,
      optimizer: options.optimizer,
    },
    options.seed,
  );
  const config = {
    ...model.spec,
    model: 'pcgen',
    batchSize: options.batchSize,
  };
  // Everything that must match for a checkpoint to be resumed (epochs may grow).
  const runConfig = {
    ...config,
    dataset: data.name,
    dataDir: options.dataDir ?? null,
    seed: options.seed,
  };
  const progress = createTrainingProgress(
    Math.ceil(data.train.count / options.batchSize) * options.epochs,
    options.epochs,
    options.progress,
    'F',
  );
  return runTrainingJob(
    {
      outDir,
      origin: { model: 'pcgen', dataset: data.name, backend: backend.name, seed: options.seed },
      model,
      progress,
      checkpointPath: () => checkpointPath,
      train: () =>
        trainPcGen(model, data.train, {
          epochs: options.epochs,
          seed: options.seed,
          batchSize: options.batchSize,
          checkpoint: { path: checkpointPath, config: runConfig, resume: options.resume },
          onBatch: (p) => progress.onBatch(p),
        }),
      resumed: resumedAtEpoch(checkpointPath),
      report: async (result) => {
        const testPixels = binarizeTestSet(data.test.images);
        const testSteps = options.testInferenceSteps ?? model.spec.inferenceSteps;
        const stage = createStageProgress(
          `settling ${testSteps} iterations` +
            (options.iwaeK > 0 ? `, -log p(x) k = ${options.iwaeK}` : ''),
          data.test.count,
          options.progress,
        );
        const test = evaluatePcGen(model, testPixels, {
          samples: options.iwaeK,
          seed: TEST_BINARIZATION_SEED,
          proposalScale: options.proposalScale,
          inferenceSteps: testSteps,
          onImages: (done) => stage.advance(done),
        });
        stage.stop();
        const pictures = await writePictures(model, testPixels, data.test, outDir);
        return {
          figures: {
            spec: modelSpecOf(options),
            config: { ...config, epochs: options.epochs, dataDir: options.dataDir ?? null },
            epochs: options.epochs,
            samplesPerSecond: result.samplesPerSecond,
            trainingSeconds: result.trainingSeconds,
            test: {
              ...test,
              settle: { iterations: testSteps, stepSize: model.spec.inferenceRate },
            },
            history: result.epochs,
          },
          lines: [
            ...(pictures.length > 0 ? [`wrote ${pictures.join(', ')}`] : []),
            ...(test.nll !== undefined
              ? [
                  `test -log p(x) ${test.nll.toFixed(2)} nats (importance sampled, k = ${test.nllK})`,
                ]
              : []),
            `test free energy after settling ${test.freeEnergy.toFixed(2)} nats on ${test.count} images; ` +
              `${Math.round(result.samplesPerSecond)} samples/s`,
          ],
        };
      },
    },
    print,
  );
}
