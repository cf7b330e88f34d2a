/**
 * Training throughput of the feedforward classifiers, the step `neocortex train --model
 * classifier` takes (classifierStep with the project's Adam): the MLP 784-512-512-10 at
 * batch 32 (its default) and the conv net (5x5x32-pool2-5x5x64-pool2-128-10) at batch 128.
 * Medians of `repeats` timed windows after a warm-up, on real MNIST batches.
 */
import type { ImageSet } from '../src/data/index.ts';
import { createAdam } from '../src/models/adam.ts';
import { ConvClassifier, MlpClassifier, type Classifier } from '../src/models/classifier/index.ts';
import { classifierStep } from '../src/models/trainingStep.ts';

/** One classifier's measured training speed. */
export interface ClassifierThroughput {
  model: string;
  batchSize: number;
  samplesPerSecond: number;
  msPerStep: number;
  steps: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(
  model: Classifier,
  name: string,
  train: ImageSet,
  batchSize: number,
  steps: number,
  repeats: number,
): ClassifierThroughput {
  const optimizer = createAdam(1e-3);
  const variables = model.trainableVariables();
  const size = train.height * train.width;
  const batches = Array.from({ length: 8 }, (_, b) => ({
    pixels: train.images.subarray(b * batchSize * size, (b + 1) * batchSize * size),
    labels: train.labels.subarray(b * batchSize, (b + 1) * batchSize),
  }));
  let i = 0;
  const step = (): void => {
    const { pixels, labels } = batches[i++ % batches.length]!;
    classifierStep(model, optimizer, variables, pixels, labels);
  };
  try {
    for (let w = 0; w < 3; w++) step();
    const seconds: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      for (let s = 0; s < steps; s++) step();
      seconds.push((performance.now() - start) / 1000 / steps);
    }
    const perStep = median(seconds);
    return {
      model: name,
      batchSize,
      samplesPerSecond: batchSize / perStep,
      msPerStep: perStep * 1000,
      steps: steps * repeats,
    };
  } finally {
    optimizer.dispose();
  }
}

/** The MLP at batch 32 and the conv net at batch 128, on the current backend. */
export function classifierThroughput(
  train: ImageSet,
  options: { repeats?: number } = {},
): ClassifierThroughput[] {
  const repeats = options.repeats ?? 3;
  const mlp = new MlpClassifier({ seed: 1 });
  const conv = new ConvClassifier({ seed: 1 });
  try {
    return [
      measure(mlp, 'mlp 784-512-512-10', train, 32, 100, repeats),
      measure(conv, 'conv 5x5x32-pool2-5x5x64-pool2-128-10', train, 128, 5, repeats),
    ];
  } finally {
    mlp.dispose();
    conv.dispose();
  }
}
