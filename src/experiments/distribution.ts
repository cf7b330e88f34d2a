/**
 * Describing one sample of numbers (e.g. each image's distance to its nearest
 * training image): quantiles and a histogram over fixed bins.
 */

/**
 * The q-quantile of `values` (0 ≤ q ≤ 1), interpolating linearly between the
 * two nearest order statistics (R's type 7, numpy's default). NaN for no values.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (at - low) * (sorted[high]! - sorted[low]!);
}

/** The fraction of `values` strictly below `threshold` (NaN for no values). */
export function fractionBelow(values: ArrayLike<number>, threshold: number): number {
  if (values.length === 0) return Number.NaN;
  let below = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < threshold) below++;
  return below / values.length;
}

/** A histogram: `bins` equal bins from `min` to `max`, each bin's centre and its fraction of the values. */
export interface Histogram {
  /** The centre of each bin. */
  centres: number[];
  /** The fraction of the values in each bin (values outside [min, max] go to the end bins). */
  fractions: number[];
}

/**
 * Count `values` into `bins` equal bins spanning [min, max]; a value below min
 * or above max is counted in the first or last bin, so the fractions sum to 1.
 */
export function histogram(
  values: ArrayLike<number>,
  options: { min: number; max: number; bins: number },
): Histogram {
  const { min, max, bins } = options;
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`histogram: bins must be ≥ 1, got ${bins}`);
  if (!(max > min)) throw new RangeError(`histogram: max (${max}) must be above min (${min})`);
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.floor((values[i]! - min) / width);
    counts[Math.min(bins - 1, Math.max(0, bin))]! += 1;
  }
  return {
    centres: counts.map((_, b) => min + (b + 0.5) * width),
    fractions: counts.map((c) => (values.length > 0 ? c / values.length : 0)),
  };
}

/** How often each class 0..classes-1 occurs in `labels`, as fractions summing to 1. */
export function classFractions(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new RangeError(`classFractions: label ${c} at ${i} is outside 0..${classes - 1}`);
    }
    counts[c]! += 1;
  }
  return counts.map((n) => (labels.length > 0 ? n / labels.length : 0));
}

/** The entropy of a distribution given as fractions, in bits (log2 of the class count when uniform). */
export function entropyBits(fractions: readonly number[]): number {
  return -fractions.reduce((h, p) => (p > 0 ? h + p * Math.log2(p) : h), 0);
}
