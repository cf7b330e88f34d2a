/**
 * The words under the settle-mode free-energy trace: what the curve shows (a
 * claim the settle keeps: see src/cortex/settle.ts) and where the current run is.
 */

/** What the settle trace shows, in plain words; true of every run the page draws. */
export const settleTraceCaption =
  'A step that would raise the free energy is refused and retried at half the size, so for ' +
  'each input this curve never rises from one iteration to the next: it falls, or stays ' +
  'level where a step was refused.';

/** Where a settle run is, as the page knows it. */
export interface SettleProgress {
  /** The last iteration drawn (0 before the first). */
  iteration: number;
  /** Iterations of a run (the session spec's `settleIterations`). */
  iterations: number;
  autoAdvance: boolean;
  /** The input is a drawing (auto-advance does not leave it). */
  drawn: boolean;
}

/** One line on the run: settling, or settled and what comes next. */
export function settleTraceStatus({
  iteration,
  iterations,
  autoAdvance,
  drawn,
}: SettleProgress): string {
  if (iteration < iterations) return `Settling: iteration ${iteration} of ${iterations}.`;
  const settled = `Settled in ${iterations} iterations; `;
  if (drawn) return settled + 'your drawing stays until “Next test image”.';
  if (autoAdvance) return settled + 'auto-advance brings the next test image in a moment.';
  return settled + 'it stays on this input until “Next test image”.';
}
