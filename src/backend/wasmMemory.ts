/**
 * Kernels written in TypeScript over the wasm backend's own memory: a registered
 * kernel receives tensor infos, allocates its outputs on the wasm heap and reads
 * and writes Float32Array views of that heap, with no copy in or out. Used by the
 * project's fused kernels (Adam, dense, Bernoulli loss), each one kernel where
 * the stock ops take several.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

/** The parts of `BackendWasm` these kernels use (it exports no type for them). */
export interface WasmBackendMemory {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  incRef(dataId: object): void;
  disposeData(dataId: object): boolean;
  getMemoryOffset(dataId: object): number;
}

/**
 * Run `body` over float32 views of `inputs` and of new outputs of `outputShapes`,
 * all on the wasm heap. Every output is allocated before any view is taken: an
 * allocation may grow the heap, which detaches views taken earlier.
 */
export function runOnWasmHeap(
  backend: unknown,
  inputs: readonly TensorInfo[],
  outputShapes: readonly number[][],
  body: (ins: Float32Array[], outs: Float32Array[]) => void,
): TensorInfo[] {
  const wasm = backend as WasmBackendMemory;
  for (const input of inputs) {
    if (input.dtype !== 'float32') {
      throw new Error(`a fused wasm kernel needs float32 inputs, got ${input.dtype}`);
    }
  }
  const outputs = outputShapes.map((shape) => wasm.makeOutput(shape, 'float32'));
  body(
    inputs.map((i) => wasm.typedArrayFromHeap(i)),
    outputs.map((o) => wasm.typedArrayFromHeap(o)),
  );
  return outputs;
}

/**
 * Copy a float32 tensor's values into `out` at `offset`: on wasm straight from
 * the backend's heap (no intermediate array), elsewhere through `dataSync`.
 */
export function copyTensorInto(
  tensor: { dataId: object; shape: number[]; dtype: string; size: number },
  out: Float32Array,
  offset: number,
): void {
  if (tensor.dtype !== 'float32') throw new Error(`copyTensorInto: a ${tensor.dtype} tensor`);
  const backend = tf.backend() as unknown as Partial<WasmBackendMemory> & {
    dataSync?: unknown;
  };
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') {
    out.set(backend.typedArrayFromHeap(tensor as unknown as TensorInfo), offset);
    return;
  }
  out.set(tf.engine().readSync(tensor.dataId) as Float32Array, offset);
}
