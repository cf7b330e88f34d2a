/**
 * Kernel profile of one training step (`npm run bench -- profile`): for the VAE
 * 784-400-20-400-784 and the one-area `pcvae` of the same shape (batch 128,
 * Adam), how many kernels one `generativeStep` runs and, grouped by kernel name,
 * how many of each and what share of the kernel time they took (`tf.profile`).
 *
 * Kernel counts are deterministic (the same code runs the same kernels, whatever
 * the load); the time shares are wall-clock per kernel and move with the load.
 */
import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../src/models/adam.ts';
import { generativeStep } from '../src/models/trainingStep.ts';
import { makeModel } from './vaeThroughput.ts';

/** The kernels of one name in a profiled step. */
export interface KernelGroup {
  name: string;
  count: number;
  /** Summed kernel time, ms (wall-clock per kernel; noisy under load). */
  ms: number;
  /** Share of the step's summed kernel time, 0..1. */
  share: number;
}

/** One profiled training step. */
export interface StepProfile {
  model: string;
  backend: string;
  batchSize: number;
  /**
   * Kernels the step ran: every registered kernel the engine called, forward,
   * backward and Adam (the scopes `tf.customGrad` records are not kernels and not counted).
   */
  kernels: number;
  /** Summed kernel time, ms. */
  kernelMs: number;
  /** Tensors alive after the step minus before (0 when nothing leaks). */
  newTensors: number;
  /** Kernel names, most time first. */
  byName: KernelGroup[];
}

/** A fixed batch of binary pixels (the kernel count does not depend on the data). */
function binaryBatch(rows: number, size: number, seed: number): Float32Array {
  const pixels = new Float32Array(rows * size);
  let s = seed >>> 0;
  for (let i = 0; i < pixels.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    pixels[i] = s / 2 ** 32 < 0.13 ? 1 : 0; // about MNIST's share of ink
  }
  return pixels;
}

/** Group profiled kernels by name, most time first. */
export function groupKernels(
  kernels: readonly { name: string; kernelTimeMs: unknown }[],
): KernelGroup[] {
  const groups = new Map<string, { count: number; ms: number }>();
  let total = 0;
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    total += ms;
    const g = groups.get(k.name) ?? { count: 0, ms: 0 };
    g.count += 1;
    g.ms += ms;
    groups.set(k.name, g);
  }
  return [...groups]
    .map(([name, g]) => ({ name, count: g.count, ms: g.ms, share: total > 0 ? g.ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms || b.count - a.count);
}

/**
 * Profile one Adam step of `kind` at `batchSize` on the current backend. Two
 * warm-up steps first (Adam creates its moments on the first), then the profiled
 * step is the median-time one of `repeats` (its kernel count is the same in each).
 */
export async function profileTrainingStep(
  kind: 'vae' | 'pcvae',
  batchSize = 128,
  repeats = 3,
): Promise<StepProfile> {
  const model = makeModel(kind);
  const optimizer = createAdam(1e-3);
  const variables = model.variables();
  try {
    const pixels = binaryBatch(batchSize, model.inputSize, 7);
    for (let i = 0; i < 2; i++) generativeStep(model, optimizer, variables, pixels, i);
    const runs: StepProfile[] = [];
    for (let r = 0; r < repeats; r++) {
      const info = await tf.profile(() => {
        generativeStep(model, optimizer, variables, pixels, 10 + r);
      });
      const backend = tf.getBackend();
      const kernels = info.kernels.filter((k) => tf.getKernel(k.name, backend) !== undefined);
      const byName = groupKernels(kernels);
      runs.push({
        model: `${kind} 784-400-20-400-784 bernoulli, Adam`,
        backend,
        batchSize,
        kernels: kernels.length,
        kernelMs: byName.reduce((sum, g) => sum + g.ms, 0),
        newTensors: info.newTensors,
        byName,
      });
    }
    runs.sort((a, b) => a.kernelMs - b.kernelMs);
    return runs[Math.floor(runs.length / 2)]!;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
