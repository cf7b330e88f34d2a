/**
 * Adam's update of one variable as one wasm kernel. tf.train.adam runs about
 * fourteen kernels per variable (each a pass over the weights); this kernel
 * makes one pass and returns the new value and both new moments. It rounds every
 * intermediate to float32 in the same order as `AdamOptimizer.applyGradients`
 * (tfjs-core 4.22), so it gives the same bits as the stock update.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { adamModuleFor } from './wasmKernels.ts';
import { runOnWasmHeap, type WasmBackendMemory } from './wasmMemory.ts';

/** The registered name of the fused Adam update kernel. */
export const ADAM_UPDATE = 'NeocortexAdamUpdate';

/** Adam's hyper-parameters, as the optimizer holds them. */
export interface AdamHyperParameters {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const f32 = Math.fround;

/**
 * The update in TypeScript, for a backend memory adam.wat cannot link to: the
 * same operations and float32 roundings as adam.wat, one element at a time.
 * `scalars`: β₁, 1−β₁, β₂, 1−β₂, 1−β₁ᵗ, 1−β₂ᵗ, ε, −lr (each already float32).
 */
export function adamStepLoop(
  from: { w: Float32Array; m: Float32Array; v: Float32Array; g: Float32Array },
  to: { w: Float32Array; m: Float32Array; v: Float32Array },
  scalars: readonly [number, number, number, number, number, number, number, number],
): void {
  const [b1, c1, b2, c2, a1, a2, eps, step] = scalars;
  const { w, m, v, g } = from;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = f32(f32(m[i]! * b1) + f32(gi * c1));
    const vi = f32(f32(v[i]! * b2) + f32(f32(gi * gi) * c2));
    const ratio = f32(f32(mi / a1) / f32(f32(Math.sqrt(f32(vi / a2))) + eps));
    to.w[i] = f32(f32(ratio * step) + w[i]!);
    to.m[i] = mi;
    to.v[i] = vi;
  }
}

/** Whether the SIMD module may be used (tests turn it off to check the TypeScript loop). */
let simdAllowed = true;

/** Use adam.wat where it links (the default), or force the TypeScript loop. For tests. */
export function useSimdAdam(allowed: boolean): void {
  simdAllowed = allowed;
}

const adamUpdateKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, m, v, gradient, accBeta1, accBeta2 } = inputs as Record<string, TensorInfo>;
  const { learningRate, beta1, beta2, epsilon } = attrs as NamedAttrMap & AdamHyperParameters;
  const shape = value!.shape;
  for (const [name, t] of [
    ['m', m],
    ['v', v],
    ['gradient', gradient],
  ] as const) {
    if (t === undefined || t.shape.join() !== shape.join()) {
      throw new Error(`${ADAM_UPDATE}: ${name} must have the value's shape [${shape.join(', ')}]`);
    }
  }
  for (const t of [value!, m!, v!, gradient!]) {
    if (t.dtype !== 'float32')
      throw new Error(`${ADAM_UPDATE}: float32 tensors only, got ${t.dtype}`);
  }
  const wasm = backend as unknown as WasmBackendMemory;
  // The scalars exactly as the stock update makes them (JS numbers to float32 tensors).
  const [oneMinusAcc1, oneMinusAcc2] = [accBeta1!, accBeta2!].map((a) =>
    f32(1 - wasm.typedArrayFromHeap(a)[0]!),
  ) as [number, number];
  const scalars: Parameters<typeof adamStepLoop>[2] = [
    f32(beta1),
    f32(1 - beta1),
    f32(beta2),
    f32(1 - beta2),
    oneMinusAcc1,
    oneMinusAcc2,
    f32(epsilon),
    f32(-learningRate),
  ];
  const simd = simdAllowed ? adamModuleFor(backend) : undefined;
  if (simd !== undefined) {
    const outputs = [shape, shape, shape].map((s) => wasm.makeOutput(s, 'float32'));
    const offset = (t: TensorInfo): number => wasm.getMemoryOffset(t.dataId);
    simd.adam(
      offset(value!),
      offset(m!),
      offset(v!),
      offset(gradient!),
      ...(outputs.map(offset) as [number, number, number]),
      tf.util.sizeFromShape(shape),
      ...scalars,
    );
    return outputs;
  }
  return runOnWasmHeap(
    backend,
    [value!, m!, v!, gradient!],
    [shape, shape, shape],
    ([w, m0, v0, g], [wOut, mOut, vOut]) =>
      adamStepLoop({ w: w!, m: m0!, v: v0!, g: g! }, { w: wOut!, m: mOut!, v: vOut! }, scalars),
  );
};

/** Register the fused Adam kernel on the wasm backend. Idempotent. */
export function registerAdamKernel(): void {
  if (tf.getKernel(ADAM_UPDATE, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamUpdateKernel });
}

/** Whether the active backend has the fused Adam kernel. */
export function adamKernelAvailable(): boolean {
  return tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
}

/**
 * One Adam step of one variable in one kernel: the new value, first and second
 * moments. `accBeta1` and `accBeta2` are the running powers β₁ᵗ and β₂ᵗ (scalars).
 * Only where {@link adamKernelAvailable}.
 */
export function adamUpdate(
  tensors: {
    value: tf.Tensor;
    m: tf.Tensor;
    v: tf.Tensor;
    gradient: tf.Tensor;
    accBeta1: tf.Tensor;
    accBeta2: tf.Tensor;
  },
  hyper: AdamHyperParameters,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf
    .engine()
    .runKernel(
      ADAM_UPDATE,
      tensors as unknown as tf.NamedTensorMap,
      hyper as unknown as NamedAttrMap,
    ) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}
