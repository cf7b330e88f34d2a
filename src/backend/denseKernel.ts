/**
 * A dense layer y = act(x·W + b) as one wasm kernel with its own gradient.
 *
 * `tf.fused.matMul` fuses the bias and activation only outside gradient mode: while
 * training, a ReLU layer runs as matMul, add and relu, and its gradient as step,
 * cast, multiply, sum and several reshapes. Here the forward pass is one kernel:
 * the wasm `_FusedMatMul` (product and bias) and the ReLU on its output. The backward
 * pass is one kernel for the activation's derivative and the bias gradient plus
 * the two matMuls of the weights and the input, each computed only when needed.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { runOnWasmHeap, type WasmBackendMemory } from './wasmMemory.ts';

/** The registered name of the fused dense kernel. */
export const DENSE = 'NeocortexDense';
/** The registered name of the ReLU-derivative-and-bias-gradient kernel. */
export const RELU_DENSE_BACKWARD = 'NeocortexReluDenseBackward';

/** Activations the fused dense kernel computes (others take the stock path). */
export type FusedDenseActivation = 'linear' | 'relu';

const asBatch = (t: TensorInfo): TensorInfo => ({ ...t, shape: [1, ...t.shape] });

const denseKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, weight, bias } = inputs as Record<string, TensorInfo>;
  const fused = tf.getKernel('_FusedMatMul', 'wasm');
  if (fused === undefined) throw new Error(`${DENSE}: wasm _FusedMatMul is not registered`);
  if (x!.shape.length !== 2 || weight!.shape.length !== 2 || x!.shape[1] !== weight!.shape[0]) {
    throw new Error(
      `${DENSE}: x [${x!.shape.join(', ')}] and weight [${weight!.shape.join(', ')}] do not multiply`,
    );
  }
  // The wasm kernel takes rank-3 operands: views of the same memory with a batch of 1.
  // It adds the bias; the ReLU is applied here, in place on this kernel's own new
  // output, because XNNPACK's fused clamp turns NaN into 0 and a NaN must show.
  const out = fused.kernelFunc({
    inputs: { a: asBatch(x!), b: asBatch(weight!), bias: bias! },
    backend,
    attrs: { transposeA: false, transposeB: false, activation: 'linear' },
  }) as TensorInfo;
  const y = { ...out, shape: [x!.shape[0]!, weight!.shape[1]!] };
  if ((attrs as { activation: FusedDenseActivation }).activation === 'relu') {
    const values = (backend as unknown as WasmBackendMemory).typedArrayFromHeap(y);
    for (let i = 0; i < values.length; i++) if (values[i]! < 0) values[i] = 0; // NaN stays NaN
  }
  return y;
};

/** dz = dy · [y > 0] and the bias gradient Σ_rows dz, in one pass. */
const reluDenseBackwardKernel: KernelFunc = ({ inputs, backend }) => {
  const { dy, y } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = y!.shape as [number, number];
  return runOnWasmHeap(backend, [dy!, y!], [y!.shape, [cols]], ([g, act], [dz, db]) => {
    const sums = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) {
        const a = act![o + c]!;
        // dy · step(y), where step(NaN) is NaN as in the stock Step kernel
        const v = a > 0 ? g![o + c]! : Number.isNaN(a) ? Number.NaN : 0;
        dz![o + c] = v;
        sums[c]! += v;
      }
    }
    db!.set(sums);
  });
};

let gradientRegistered = false;

function registerDenseGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['x', 'weight'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, weight, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const activation = (attrs as { activation: FusedDenseActivation }).activation;
      let dz: tf.Tensor2D;
      let db: tf.Tensor1D;
      if (activation === 'relu') {
        [dz, db] = tf
          .engine()
          .runKernel(RELU_DENSE_BACKWARD, { dy, y } as unknown as tf.NamedTensorMap) as unknown as [
          tf.Tensor2D,
          tf.Tensor1D,
        ];
      } else {
        dz = dy as tf.Tensor2D;
        db = tf.sum(dz, 0);
      }
      return {
        x: () => tf.matMul(dz, weight, false, true),
        weight: () => tf.matMul(x, dz, true, false),
        bias: () => db,
      };
    },
  });
}

/** Register the fused dense kernels on the wasm backend (and the gradient). Idempotent. */
export function registerDenseKernels(): void {
  if (tf.getKernel(DENSE, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: DENSE, backendName: 'wasm', kernelFunc: denseKernel });
  tf.registerKernel({
    kernelName: RELU_DENSE_BACKWARD,
    backendName: 'wasm',
    kernelFunc: reluDenseBackwardKernel,
  });
  registerDenseGradient();
}

/** Unregister the fused dense kernels (the gradient stays registered; it is unused without them). */
export function unregisterDenseKernels(): void {
  for (const name of [DENSE, RELU_DENSE_BACKWARD]) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
  }
}

/**
 * A dense layer act(x·W + b): one fused kernel (and a fused gradient) where the
 * active backend has it and the activation is linear or ReLU; otherwise
 * `tf.fused.matMul`, the same arithmetic.
 */
export function fusedDense(
  x: tf.Tensor2D,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: 'linear' | 'relu' | 'sigmoid',
): tf.Tensor2D {
  if (
    (activation === 'linear' || activation === 'relu') &&
    tf.getKernel(DENSE, tf.getBackend()) !== undefined
  ) {
    return tf.engine().runKernel(
      DENSE,
      { x, weight, bias } as unknown as tf.NamedTensorMap,
      {
        activation,
      } as NamedAttrMap,
    ) as tf.Tensor2D;
  }
  return tf.fused.matMul({ a: x, b: weight, bias, activation }) as tf.Tensor2D;
}
