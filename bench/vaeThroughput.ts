/**
 * Training throughput of the 784-400-20-400-784 Bernoulli VAE (batch 128, Adam)
 * through the real training loop on real MNIST batches.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../src/data/index.ts';
import { trainGenerative } from '../src/models/trainGenerative.ts';
import { dataParallel } from '../src/sim/dataParallel/index.ts';
import type { GenerativeModel } from '../src/models/generative.ts';
import type { ModelSpecBase } from '../src/models/kind.ts';
import { parseModelSpec } from '../src/models/modelSpec/index.ts';
import { PcVae } from '../src/models/pcvae/index.ts';
import { Vae } from '../src/models/vae.ts';

export interface ThroughputResult {
  samplesPerSecond: number;
  msPerStep: number;
  steps: number;
  /**
   * Two threads: seconds the first epoch took beyond a steady one (starting the
   * replica thread); its epoch is left out of the throughput.
   */
  startSeconds?: number;
}

function firstImages(set: ImageSet, count: number): ImageSet {
  const n = Math.min(count, set.count);
  const size = set.height * set.width;
  return {
    ...set,
    count: n,
    images: set.images.subarray(0, n * size),
    labels: set.labels.subarray(0, n),
  };
}

/** The 784-400-20-400-784 Bernoulli VAE, plain or as the one-area predictive-coding VAE. */
export function makeModel(kind: 'vae' | 'pcvae'): GenerativeModel {
  return kind === 'vae'
    ? new Vae({ hiddenSizes: [400], latentSize: 20 }, 1)
    : new PcVae({ latentSizes: [20], hiddenSizes: [400] }, 1);
}

/** The same model as its kind describes it: the data-parallel replica is built from this. */
function kindSpecOf(kind: 'vae' | 'pcvae'): ModelSpecBase {
  return parseModelSpec(
    kind === 'vae'
      ? { kind, hiddenSize: 400, latentSize: 20 }
      : {
          kind,
          areas: [
            { name: 'sensory', size: 784 },
            { name: 'z1', size: 20, hidden: 400 },
          ],
        },
  );
}

export async function vaeTrainingThroughput(
  train: ImageSet,
  steps: number,
  warmupSteps = 3,
  kind: 'vae' | 'pcvae' = 'vae',
  workers: 1 | 2 = 1,
): Promise<ThroughputResult> {
  const batchSize = 128;
  const model = makeModel(kind);
  try {
    await trainGenerative(model, firstImages(train, warmupSteps * batchSize), {
      epochs: 1,
      seed: 1,
    });
    // Enough epochs over the available images to make `steps` full batches.
    const images = firstImages(train, Math.min(train.count, steps * batchSize));
    const batchesPerEpoch = Math.ceil(images.count / batchSize);
    const epochs = Math.max(1, Math.round(steps / batchesPerEpoch));
    const before = tf.memory().numTensors;
    if (workers === 2) {
      // One more epoch, the first: it starts the replica thread and is left out.
      const result = await trainGenerative(model, images, {
        epochs: epochs + 1,
        seed: 2,
        stepper: dataParallel({
          workers,
          replica: {
            kind,
            spec: kindSpecOf(kind),
            data: { height: train.height, width: train.width, classes: 10 },
          },
        }),
      });
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) throw new Error(`training leaked ${leaked} tensors`);
      const steady = result.epochs.slice(1);
      const seconds = steady.reduce((sum, e) => sum + e.seconds, 0);
      const samplesPerSecond = (images.count * steady.length) / seconds;
      return {
        samplesPerSecond,
        msPerStep: (batchSize * 1000) / samplesPerSecond,
        steps: steady.length * batchesPerEpoch,
        startSeconds: result.epochs[0]!.seconds - seconds / steady.length,
      };
    }
    const result = await trainGenerative(model, images, { epochs, seed: 2 });
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`training leaked ${leaked} tensors`);
    return {
      samplesPerSecond: result.samplesPerSecond,
      msPerStep: (batchSize * 1000) / result.samplesPerSecond,
      steps: epochs * batchesPerEpoch,
    };
  } finally {
    model.dispose();
  }
}
