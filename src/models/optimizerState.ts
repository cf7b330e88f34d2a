/**
 * Save and restore tf.train.adam's state exactly: its step count, first and
 * second moments, and the running powers of beta1 and beta2. `setWeights`
 * recomputes those powers with pow(), which differs in the last bits from the
 * running product training keeps, so they are saved and put back as they were.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from './checkpoint.ts';
import { NeocortexError } from '../errors.ts';

interface AdamInternals {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

function internals(optimizer: tf.AdamOptimizer): Required<AdamInternals> {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  if (accBeta1 === undefined || accBeta2 === undefined) {
    throw new NeocortexError(
      'NOT_SUPPORTED',
      'this version of tfjs keeps Adam state differently; cannot checkpoint it',
    );
  }
  return { accBeta1, accBeta2 };
}

export async function captureAdamState(optimizer: tf.AdamOptimizer): Promise<NamedArray[]> {
  const weights = await optimizer.getWeights();
  const { accBeta1, accBeta2 } = internals(optimizer);
  const arrays: NamedArray[] = weights.map((w, i) => ({
    name: i === 0 ? 'optimizer/iterations' : `optimizer/${i}`,
    shape: w.tensor.shape,
    values: Float32Array.from(w.tensor.dataSync()),
  }));
  arrays.push(
    { name: 'optimizer/accBeta1', shape: [], values: Float32Array.from(accBeta1.dataSync()) },
    { name: 'optimizer/accBeta2', shape: [], values: Float32Array.from(accBeta2.dataSync()) },
  );
  tf.dispose(weights[0]!.tensor); // the iteration count is a fresh scalar
  return arrays;
}

export async function restoreAdamState(
  optimizer: tf.AdamOptimizer,
  saved: Map<string, NamedArray>,
): Promise<void> {
  const iterations = saved.get('optimizer/iterations');
  if (iterations === undefined)
    throw new NeocortexError('CHECKPOINT_INVALID', 'checkpoint has no optimizer state');
  const moments: NamedArray[] = [];
  for (let i = 1; saved.has(`optimizer/${i}`); i++) moments.push(saved.get(`optimizer/${i}`)!);
  const tensors = [
    { name: 'iter', tensor: tf.scalar(iterations.values[0]!, 'int32') },
    ...moments.map((m) => ({ name: m.name, tensor: tf.tensor(m.values, m.shape) })),
  ];
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  const { accBeta1, accBeta2 } = internals(optimizer);
  accBeta1.assign(tf.scalar(saved.get('optimizer/accBeta1')!.values[0]!));
  accBeta2.assign(tf.scalar(saved.get('optimizer/accBeta2')!.values[0]!));
}

/**
 * The state of a training run's optimizer, to checkpoint: Adam's (see
 * {@link captureAdamState}); plain SGD keeps none. Any other optimizer is refused.
 */
export async function captureOptimizerState(optimizer: tf.Optimizer): Promise<NamedArray[]> {
  if (isAdam(optimizer)) return captureAdamState(optimizer);
  if (isPlainSgd(optimizer)) return [];
  throw new NeocortexError(
    'NOT_SUPPORTED',
    `cannot checkpoint a ${optimizer.getClassName()} optimizer (adam or sgd only)`,
  );
}

/** Put back what {@link captureOptimizerState} saved (nothing for plain SGD). */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  saved: Map<string, NamedArray>,
): Promise<void> {
  if (isAdam(optimizer)) return restoreAdamState(optimizer, saved);
  if (isPlainSgd(optimizer)) return;
  throw new NeocortexError(
    'NOT_SUPPORTED',
    `cannot restore a ${optimizer.getClassName()} optimizer (adam or sgd only)`,
  );
}

// tfjs optimizers answer `instanceof` by their methods (any optimizer is "an AdamOptimizer"),
// so they are told apart by their registered class names.

function isAdam(optimizer: tf.Optimizer): optimizer is tf.AdamOptimizer {
  return optimizer.getClassName() === tf.AdamOptimizer.className;
}

/** SGD without momentum: it has no state between steps. */
function isPlainSgd(optimizer: tf.Optimizer): boolean {
  return optimizer.getClassName() === tf.SGDOptimizer.className;
}
