/**
 * The Bernoulli negative log-likelihood −log p(x | logits) = Σ softplus(l) − x·l
 * per row as one wasm kernel, and its gradient with respect to the logits,
 * dy · (sigmoid(l) − x), as one more. The stock ops take softplus, multiply,
 * subtract and sum forward and about ten kernels backward.
 *
 * The forward kernel computes exp(−|l|) once per unit and gets both softplus(l)
 * and the residual sigmoid(l) − x from it; the residual is its second output,
 * kept for the backward kernel, which is then one multiply per unit.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { runOnWasmHeap } from './wasmMemory.ts';

/** The registered name of the fused Bernoulli negative log-likelihood kernel. */
export const BERNOULLI_NLL = 'NeocortexBernoulliNll';
/** The registered name of its gradient with respect to the logits. */
export const BERNOULLI_NLL_BACKWARD = 'NeocortexBernoulliNllBackward';

function checkShapes(logits: TensorInfo, x: TensorInfo, kernel: string): [number, number] {
  if (logits.shape.length !== 2 || logits.shape.join() !== x.shape.join()) {
    throw new Error(
      `${kernel}: logits [${logits.shape.join(', ')}] and x [${x.shape.join(', ')}] must be the same matrix shape`,
    );
  }
  return logits.shape as [number, number];
}

const nllKernel: KernelFunc = ({ inputs, backend }) => {
  const { logits, x } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = checkShapes(logits!, x!, BERNOULLI_NLL);
  return runOnWasmHeap(backend, [logits!, x!], [[rows], [rows, cols]], ([l, t], [out, res]) => {
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let i = r * cols, end = i + cols; i < end; i++) {
        const li = l![i]!;
        const ti = t![i]!;
        const e = Math.exp(-Math.abs(li));
        // softplus(l) = max(l, 0) + log1p(exp(−|l|)); sigmoid(l) from the same exp.
        sum += (li > 0 ? li : 0) + Math.log1p(e) - ti * li;
        res![i] = (li > 0 ? 1 : e) / (1 + e) - ti;
      }
      out![r] = sum;
    }
  });
};

/** dlogits = dy (per row) · (sigmoid(l) − x), from the forward kernel's residual. */
const nllBackwardKernel: KernelFunc = ({ inputs, backend }) => {
  const { dy, residual } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = residual!.shape as [number, number];
  if (dy!.shape.length !== 1 || dy!.shape[0] !== rows) {
    throw new Error(`${BERNOULLI_NLL_BACKWARD}: dy must have one value per row (${rows})`);
  }
  return runOnWasmHeap(backend, [dy!, residual!], [[rows, cols]], ([g, res], [out]) => {
    for (let r = 0; r < rows; r++) {
      const gr = g![r]!;
      for (let i = r * cols, end = i + cols; i < end; i++) out![i] = gr * res![i]!;
    }
  })[0]!;
};

let gradientRegistered = false;

/** Register the fused Bernoulli kernels on the wasm backend (and the gradient). Idempotent. */
export function registerBernoulliKernels(): void {
  if (tf.getKernel(BERNOULLI_NLL, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: BERNOULLI_NLL, backendName: 'wasm', kernelFunc: nllKernel });
  tf.registerKernel({
    kernelName: BERNOULLI_NLL_BACKWARD,
    backendName: 'wasm',
    kernelFunc: nllBackwardKernel,
  });
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: BERNOULLI_NLL,
    inputsToSave: ['logits'],
    outputsToSave: [false, true],
    // dys: [d per-row loss, d residual]; the residual is internal (never returned by the op).
    gradFunc: (dys, saved) => {
      const dy = (dys as tf.Tensor[])[0] as tf.Tensor1D;
      const [logits, residual] = saved as [tf.Tensor2D, tf.Tensor2D];
      return {
        logits: () =>
          tf
            .engine()
            .runKernel(BERNOULLI_NLL_BACKWARD, { dy, residual } as unknown as tf.NamedTensorMap),
        // Rarely needed (x is data): −l · dy, with plain ops.
        x: () => tf.mul(tf.neg(logits), tf.expandDims(dy, 1)),
      } as unknown as Record<string, () => tf.Tensor>;
    },
  });
}

/** Unregister the fused Bernoulli kernels. */
export function unregisterBernoulliKernels(): void {
  for (const name of [BERNOULLI_NLL, BERNOULLI_NLL_BACKWARD]) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
  }
}

/**
 * −log p(x | logits) for a Bernoulli likelihood, summed over units (one value per
 * row): softplus(l) − x·l. One fused kernel where the active backend has it;
 * otherwise the same formula in stock ops.
 */
export function fusedBernoulliNegLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  if (tf.getKernel(BERNOULLI_NLL, tf.getBackend()) !== undefined) {
    const [perRow, residual] = tf
      .engine()
      .runKernel(BERNOULLI_NLL, { logits, x } as unknown as tf.NamedTensorMap) as unknown as [
      tf.Tensor1D,
      tf.Tensor2D,
    ];
    residual.dispose(); // the gradient keeps its own reference
    return perRow;
  }
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1));
}
