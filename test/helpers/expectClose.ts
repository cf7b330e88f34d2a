/** Assert two arrays agree elementwise to a relative tolerance (absolute below 1). */
export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 1e-5): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - b[i]!);
    if (!(diff <= tolerance * Math.max(1, Math.abs(b[i]!)))) {
      throw new Error(`index ${i}: ${a[i]} vs ${b[i]} (diff ${diff})`);
    }
  }
}
