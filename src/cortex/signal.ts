/**
 * A signal passing along a pathway. Signals carry live tensors and exist only
 * within a tick: the hierarchy's tick scope frees them when the tick ends.
 * Viewers never see signals; they see `ActivitySnapshot` copies.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TickMode } from './activity.ts';

/** What a signal carries between areas. */
export type SignalKind = 'recognition' | 'prediction' | 'predictionError' | 'state';

/**
 * One message on an area's stream: what the area sends to its neighbours in one phase of a
 * tick.
 */
export interface Signal {
  tick: number;
  mode: TickMode;
  iteration: number;
  /** The sending area. */
  from: string;
  kind: SignalKind;
  /** Shape `[batch, n]`: a state (recognition), a prediction drive, or a bottom-up error. */
  value: tf.Tensor2D;
}
