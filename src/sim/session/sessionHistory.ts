/**
 * The bounded history a live session keeps for viewers: training-curve points
 * keyed by training step and latent-view points keyed by id, each in a ring
 * buffer (a Probe), so a late joiner starts with full pictures and a client
 * that skipped frames catches up on what it missed (up to the capacity).
 */
import type { CurvePoint, LatentPoint } from './vocabulary.ts';
import { Probe } from '../probe.ts';

/** Newest items whose key is above `after`, oldest first (at most the ring's capacity). */
function since<T>(probe: Probe<T>, key: (item: T) => number, after: number): T[] {
  const newest = probe.latest();
  if (newest === undefined || key(newest) <= after) return [];
  return probe.toArray().filter((item) => key(item) > after);
}

/**
 * What a session keeps for viewers who join late or fall behind: the recent
 * training-curve points and latent-view points, each in a bounded {@link Probe}.
 */
export class SessionHistory {
  /** The training curve, one point per recorded training step (the newest `curveCapacity`). */
  readonly curve: Probe<CurvePoint>;
  /** Points of the latent view, keyed by an increasing id (the newest `latentCapacity`). */
  readonly latent: Probe<LatentPoint>;
  /** Training restarted from scratch at least once: curve steps may go back. */
  private restarted = false;

  /**
   * @param curveCapacity - how many curve points to keep
   * @param latentCapacity - how many latent points to keep
   */
  constructor(curveCapacity: number, latentCapacity: number) {
    this.curve = new Probe<CurvePoint>(curveCapacity);
    this.latent = new Probe<LatentPoint>(latentCapacity);
  }

  /**
   * Curve points recorded after training step `step`. A `step` past the newest point is a
   * reader's place in a training run the session has since restarted from scratch (`clear`):
   * that reader gets every point of the new run.
   */
  curveSince(step: number): CurvePoint[] {
    if (this.restarted && step > this.lastCurveStep) return this.curve.toArray();
    return since(this.curve, (p) => p.step, step);
  }

  /**
   * Forget the training curve and the latent points (training restarted from scratch): the
   * new run's curve starts again at step 0; latent ids keep increasing.
   */
  clear(): void {
    this.curve.clear();
    this.latent.clear();
    this.restarted = true;
  }

  /** Latent points with an id above `id`. */
  latentSince(id: number): LatentPoint[] {
    return since(this.latent, (p) => p.id, id);
  }

  /** The key of the newest curve point (-1 when none). */
  get lastCurveStep(): number {
    return this.curve.latest()?.step ?? -1;
  }

  /** The id of the newest latent point (-1 when none). */
  get lastLatentId(): number {
    return this.latent.latest()?.id ?? -1;
  }
}
