/**
 * Discretisation of a continuous variable into equal-width bins between its
 * smallest and largest value, as Chen et al. (2018) and Locatello et al.
 * (2019, `_histogram_discretize`) do before estimating mutual information.
 */

/**
 * The bin (0 .. bins − 1) of each value: `bins` equal-width bins spanning
 * [min, max] of `values`, the maximum in the last bin. A constant variable
 * falls in bin 0. Non-finite values and a `bins` below 1 are errors.
 */
export function discretize(values: ArrayLike<number>, bins: number): Int32Array {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`discretize: bins must be a whole number >= 1, got ${bins}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new Error(`discretize: value ${i} is ${v}, not a finite number`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const codes = new Int32Array(values.length);
  const width = (max - min) / bins;
  if (!(width > 0)) return codes;
  for (let i = 0; i < values.length; i++) {
    codes[i] = Math.min(bins - 1, Math.floor((values[i]! - min) / width));
  }
  return codes;
}
