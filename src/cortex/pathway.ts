/**
 * A pathway connects two neighbouring areas. Direction is a field, not a class
 * (leabra's projection types): a `feedforward` pathway subscribes the upper area
 * to the lower area's `feedforward$`; a `feedback` pathway subscribes the lower
 * area to the upper area's `feedback$`. The pathway scales what it carries by
 * its gain, and a lesioned pathway carries nothing.
 */
import * as tf from '@tensorflow/tfjs';
import type { Subscription } from 'rxjs';
import type { Area } from './area.ts';
import type { PathwayKind, PathwaySpec } from './spec.ts';

/**
 * A pathway between two neighbouring areas: its kind (direction), gain and lesion switch. Built
 * by a hierarchy from a pathway spec.
 */
export class Pathway {
  readonly kind: PathwayKind;
  readonly from: Area;
  readonly to: Area;
  private currentGain: number;
  private isLesioned: boolean;
  private readonly subscription: Subscription;

  constructor(spec: PathwaySpec, from: Area, to: Area) {
    this.kind = spec.kind;
    this.from = from;
    this.to = to;
    this.currentGain = spec.gain;
    this.isLesioned = spec.lesioned;
    const source$ = spec.kind === 'feedforward' ? from.feedforward$ : from.feedback$;
    this.subscription = source$.subscribe((signal) => {
      const value = this.carry(signal.value);
      if (value !== undefined) to.receive(signal.kind, value);
    });
  }

  /** What this pathway delivers of `value`: scaled by its gain, or nothing when lesioned. */
  carry(value: tf.Tensor2D): tf.Tensor2D | undefined {
    if (this.isLesioned) return undefined;
    return this.currentGain === 1 ? value : tf.mul<tf.Tensor2D>(value, this.currentGain);
  }

  get id(): string {
    return `${this.from.name}->${this.to.name}`;
  }

  get gain(): number {
    return this.currentGain;
  }

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
    if (!Number.isFinite(gain)) throw new Error(`pathway ${this.id}: gain must be finite`);
    this.currentGain = gain;
  }

  /** The pathway as data, for saving a run's spec. */
  toSpec(): PathwaySpec {
    return {
      from: this.from.name,
      to: this.to.name,
      kind: this.kind,
      gain: this.currentGain,
      lesioned: this.isLesioned,
    };
  }

  /** Stop listening to the sending area (when the hierarchy is disposed). */
  disconnect(): void {
    this.subscription.unsubscribe();
  }
}
