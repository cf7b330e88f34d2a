/**
 * The replica's thread of a data-parallel pair (started by DataParallelStepper):
 * a copy of the model and of its Adam optimizer, loaded with the main thread's
 * weights and optimizer state. For each step it takes its half of the batch,
 * computes its gradient, waits for the main thread's, combines the two exactly
 * as the main thread does (exchange.ts) and applies the same Adam update, so
 * the two copies stay identical. It is driven by `Atomics` on the shared
 * control block alone, and blocks between steps: it has nothing else to do.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendChoice } from '../../backend/index.ts';
import { createAdam } from '../../models/adam.ts';
import { importKindModule } from '../../models/kinds.ts';
import type { NamedArray } from '../../models/checkpoint.ts';
import { restoreOptimizerState } from '../../models/optimizerState.ts';
import { generativeGradients } from '../../models/trainingStep.ts';
import { Command, combineGradients, combinedPart, signal, Slot, viewExchange } from './exchange.ts';
import { buildReplica, type ReplicaData } from './replicaData.ts';
import { layoutOf, tensorsOf, updateOf, writeFlat } from './parameterLayout.ts';
import { NeocortexError } from '../../errors.ts';

const port = parentPort!;
const data = (workerData as { data: ReplicaData }).data;
const exchange = viewExchange(data.buffers);
const { control } = exchange;

/** Block until control[slot] holds `value`. */
function waitFor(slot: number, value: number): void {
  for (;;) {
    const now = Atomics.load(control, slot);
    if (now === value) return;
    Atomics.wait(control, slot, now);
  }
}

async function main(): Promise<void> {
  await initBackend(data.backend as BackendChoice);
  // The user's kinds (plugins) the run may train, registered in this thread too.
  for (const url of data.kindModules) await importKindModule(url);
  const model = buildReplica(data.model);
  const variables = model.variables();
  const layout = layoutOf(variables);
  if (layout.total !== data.weights.length) {
    throw new NeocortexError(
      'REPLICA_FAILED',
      `the replica has ${layout.total} weights, the main thread sent ${data.weights.length}`,
    );
  }
  const weights = tensorsOf(data.weights, layout);
  variables.forEach((v, i) => v.assign(weights[i]!));
  tf.dispose(weights);
  const optimizer = createAdam(data.learningRate);
  await restoreOptimizerState(
    optimizer,
    new Map(data.optimizerState.map((a: NamedArray) => [a.name, a])),
  );
  port.postMessage({ type: 'ready' });

  const [start, end] = combinedPart('replica', layout.total);
  let seen = 0;
  // Which variables the objective reaches (the same on both threads): set by each step's gradient.
  let reached: boolean[] = variables.map(() => true);
  for (;;) {
    Atomics.wait(control, Slot.seq, seen);
    const seq = Atomics.load(control, Slot.seq);
    if (seq === seen) continue;
    seen = seq;
    const command = Atomics.load(control, Slot.command);
    if (command === Command.stop) break;
    if (command === Command.snapshot) {
      writeFlat(variables, layout, exchange.replicaGradient);
      signal(control, Slot.snapshot, seq);
      continue;
    }
    const rows = Atomics.load(control, Slot.replicaRows);
    const mainRows = Atomics.load(control, Slot.mainRows);
    if (rows > 0) {
      const seed = Atomics.load(control, Slot.seed) >>> 0;
      const pixels = exchange.pixels.subarray(0, rows * model.inputSize);
      const { gradients, negElbo, reconstruction } = generativeGradients(
        model,
        variables,
        pixels,
        seed,
      );
      reached = gradients.map((g) => g !== null);
      try {
        writeFlat(gradients, layout, exchange.replicaGradient);
      } finally {
        tf.dispose(gradients.filter((g) => g !== null));
      }
      exchange.replicaLoss[0] = negElbo;
      exchange.replicaLoss[1] = reconstruction;
    }
    signal(control, Slot.replicaGradient, seq);
    waitFor(Slot.mainGradient, seq);
    combineGradients(
      exchange.mainGradient,
      exchange.replicaGradient,
      mainRows,
      rows,
      exchange.combined,
      start,
      end,
    );
    signal(control, Slot.replicaCombined, seq);
    waitFor(Slot.mainCombined, seq);
    const update = tensorsOf(exchange.combined, layout);
    signal(control, Slot.replicaRead, seq);
    try {
      optimizer.applyGradients(updateOf(variables, update, reached));
    } finally {
      tf.dispose(update);
    }
  }
  optimizer.dispose();
  model.dispose();
}

try {
  await main();
} catch (error) {
  Atomics.store(control, Slot.failed, 1);
  port.postMessage({ type: 'error', message: (error as Error).message });
  // Wake the main thread wherever it waits: it sees `failed` and reads the message.
  for (const slot of [Slot.replicaGradient, Slot.replicaCombined, Slot.replicaRead])
    Atomics.notify(control, slot);
}
port.close();
