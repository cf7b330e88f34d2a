/**
 * The project's fused wasm kernels, installed together with {@link installFusedKernels}
 * (as the wasm backend is selected): Adam's update in one kernel per variable,
 * dense layers with bias and ReLU in one kernel forward and one (plus the
 * matMuls) backward, the Bernoulli loss and the Gaussian latent (sample and KL)
 * in one kernel each way, and an Identity
 * that shares memory. {@link uninstallFusedKernels} restores the stock path (the
 * ops that use them fall back to stock tfjs ops), for benchmarks and tests.
 */
import { registerAdamKernel, ADAM_UPDATE } from './adamKernel.ts';
import { registerBernoulliKernels, unregisterBernoulliKernels } from './bernoulliKernel.ts';
import { registerDenseKernels, unregisterDenseKernels } from './denseKernel.ts';
import {
  registerGaussianLatentKernels,
  unregisterGaussianLatentKernels,
} from './gaussianLatentKernel.ts';
import { installSharedIdentity, uninstallSharedIdentity } from './sharedIdentity.ts';
import * as tf from '@tensorflow/tfjs';

let installed = false;

/** Register every fused wasm kernel. Idempotent; the wasm backend must be imported. */
export function installFusedKernels(): void {
  registerAdamKernel();
  registerDenseKernels();
  registerBernoulliKernels();
  registerGaussianLatentKernels();
  installSharedIdentity();
  installed = true;
}

/** Unregister them: the same training then runs on stock tfjs kernels. */
export function uninstallFusedKernels(): void {
  if (tf.getKernel(ADAM_UPDATE, 'wasm') !== undefined) tf.unregisterKernel(ADAM_UPDATE, 'wasm');
  unregisterDenseKernels();
  unregisterBernoulliKernels();
  unregisterGaussianLatentKernels();
  uninstallSharedIdentity();
  installed = false;
}

/** Whether {@link installFusedKernels} is in effect. */
export function fusedKernelsInstalled(): boolean {
  return installed;
}
