/**
 * A pathway connects two areas and owns the weights between them (its map).
 * Direction is a field, not a class (leabra's projection types): a
 * `feedforward` pathway listens to its source's `feedforward$`, a `feedback`
 * one to its `feedback$`, a `lateral` one to its `lateral$`. What it carries
 * depends on the hierarchy: a predictive pathway turns the source's state into
 * a drive of its target's prediction, and carries the target's prediction
 * error back to the source as Jᵀe (the error each source must answer for); a
 * recognition pathway turns the source's state into a drive of its target's
 * first guess. The pathway scales all it carries by its gain; a lesioned
 * pathway carries nothing, either way.
 */
import * as tf from '@tensorflow/tfjs';
import type { Subscription } from 'rxjs';
import type { Area } from './area.ts';
import {
  applyMap,
  createMap,
  disposeMap,
  mapVariables,
  transposeJacobian,
  type CortexMap,
} from './maps.ts';
import type { Signal } from './signal.ts';
import type { PathwayKind, PathwaySpec } from './spec.ts';
import { NeocortexError } from '../errors.ts';

/** What a pathway carries: predictions (and their errors back), or amortized recognition. */
export type PathwayRole = 'prediction' | 'recognition';

/** The gradients of a pathway's weights under the local learning rule. */
export interface LocalGradient {
  variable: tf.Variable;
  gradient: tf.Tensor;
}

/**
 * The width of the drive a pathway of `role` delivers to `to`: a stochastic area's recognition
 * is a mean and a log-variance, and a prediction of an area whose precision is predicted is a
 * mean and a log-precision (2·size each); otherwise one value per unit.
 */
export function driveWidth(role: PathwayRole, to: Area): number {
  if (role === 'recognition') return to.spec.stochastic ? 2 * to.size : to.size;
  return to.predictionWidth;
}

/**
 * A pathway between two areas: its kind (direction), role, map (weights), gain and lesion
 * switch. Built by a hierarchy from a pathway spec.
 */
export class Pathway {
  readonly kind: PathwayKind;
  readonly role: PathwayRole;
  readonly from: Area;
  readonly to: Area;
  /** The weights: from the source's state to a drive of the target. */
  readonly map: CortexMap;
  /** The hidden layer sizes of the map as built (from the spec or the areas' defaults). */
  readonly hidden: readonly number[];
  private readonly specHidden: readonly number[] | undefined;
  private currentGain: number;
  private isLesioned: boolean;
  private readonly subscriptions: Subscription[] = [];
  /** The source state this tick's drive was made from (the presynaptic activity). */
  private carried: tf.Tensor2D | undefined;

  /**
   * @param spec - the pathway's description
   * @param from - the sending area
   * @param to - the receiving area
   * @param role - what it carries in its hierarchy
   * @param seed - seed of its initial weights
   */
  constructor(spec: PathwaySpec, from: Area, to: Area, role: PathwayRole, seed: number) {
    this.kind = spec.kind;
    this.role = role;
    this.from = from;
    this.to = to;
    this.currentGain = spec.gain;
    this.isLesioned = spec.lesioned;
    this.specHidden = spec.hidden;
    this.hidden =
      spec.hidden ??
      (spec.kind === 'feedforward'
        ? to.spec.recognitionHidden
        : spec.kind === 'feedback'
          ? from.spec.generativeHidden
          : []);
    this.map = createMap(from.size, this.hidden, driveWidth(role, to), seed);
    const source$ =
      spec.kind === 'feedforward'
        ? from.feedforward$
        : spec.kind === 'feedback'
          ? from.feedback$
          : from.lateral$;
    this.subscriptions.push(source$.subscribe((signal) => this.deliver(signal)));
    if (role === 'prediction') {
      this.subscriptions.push(to.predictionError$.subscribe((signal) => this.returnError(signal)));
    }
  }

  /** A signal from the source: turn the state it carries into a drive of the target. */
  private deliver(signal: Signal): void {
    if (signal.kind !== this.role || this.isLesioned) return;
    // A clamped area takes its clamp: a first guess of it would be computed for nothing.
    if (this.role === 'recognition' && this.to.clamped) return;
    this.carried = signal.value;
    this.to.receive(this.role, this.driveOf(signal.value));
  }

