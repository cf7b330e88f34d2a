/**
 * The Mutual Information Gap (Chen et al. 2018, "Isolating Sources of
 * Disentanglement in VAEs"): for each true factor v_k, the gap between the
 * largest and the second largest mutual information between v_k and a single
 * latent unit z_j, divided by the factor's entropy H(v_k); MIG is the mean
 * over factors. It is 1 when each factor is captured by one unit alone and 0
 * when a factor's information is spread evenly (or absent). Estimated, as
 * Locatello et al. (2019) do, from discretised posterior means.
 */
import { discretize } from './discretize.ts';
import { entropy, mutualInformation } from './mutualInformation.ts';

/** A true generative factor, sampled alongside the latents. */
export interface Factor {
  /** The factor's name (e.g. `slant`). */
  name: string;
  /** Its value for each sample. */
  values: ArrayLike<number>;
  /** Discrete (values are whole-number codes, e.g. a class) or continuous (binned). */
  discrete: boolean;
}

/** What {@link mutualInformationGap} measures: the MI matrix, entropies, gaps and MIG. */
export interface MigResult {
  /** The factors' names, in the rows' order. */
  factors: string[];
  /** I(v_k; z_j) in nats: one row per factor, one column per latent unit. */
  mutualInformation: number[][];
  /** H(v_k) in nats of each (discretised) factor. */
  factorEntropy: number[];
  /** Each factor's normalised gap, (I_first − I_second) / H(v_k). */
  gap: number[];
  /** The latent unit with the largest MI for each factor. */
  bestUnit: number[];
  /** The mean of the gaps over factors. */
  mig: number;
}

/** Options of {@link mutualInformationGap}. */
export interface MigOptions {
  /** Equal-width bins for each latent unit and each continuous factor; default 20. */
  bins?: number;
}

/**
 * MIG of `latents` (`count` samples of `units` posterior means, row-major)
 * against the true `factors` of the same samples. Latents and continuous
 * factors are cut into `bins` equal-width bins; discrete factors keep their
 * codes. Fewer than two units, a factor of another length, or a factor with
 * a single value (zero entropy: nothing to capture) is an error naming it.
 */
export function mutualInformationGap(
  latents: ArrayLike<number>,
  units: number,
  factors: readonly Factor[],
  options: MigOptions = {},
): MigResult {
  const bins = options.bins ?? 20;
  if (!Number.isInteger(units) || units < 2) {
    throw new Error(`MIG needs at least 2 latent units (a gap between two), got ${units}`);
  }
  const count = latents.length / units;
  if (!Number.isInteger(count) || count === 0) {
    throw new Error(
      `MIG: ${latents.length} latent values is not a whole number of ${units}-unit rows`,
    );
  }
  if (factors.length === 0) throw new Error('MIG: no factors');
  const unitCodes = Array.from({ length: units }, (_, j) => {
    const column = new Float64Array(count);
    for (let i = 0; i < count; i++) column[i] = latents[i * units + j]!;
    return discretize(column, bins);
  });
  const result: MigResult = {
    factors: [],
    mutualInformation: [],
    factorEntropy: [],
    gap: [],
    bestUnit: [],
    mig: 0,
  };
  for (const factor of factors) {
    if (factor.values.length !== count) {
      throw new Error(
        `MIG: factor "${factor.name}" has ${factor.values.length} values for ${count} latent rows`,
      );
    }
    const codes = factor.discrete ? factor.values : discretize(factor.values, bins);
    const h = entropy(codes);
    if (h === 0) {
      throw new Error(`MIG: factor "${factor.name}" takes one value only (zero entropy)`);
    }
    const mi = unitCodes.map((unit) => mutualInformation(codes, unit));
    const order = mi.map((_, j) => j).sort((x, y) => mi[y]! - mi[x]!);
    const gap = (mi[order[0]!]! - mi[order[1]!]!) / h;
    result.factors.push(factor.name);
    result.mutualInformation.push(mi);
    result.factorEntropy.push(h);
    result.gap.push(gap);
    result.bestUnit.push(order[0]!);
  }
  result.mig = result.gap.reduce((a, b) => a + b, 0) / result.gap.length;
  return result;
}
