/**
 * The wasm backend's `Identity` copies its input into new memory. The engine runs
 * Identity to keep every tensor a gradient will need (about fifty per VAE training
 * step, weights and activations included). Tensors are immutable, so the copy
 * can share the input's memory instead, as the cpu backend's Identity does: one
 * more reference, no copy. The kernel count stays; the time and memory go.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendMemory } from './wasmMemory.ts';

let original: KernelConfig | undefined;

const sharedIdentity: KernelFunc = (args) => {
  const x = (args.inputs as Record<string, TensorInfo>)['x']!;
  if (x.dtype === 'string') return original!.kernelFunc(args);
  (args.backend as unknown as WasmBackendMemory).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Make wasm's Identity share memory instead of copying. Idempotent. */
export function installSharedIdentity(): void {
  if (original !== undefined) return;
  const stock = tf.getKernel('Identity', 'wasm');
  if (stock === undefined) throw new Error('wasm Identity kernel is not registered');
  original = stock;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: sharedIdentity });
}

/** Restore wasm's copying Identity. */
export function uninstallSharedIdentity(): void {
  if (original === undefined) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(original);
  original = undefined;
}
