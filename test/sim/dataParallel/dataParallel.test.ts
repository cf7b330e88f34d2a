import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { binarize, gatherImages, loadLetters, type ImageSet } from '../../../src/data/index.ts';
import { createAdam } from '../../../src/models/adam.ts';
import { loadCheckpoint } from '../../../src/models/checkpoint.ts';
import { importKindModule } from '../../../src/models/kinds.ts';
import { parseModelSpec } from '../../../src/models/modelSpec/index.ts';
import { PcVae } from '../../../src/models/pcvae/index.ts';
import {
  NonFiniteLossError,
  trainGenerative,
  type GenerativeStepperFactory,
} from '../../../src/models/trainGenerative.ts';
import { generativeGradients } from '../../../src/models/trainingStep.ts';
import { Vae } from '../../../src/models/vae.ts';
import { createRng } from '../../../src/random/rng.ts';
import {
  dataParallel,
  DataParallelStepper,
  ReplicaFailedError,
} from '../../../src/sim/dataParallel/index.ts';
import { combineGradients, replicaSeed } from '../../../src/sim/dataParallel/exchange.ts';

let dir = '';
let train: ImageSet;
const spec = { hiddenSizes: [32], latentSize: 4 };
/** The letters' shape, for which the replicas are built. */
const data = { height: 28, width: 28, classes: 26 };
/** The same VAE as the vae kind describes it: the replica thread builds its copy from this. */
const vaeReplica = {
  kind: 'vae',
  spec: parseModelSpec({ kind: 'vae', hiddenSize: 32, latentSize: 4 }),
  data,
};

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'neocortex-dp-'));
  train = loadLetters({ seed: 2, trainCount: 512, testCount: 16 }).train;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const flatWeights = (variables: tf.Variable[]): Float32Array =>
  Float32Array.from(variables.flatMap((v) => Array.from(v.dataSync())));

/** A binarised batch of `rows` letters. */
function batch(rows: number, seed: number): Float32Array {
  const indices = Int32Array.from({ length: rows }, (_, i) => (i * 7 + seed) % train.count);
  return binarize(gatherImages(train, indices), createRng(seed));
}

