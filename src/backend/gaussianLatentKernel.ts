/**
 * A Gaussian latent layer of a VAE as one wasm kernel: from the encoder's head
 * [mean | logVar] (one row per image) and standard-normal noise, the
 * reparameterised sample z = mean + exp(logVar / 2) · noise and the KL divergence
 * to N(0, I) per row, ½ Σ (mean² + exp(logVar) − 1 − logVar). Its gradient is one
 * more kernel. The stock ops take split, exp, multiply, add, square, sub and sum
 * (about a dozen kernels forward and two dozen backward, on small tensors).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { runOnWasmHeap } from './wasmMemory.ts';

/** The registered name of the fused Gaussian latent kernel. */
export const GAUSSIAN_LATENT = 'NeocortexGaussianLatent';
/** The registered name of its gradient with respect to the head. */
export const GAUSSIAN_LATENT_BACKWARD = 'NeocortexGaussianLatentBackward';

function latentShape(head: TensorInfo, noise: TensorInfo, kernel: string): [number, number] {
  const [rows, width] = head.shape as [number, number];
  const size = width / 2;
  if (
    head.shape.length !== 2 ||
    width % 2 !== 0 ||
    noise.shape.length !== 2 ||
    noise.shape[0] !== rows ||
    noise.shape[1] !== size
  ) {
    throw new Error(
      `${kernel}: head [${head.shape.join(', ')}] must be [rows, 2·latent] and noise ` +
        `[${noise.shape.join(', ')}] [rows, latent]`,
    );
  }
  return [rows, size];
}

const latentKernel: KernelFunc = ({ inputs, backend }) => {
  const { head, noise } = inputs as Record<string, TensorInfo>;
  const [rows, size] = latentShape(head!, noise!, GAUSSIAN_LATENT);
  return runOnWasmHeap(backend, [head!, noise!], [[rows, size], [rows]], ([h, e], [z, kl]) => {
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < size; j++) {
        const mean = h![r * 2 * size + j]!;
        const logVar = h![r * 2 * size + size + j]!;
        const sd = Math.exp(0.5 * logVar);
        z![r * size + j] = mean + sd * e![r * size + j]!;
        sum += mean * mean + sd * sd - 1 - logVar;
      }
      kl![r] = 0.5 * sum;
    }
  });
};

/** dhead from dz and dkl: [dz + dkl·mean | dz·½·sd·noise + dkl·½·(exp(logVar) − 1)]. */
const latentBackwardKernel: KernelFunc = ({ inputs, backend }) => {
  const { dz, dkl, head, noise } = inputs as Record<string, TensorInfo>;
  const [rows, size] = latentShape(head!, noise!, GAUSSIAN_LATENT_BACKWARD);
  return runOnWasmHeap(
    backend,
    [dz!, dkl!, head!, noise!],
    [[rows, 2 * size]],
    ([gz, gkl, h, e], [out]) => {
      for (let r = 0; r < rows; r++) {
        const k = gkl![r]!;
        for (let j = 0; j < size; j++) {
          const m = r * 2 * size + j;
          const lv = m + size;
          const sd = Math.exp(0.5 * h![lv]!);
          const g = gz![r * size + j]!;
          out![m] = g + k * h![m]!;
          out![lv] = 0.5 * (g * sd * e![r * size + j]! + k * (sd * sd - 1));
        }
      }
    },
  )[0]!;
};

let gradientRegistered = false;

/** Register the fused Gaussian latent kernels on the wasm backend (and the gradient). Idempotent. */
export function registerGaussianLatentKernels(): void {
  if (tf.getKernel(GAUSSIAN_LATENT, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: GAUSSIAN_LATENT, backendName: 'wasm', kernelFunc: latentKernel });
  tf.registerKernel({
    kernelName: GAUSSIAN_LATENT_BACKWARD,
    backendName: 'wasm',
    kernelFunc: latentBackwardKernel,
  });
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: GAUSSIAN_LATENT,
    inputsToSave: ['head', 'noise'],
    // dys: [dz, dkl]; the engine passes zeros for an output the loss does not use.
    gradFunc: (dys, saved) => {
      const [dz, dkl] = dys as [tf.Tensor2D, tf.Tensor1D];
      const [head, noise] = saved as [tf.Tensor2D, tf.Tensor2D];
      return {
        head: () =>
          tf.engine().runKernel(GAUSSIAN_LATENT_BACKWARD, {
            dz,
            dkl,
            head,
            noise,
          } as unknown as tf.NamedTensorMap),
        // Rarely needed (noise is drawn, not learned): dz · exp(logVar / 2).
        noise: () => {
          const logVar = tf.slice(head, [0, noise.shape[1]], [-1, noise.shape[1]]);
          return tf.mul(dz, tf.exp(tf.mul(0.5, logVar)));
        },
      } as unknown as Record<string, () => tf.Tensor>;
    },
  });
}

/** Unregister the fused Gaussian latent kernels. */
export function unregisterGaussianLatentKernels(): void {
  for (const name of [GAUSSIAN_LATENT, GAUSSIAN_LATENT_BACKWARD]) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
  }
}

/** Whether the active backend has the fused Gaussian latent kernel. */
export function gaussianLatentKernelAvailable(): boolean {
  return tf.getKernel(GAUSSIAN_LATENT, tf.getBackend()) !== undefined;
}

/**
 * The reparameterised sample and the KL to N(0, I) per row from the encoder's
 * head [mean | logVar], in one kernel. Only where {@link gaussianLatentKernelAvailable};
 * elsewhere split the head and use the densities (cortex/densities.ts).
 */
export function fusedGaussianLatent(
  head: tf.Tensor2D,
  noise: tf.Tensor2D,
): { sample: tf.Tensor2D; kl: tf.Tensor1D } {
  const [sample, kl] = tf
    .engine()
    .runKernel(GAUSSIAN_LATENT, { head, noise } as unknown as tf.NamedTensorMap) as unknown as [
    tf.Tensor2D,
    tf.Tensor1D,
  ];
  return { sample, kl };
}
