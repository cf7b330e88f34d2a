/**
 * Live training curves: batch losses averaged over `every` training steps into
 * one point (-ELBO with its reconstruction and KL parts, classifier accuracy).
 */
import type { CurvePoint } from '../vocabulary.ts';
import { NeocortexError } from '../../../errors.ts';

export interface TrainStepLosses {
  negElbo: number;
  reconstruction: number;
  kl: number;
  /** Fraction of the classifier's batch it got right. */
  accuracy: number;
  /** The classifier's mean cross-entropy (nats). */
  crossEntropy: number;
}

export class CurveAccumulator {
  private sums = { negElbo: 0, reconstruction: 0, kl: 0, accuracy: 0 };
  private count = 0;

  constructor(readonly every: number) {
    if (!Number.isInteger(every) || every < 1) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `CurveAccumulator: every must be a positive integer, got ${every}`,
      );
    }
  }

  /** Add one step's losses; every `every` steps, the mean of the last ones as a point. */
  add(losses: TrainStepLosses, step: number, epoch: number): CurvePoint | undefined {
    this.sums.negElbo += losses.negElbo;
    this.sums.reconstruction += losses.reconstruction;
    this.sums.kl += losses.kl;
    this.sums.accuracy += losses.accuracy;
    this.count += 1;
    if (this.count < this.every) return undefined;
    const n = this.count;
    const point: CurvePoint = {
      step,
      epoch,
      negElbo: this.sums.negElbo / n,
      reconstruction: this.sums.reconstruction / n,
      kl: this.sums.kl / n,
      accuracy: this.sums.accuracy / n,
    };
    this.sums = { negElbo: 0, reconstruction: 0, kl: 0, accuracy: 0 };
    this.count = 0;
    return point;
  }
}