describe('data-parallel training on two threads', () => {
  it('takes the step one thread takes with the two halves combined, and keeps the replica identical', async () => {
    const model = new Vae(spec, 3);
    const twin = new Vae(spec, 3);
    const variables = model.variables();
    const twinVariables = twin.variables();
    const optimizer = createAdam(1e-2);
    const twinOptimizer = createAdam(1e-2);
    const stepper = await DataParallelStepper.start(
      { model, variables, optimizer, learningRate: 1e-2, batchSize: 32 },
      vaeReplica,
    );
    try {
      for (let step = 0; step < 4; step++) {
        // An odd last batch too: 17 rows are cut 9 + 8.
        const rows = step === 3 ? 17 : 32;
        const pixels = batch(rows, step + 1);
        const seed = 1000 + step;
        const report = await stepper.step(pixels, seed);
        // The same step in this thread: each half's gradient, combined by rows, one Adam step.
        const half = Math.ceil(rows / 2);
        const a = generativeGradients(twin, twinVariables, pixels.subarray(0, half * 784), seed);
        const b = generativeGradients(
          twin,
          twinVariables,
          pixels.subarray(half * 784),
          replicaSeed(seed),
        );
        const update = a.gradients.map((maybe, i) => {
          const g = maybe!;
          const out = new Float32Array(g.size);
          combineGradients(
            g.dataSync() as Float32Array,
            b.gradients[i]!.dataSync() as Float32Array,
            half,
            rows - half,
            out,
          );
          return tf.tensor(out, g.shape);
        });
        twinOptimizer.applyGradients(
          twinVariables.map((v, i) => ({ name: v.name, tensor: update[i]! })),
        );
        tf.dispose([...a.gradients, ...b.gradients, ...update].filter((t) => t !== null));
        expect(report.negElbo).toBeCloseTo(
          (half * a.negElbo + (rows - half) * b.negElbo) / rows,
          4,
        );
        expect(flatWeights(variables)).toEqual(flatWeights(twinVariables));
        // The replica's copy is this thread's, bit for bit.
        expect(await stepper.replicaWeights()).toEqual(flatWeights(variables));
      }
    } finally {
      await stepper.dispose();
      optimizer.dispose();
      twinOptimizer.dispose();
      model.dispose();
      twin.dispose();
    }
  });

  it('starts the replica from the optimizer state a run already has (a resume)', async () => {
    const model = new PcVae({ latentSizes: [4], hiddenSizes: [16] }, 2);
    const variables = model.variables();
    const optimizer = createAdam(1e-2);
    // Three steps in this thread first: Adam's moments and step count are not fresh.
    for (let s = 0; s < 3; s++) {
      const g = generativeGradients(model, variables, batch(16, s), s + 1);
      optimizer.applyGradients(
        variables.map((v, i) => ({ name: v.name, tensor: g.gradients[i]! })),
      );
      tf.dispose(g.gradients.filter((t) => t !== null));
    }
    const pcvaeReplica = {
      kind: 'pcvae',
      spec: parseModelSpec({
        kind: 'pcvae',
        areas: [
          { name: 'sensory', size: 784 },
          { name: 'z1', size: 4, hidden: 16 },
        ],
      }),
      data,
    };
    const stepper = await DataParallelStepper.start(
      { model, variables, optimizer, learningRate: 1e-2, batchSize: 16 },
      pcvaeReplica,
    );
    try {
      expect(await stepper.replicaWeights()).toEqual(flatWeights(variables));
      for (let s = 0; s < 3; s++) await stepper.step(batch(16, 10 + s), 50 + s);
      // With wrong moments on the replica the two copies would part here.
      expect(await stepper.replicaWeights()).toEqual(flatWeights(variables));
    } finally {
      await stepper.dispose();
      optimizer.dispose();
      model.dispose();
    }
  });

  it('trains as one thread does (the loss falls alike), keeps tf.memory() flat and ends its thread', async () => {
    const run = async (workers: 1 | 2) => {
      const model = new Vae(spec, 4);
      const before = tf.memory().numTensors;
      const result = await trainGenerative(model, train, {
        epochs: 3,
        seed: 4,
        batchSize: 64,
        stepper: dataParallel({ workers, replica: vaeReplica }),
      });
      const leaked = tf.memory().numTensors - before;
      model.dispose();
      return { losses: result.epochs.map((e) => e.trainNegElbo), leaked };
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.leaked).toBe(0);
    expect(two.losses[2]!).toBeLessThan(two.losses[0]! - 20);
    // Same objective, other posterior noise on half of each batch: the curves agree closely.
    two.losses.forEach((loss, i) =>
      expect(Math.abs(loss - one.losses[i]!)).toBeLessThan(0.02 * one.losses[i]!),
    );
  });

  it('reports a killed replica as a clear error and keeps the last checkpoint', async () => {
    const path = join(dir, 'killed.ckpt');
    let stepper: DataParallelStepper | undefined;
    const factory: GenerativeStepperFactory = async (context) => {
      stepper = await DataParallelStepper.start(context, vaeReplica);
      return stepper;
    };
    const model = new Vae(spec, 6);
    const run = trainGenerative(model, train, {
      epochs: 3,
      seed: 6,
      batchSize: 64,
      checkpoint: { path, config: { seed: 6 } },
      stepper: factory,
      onEpoch: async (m) => {
        if (m.epoch === 1) await stepper!.worker.terminate();
      },
    });
    await expect(run).rejects.toThrow(ReplicaFailedError);
    await expect(run).rejects.toThrow(/replica thread exited/);
    const saved = await loadCheckpoint(path);
    expect(saved.header.epoch).toBe(1);
    // The run goes on from there on one thread.
    const resumed = await trainGenerative(model, train, {
      epochs: 2,
      seed: 6,
      batchSize: 64,
      checkpoint: { path, config: { seed: 6 }, resume: true },
    });
    expect(resumed.startEpoch).toBe(2);
    model.dispose();
  });

  it("builds a plugin's kind in the replica thread too: it imports the modules that registered kinds", async () => {
    await importKindModule(
      pathToFileURL(join(import.meta.dirname, '..', '..', 'helpers', 'vaeCopyKind.ts')).href,
    );
    const model = new Vae(spec, 9);
    const variables = model.variables();
    const optimizer = createAdam(1e-2);
    const stepper = await DataParallelStepper.start(
      { model, variables, optimizer, learningRate: 1e-2, batchSize: 16 },
      {
        kind: 'vae-copy',
        spec: parseModelSpec({ kind: 'vae-copy', hiddenSize: 32, latentSize: 4 }),
        data,
      },
    );
    try {
      expect(await stepper.replicaWeights()).toEqual(flatWeights(variables));
      await stepper.step(batch(16, 3), 70);
      expect(await stepper.replicaWeights()).toEqual(flatWeights(variables));
    } finally {
      await stepper.dispose();
      optimizer.dispose();
      model.dispose();
    }
  });

  it('builds the replica through the registry: a kind it does not know is refused by name', async () => {
    const model = new Vae(spec, 8);
    const variables = model.variables();
    const optimizer = createAdam(1e-2);
    const start = DataParallelStepper.start(
      { model, variables, optimizer, learningRate: 1e-2, batchSize: 16 },
      // A kind registered by this thread's own code, not by a module, is unknown there.
      { ...vaeReplica, kind: 'my-kind' },
    );
    await expect(start).rejects.toThrow(ReplicaFailedError);
    await expect(start).rejects.toThrow(
      /knows no model kind "my-kind" in the replica thread \(register it from a module/,
    );
    optimizer.dispose();
    model.dispose();
  });

  it("stops on a NaN loss with the loop's error and ends the replica", async () => {
    const model = new Vae(spec, 7);
    const first = model.variables()[0]!;
    first.assign(tf.fill(first.shape, Number.NaN));
    let stepper: DataParallelStepper | undefined;
    const run = trainGenerative(model, train, {
      epochs: 1,
      seed: 7,
      batchSize: 64,
      stepper: async (context) => (stepper = await DataParallelStepper.start(context, vaeReplica)),
    });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    // Disposed by trainGenerative: the thread has ended.
    expect(stepper!.worker.threadId).toBe(-1);
    model.dispose();
  });
});
