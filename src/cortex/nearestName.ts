/**
 * "Did you mean ...?": the known name nearest a mistyped one, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours each cost 1;
 * the optimal string alignment distance), so `latnet` finds `latent` and `relu6`
 * finds `relu`. Used by the spec messages and the lookups of areas and pathways.
 */

/**
 * The number of single-character edits (insert, delete, substitute, swap two
 * neighbours) that turn `a` into `b`; case counts.
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  // Three rows of the table: two back (for swaps), one back and the current one.
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The name of `candidates` nearest `name`, if one is near enough to be a typo: at most a
 * third of `name`'s length in edits (at least one), ignoring case. Ties go to the first
 * candidate listed; `name` itself (exactly) is never suggested.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(Array.from(name).length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(wanted, candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "latent"?)` when a candidate is near `name`, else an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}