  /** The target's ascending error: carry Jᵀe back to the source, if this pathway predicted. */
  private returnError(signal: Signal): void {
    if (this.isLesioned || this.carried === undefined) return;
    const back = transposeJacobian(this.map, this.carried, signal.value);
    this.from.receive('predictionError', this.scaled(back));
  }

  /**
   * The drive this pathway delivers for a source state: gain · map(state) (the caller owns it).
   * A lesioned pathway delivers nothing (undefined).
   */
  driveFrom(state: tf.Tensor2D): tf.Tensor2D | undefined {
    return this.isLesioned ? undefined : this.driveOf(state);
  }

  private driveOf(state: tf.Tensor2D): tf.Tensor2D {
    return this.scaled(applyMap(this.map, state));
  }

  private scaled(value: tf.Tensor2D): tf.Tensor2D {
    return this.currentGain === 1 ? value : tf.mul<tf.Tensor2D>(value, this.currentGain);
  }

  /** The source state this tick's prediction was made from, if the pathway carried one. */
  get presynaptic(): tf.Tensor2D | undefined {
    return this.carried;
  }

  /** @internal Forget this tick's presynaptic state (the tick has ended). */
  endTick(): void {
    this.carried = undefined;
  }

  /**
   * The local learning rule's gradients of this pathway's weights (Rao and Ballard 1999;
   * Whittington and Bogacz 2017): from the presynaptic activity x it carried this tick and the
   * target's ascending error e only, ∂F/∂W = −gain · xᵀe / batch, the mean over the batch.
   * Nothing else in the hierarchy enters. Needs a map without hidden layers (a synapse joins
   * two areas) and a tick in which the pathway predicted.
   */
  localGradients(ascendingError: tf.Tensor2D): LocalGradient[] {
    if (this.map.hidden.length > 0) {
      throw new NeocortexError(
        'NOT_SUPPORTED',
        `pathway ${this.id}: local learning needs a map without hidden layers (it has ${this.map.hidden.join(', ')})`,
      );
    }
    const x = this.carried;
    if (x === undefined)
      throw new NeocortexError(
        'CALL_ORDER',
        `pathway ${this.id}: no presynaptic activity this tick`,
      );
    const batch = x.shape[0];
    const gradient = tf.mul(tf.matMul(x, ascendingError, true, false), -this.currentGain / batch);
    return [{ variable: this.map.weight, gradient }];
  }

  /** `from->to`: the pathway's name in messages and controls. */
  get id(): string {
    return `${this.from.name}->${this.to.name}`;
  }

  /** What multiplies every signal it carries. */
  get gain(): number {
    return this.currentGain;
  }

  /** Whether it is cut (carries nothing). */
  get lesioned(): boolean {
    return this.isLesioned;
  }

  /** Cut the pathway: from the next tick on it carries nothing. */
  lesion(): void {
    this.isLesioned = true;
  }

  /** Reconnect a lesioned pathway. */
  restore(): void {
    this.isLesioned = false;
  }

  /** Scale what this pathway carries by `gain` (a finite number). */
  setGain(gain: number): void {
    if (!Number.isFinite(gain))
      throw new NeocortexError(
        'OPTION_INVALID',
        `pathway ${this.id}: gain must be finite, got ${gain}`,
      );
    this.currentGain = gain;
  }

  /** The pathway's trainable weights. */
  variables(): tf.Variable[] {
    return mapVariables(this.map);
  }

  /** The pathway as data, for saving a run's spec. */
  toSpec(): PathwaySpec {
    return {
      from: this.from.name,
      to: this.to.name,
      kind: this.kind,
      gain: this.currentGain,
      lesioned: this.isLesioned,
      ...(this.specHidden !== undefined ? { hidden: [...this.specHidden] } : {}),
    };
  }

  /** Stop listening and free the weights (when the hierarchy is disposed). */
  dispose(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    disposeMap(this.map);
  }
}
