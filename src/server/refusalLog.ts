/**
 * Warnings about refused control messages, rate-limited: the first refusal of
 * a quiet spell is logged as it comes; later ones in the same interval are
 * counted and told in one summary line when the interval ends (counts by
 * reason, number of connections). A flood of bad messages writes a few lines,
 * not one per message.
 */

/** Distinct reasons counted per interval at most; further ones count as "other". */
const MAX_REASONS = 16;
/** Distinct connections remembered per interval at most; the summary then says "at least". */
const MAX_CONNECTIONS = 10_000;

/** Collects refusals and writes at most two warning lines per interval. */
export class RefusalLog {
  private counts = new Map<string, number>();
  private connections = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param warn - writes one warning line
   * @param intervalMs - length of a counting interval (default 10 s)
   */
  constructor(
    private readonly warn: (message: string) => void,
    private readonly intervalMs = 10_000,
  ) {}

  /** A control message from connection `from` was refused for `reason`. */
  record(reason: string, from: string): void {
    if (this.timer === undefined) {
      this.warn(`control from ${from} refused: ${reason}`);
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
      return;
    }
    // Count by the reason's kind (the text before any detail), so the map stays small.
    const kind = reason.split(':')[0]!.slice(0, 80);
    const key = this.counts.has(kind) || this.counts.size < MAX_REASONS ? kind : 'other';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.connections.size < MAX_CONNECTIONS) this.connections.add(from);
  }

  /** Write the summary of the interval that ended, if anything was counted. */
  private flush(): void {
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const reasons = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${n} ${reason}`)
      .join('; ');
    this.warn(
      `${total} more control messages refused in ${this.intervalMs / 1000} s from ` +
        `${this.connections.size < MAX_CONNECTIONS ? '' : 'at least '}${this.connections.size} ` +
        `connection(s): ${reasons}`,
    );
    this.counts.clear();
    this.connections.clear();
    // Keep counting in a new interval: a flood still writes one line per interval.
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Write what is pending and stop the timer. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.flush();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
