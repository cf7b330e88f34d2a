/**
 * The 2-D latent view: each recognised test image's top-area mean, projected
 * to a point (stable ids for keyed joins) and kept in the session's bounded
 * history for late joiners.
 */
import { LatentProjection } from './latentProjection.ts';
import type { SessionHistory } from './sessionHistory.ts';
import type { LatentPoint } from './vocabulary.ts';

/** Projects top-area means to points of the latent view and records them. */
export class LatentView {
  private readonly projection: LatentProjection;
  private nextId = 0;

  /**
   * @param topSize - units in the top area
   * @param seed - the session seed (the projection's)
   * @param history - where the points are kept for late joiners
   */
  constructor(
    private readonly topSize: number,
    seed: number,
    private readonly history: SessionHistory,
  ) {
    this.projection = new LatentProjection(Math.max(2, topSize), seed);
  }

  /** One point per row of `means` (rows of `topSize`), labelled by `labels`. */
  record(means: Float32Array, labels: readonly number[]): LatentPoint[] {
    const size = this.topSize;
    return labels.map((label, k) => {
      const row = means.subarray(k * size, (k + 1) * size);
      const [x, y] = size >= 2 ? this.projection.observe(row) : [row[0]!, 0];
      const point: LatentPoint = { id: this.nextId++, x, y, label };
      this.history.latent.record(point);
      return point;
    });
  }
}
