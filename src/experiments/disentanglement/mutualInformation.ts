/**
 * Plug-in estimates, in nats, of the entropy of a discrete variable and the
 * mutual information between two, from their empirical joint histogram (what
 * scikit-learn's `mutual_info_score` computes, and what Chen et al. 2018 and
 * Locatello et al. 2019 use for MIG on discretised latents).
 */

/** Counts of each code of a discrete variable (codes are whole numbers >= 0). */
function countCodes(codes: ArrayLike<number>, what: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!Number.isInteger(c) || c < 0) {
      throw new Error(`${what}: code ${i} is ${c}, not a whole number >= 0`);
    }
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

/** H(a) = −Σ p(a) ln p(a) in nats, from the codes' frequencies; an empty variable is an error. */
export function entropy(codes: ArrayLike<number>): number {
  if (codes.length === 0) throw new Error('entropy: no samples');
  const n = codes.length;
  let h = 0;
  for (const count of countCodes(codes, 'entropy').values()) h -= (count / n) * Math.log(count / n);
  return h;
}

/**
 * I(a; b) = Σ p(a, b) ln[p(a, b) / (p(a) p(b))] in nats, from the joint
 * frequencies of two discrete variables sampled together (`a[i]` with `b[i]`).
 * Variables of different lengths, or none, are an error.
 */
export function mutualInformation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new Error(`mutualInformation: ${a.length} samples of a but ${b.length} of b`);
  }
  if (a.length === 0) throw new Error('mutualInformation: no samples');
  const n = a.length;
  const pa = countCodes(a, 'mutualInformation (a)');
  const pb = countCodes(b, 'mutualInformation (b)');
  const joint = new Map<string, { a: number; b: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    const cell = joint.get(key);
    if (cell === undefined) joint.set(key, { a: a[i]!, b: b[i]!, count: 1 });
    else cell.count += 1;
  }
  let mi = 0;
  for (const cell of joint.values()) {
    const pab = cell.count / n;
    mi += pab * Math.log((cell.count * n) / (pa.get(cell.a)! * pb.get(cell.b)!));
  }
  // Rounding can leave −1e-17 for independent variables; MI is never negative.
  return Math.max(0, mi);
}
