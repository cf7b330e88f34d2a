/**
 * The wasm backend's matMul is fast for `A·B` but 13-25x slower when either
 * operand is flagged as transposed (see shared/FACTS.md). Every matMul gradient
 * uses the transposed forms, so training pays that cost on each step.
 *
 * `installFastTransposedMatMul` re-registers the wasm `BatchMatMul` and
 * `_FusedMatMul` kernels with a wrapper that materialises a transposed operand
 * with the wasm `Transpose` kernel and then runs the plain (fast) product. The
 * arithmetic is the same; only the memory layout the kernel sees changes.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

const WRAPPED = ['BatchMatMul', '_FusedMatMul'] as const;
const originals = new Map<string, KernelConfig>();

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

function wrap(original: KernelConfig, transpose: KernelConfig): KernelFunc {
  return (args) => {
    const attrs = args.attrs as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const inputs = { ...args.inputs } as Record<string, TensorInfo>;
    const temporaries: TensorInfo[] = [];
    for (const [name, flag] of [
      ['a', attrs.transposeA],
      ['b', attrs.transposeB],
    ] as const) {
      const x = inputs[name];
      if (!flag || x === undefined) continue;
      const t = transpose.kernelFunc({
        inputs: { x },
        backend: args.backend,
        attrs: { perm: swapLastTwo(x.shape.length) },
      }) as TensorInfo;
      temporaries.push(t);
      inputs[name] = t;
    }
    try {
      return original.kernelFunc({
        inputs,
        backend: args.backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}

/** Route transposed wasm matMuls through an explicit transpose. Idempotent. */
export function installFastTransposedMatMul(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) throw new Error('wasm Transpose kernel is not registered');
  for (const name of WRAPPED) {
    if (originals.has(name)) continue;
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined) continue;
    originals.set(name, original);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: wrap(original, transpose) });
  }
}

/** Restore the stock wasm kernels (used by benchmarks to measure the baseline). */
export function uninstallFastTransposedMatMul(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(original);
  }
  originals.clear();
}

export function fastTransposedMatMulInstalled(): boolean {
  return originals.size > 0;
}
