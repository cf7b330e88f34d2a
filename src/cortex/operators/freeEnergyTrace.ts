import { filter, scan } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { TickSummary } from '../activity.ts';

/** The free energy at one settling iteration. */
export interface FreeEnergyPoint {
  tick: number;
  iteration: number;
  freeEnergy: number;
}

type SettleSummary = TickSummary & { freeEnergy: number };

/**
 * The free-energy curve of the current settle call: for each `settle` summary that
 * carries a `freeEnergy`, emits a new array of all points of that call so far. A new
 * call starts (the trace restarts with this point) when the iteration is not greater
 * than the previous point's; `settle` numbers its iterations 1, 2, ..., so that is
 * iteration 1 after any later one (0-based numbering restarts the same way).
 * Summaries of other modes, or without `freeEnergy`, are ignored and emit nothing.
 * A NaN free energy is passed through as it is. Earlier emissions are never mutated.
 */
export function freeEnergyTrace(): OperatorFunction<TickSummary, readonly FreeEnergyPoint[]> {
  return (source) =>
    source.pipe(
      filter(
        (summary): summary is SettleSummary =>
          summary.mode === 'settle' && summary.freeEnergy !== undefined,
      ),
      scan((trace: readonly FreeEnergyPoint[], { tick, iteration, freeEnergy }: SettleSummary) => {
        const point = { tick, iteration, freeEnergy };
        const last = trace.at(-1);
        return last !== undefined && iteration > last.iteration ? [...trace, point] : [point];
      }, []),
    );
}
