/**
 * Learning curves of the predictive-coding networks under local learning and
 * backprop, scored on a test set after every epoch:
 *   pcn   - test accuracy (feedforward sweep) per epoch, by the spec's rule;
 *   pcgen - test free energy at the settled states and importance-sampled
 *           −log p(x) per epoch, by the local rule or by the autodiff gradient
 *           of the same free energy at the same settled states.
 */
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import { evaluatePcGen, PcGen, trainPcGen, type PcGenSpecInput } from '../../models/pcgen/index.ts';
import { Pcn, trainPcn, type PcnOptions } from '../../models/pcn/index.ts';

/** One pcn training run's curve. */
export interface PcnCurve {
  /** Test accuracy after each epoch. */
  testAccuracy: number[];
  /** Mean training cross-entropy of each epoch (feedforward sweep, before each step). */
  trainLoss: number[];
  /** Training throughput (images per second). */
  samplesPerSecond: number;
}

/** Train a pcn (its spec says local or backprop) and score the test set after every epoch. */
export async function pcnCurve(
  train: ImageSet,
  test: ImageSet,
  options: {
    spec: PcnOptions;
    epochs: number;
    batchSize: number;
    seed: number;
    onBatch?: (p: BatchProgress) => void;
  },
): Promise<PcnCurve> {
  const model = new Pcn(
    {
      ...options.spec,
      inputSize: train.height * train.width,
      classes: train.classNames.length,
    },
    options.seed,
  );
  const testAccuracy: number[] = [];
  try {
    const result = await trainPcn(model, train, {
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      onEpoch: () => {
        testAccuracy.push(model.evaluate(test).accuracy);
      },
    });
    return {
      testAccuracy,
      trainLoss: result.epochs.map((e) => e.trainLoss),
      samplesPerSecond: result.samplesPerSecond,
    };
  } finally {
    model.dispose();
  }
}

/** One pcgen training run's curve (nats per test image). */
export interface PcGenCurve {
  /** Mean free energy at the settled states after each epoch. */
  testFreeEnergy: number[];
  /** Importance-sampled −log p(x) after each epoch. */
  testNll: number[];
  /** Mean training free energy of each epoch. */
  trainFreeEnergy: number[];
  samplesPerSecond: number;
}

/**
 * Train a pcgen by `learning` on every training image (binarised afresh each batch) and score
 * the binarised test pixels after every epoch: settled free energy and IS −log p(x) with
 * `samples` importance samples.
 */
export async function pcgenCurve(
  train: ImageSet,
  testPixels: Float32Array,
  options: {
    spec: Omit<PcGenSpecInput, 'optimizer'>;
    learning: 'local' | 'backprop';
    epochs: number;
    batchSize: number;
    learningRate: number;
    samples: number;
    seed: number;
    onBatch?: (p: BatchProgress) => void;
  },
): Promise<PcGenCurve> {
  const model = new PcGen(
    {
      ...options.spec,
      inputSize: train.height * train.width,
      optimizer: { name: 'adam', learningRate: options.learningRate },
    },
    options.seed,
  );
  const testFreeEnergy: number[] = [];
  const testNll: number[] = [];
  try {
    const result = await trainPcGen(model, train, {
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize,
      learning: options.learning,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      onEpoch: (m) => {
        const scored = evaluatePcGen(model, testPixels, {
          samples: options.samples,
          seed: 7_000 + m.epoch,
        });
        testFreeEnergy.push(scored.freeEnergy);
        testNll.push(scored.nll ?? Number.NaN);
      },
    });
    return {
      testFreeEnergy,
      testNll,
      trainFreeEnergy: result.epochs.map((e) => e.trainFreeEnergy),
      samplesPerSecond: result.samplesPerSecond,
    };
  } finally {
    model.dispose();
  }
}
