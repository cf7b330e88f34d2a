import { filter } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { NeocortexError } from '../../errors.ts';

/**
 * Probe-style sampling (Nengo's `sample_every`): passes values only from ticks where
 * `tick % n === 0`. Works on anything with a `tick` (snapshots, tick summaries).
 * Throws at once, not at the first value, when `n` is not a positive integer.
 */
export function sampleEveryNthTick<T extends { readonly tick: number }>(
  n: number,
): MonoTypeOperatorFunction<T> {
  if (!Number.isInteger(n) || n < 1) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `sampleEveryNthTick: n must be a positive integer, got ${n}`,
    );
  }
  return filter((value: T) => value.tick % n === 0);
}
