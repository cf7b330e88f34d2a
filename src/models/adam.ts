/**
 * The Adam optimizer the training loops use: tf.train.adam's `AdamOptimizer`
 * (same state, same checkpoints, same results) whose update of each variable is
 * one fused kernel where the backend has it (wasm, see backend/adamKernel.ts),
 * instead of about fourteen. Elsewhere it is the stock update.
 */
import * as tf from '@tensorflow/tfjs';
import { adamKernelAvailable, adamUpdate } from '../backend/index.ts';
import { NeocortexError } from '../errors.ts';

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

/** The fields of tfjs-core 4.22's AdamOptimizer this update reads (private there). */
interface AdamFields {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (Moment | undefined)[];
  accumulatedSecondMoment: (Moment | undefined)[];
}

/** What `applyGradients` takes: gradients by variable name, as a map or a list. */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/** `AdamOptimizer` with a one-kernel-per-variable update where the backend allows. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** Apply one Adam step, exactly as `AdamOptimizer.applyGradients` does, in fewer kernels. */
  override applyGradients(variableGradients: VariableGradients): void {
    if (!adamKernelAvailable()) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamFields;
    const named = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients);
    const hyper = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
    tf.tidy(() => {
      named.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined)
          throw new NeocortexError('UNKNOWN_NAME', `Adam: no variable named ${name}`);
        // Moments are made on first use and indexed by position, as the stock optimizer does.
        self.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        self.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const m = self.accumulatedFirstMoment[i].variable;
        const v = self.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = adamUpdate(
          { value, m, v, gradient, accBeta1: self.accBeta1, accBeta2: self.accBeta2 },
          hyper,
        );
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, this.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/** Adam with tf.train.adam's defaults (β₁ 0.9, β₂ 0.999, the backend's ε). */
export function createAdam(learningRate: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, 0.9, 0.999);
}
