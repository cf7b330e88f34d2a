/**
 * Probes: bounded recorders (emergent's NetView ring buffer per layer, Nengo's probes).
 * A probe keeps the last `capacity` items and counts what it overwrote, so a long run
 * never grows memory, and reading it never slows the simulation.
 */
import type { Observable, Subscription } from 'rxjs';
import type { ActivityKind, ActivitySnapshot } from '../cortex/activity.ts';
import { sampleEveryNthTick, selectSnapshots } from '../cortex/operators/index.ts';
import { NeocortexError } from '../errors.ts';

/** A ring buffer of the last `capacity` items recorded. */
export class Probe<T> {
  /** The most items the probe holds; older ones are overwritten. */
  readonly capacity: number;
  private items: T[] = [];
  /** Index of the oldest item once the buffer is full (0 until then). */
  private oldest = 0;
  private overwritten = 0;
  private failure: unknown = undefined;

  /** @param capacity - how many items to keep (a positive integer) */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `Probe: capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.capacity = capacity;
  }

  /** How many items the probe holds now (never more than `capacity`). */
  get size(): number {
    return this.items.length;
  }

  /** How many items were overwritten since construction or the last `clear()`. */
  get dropped(): number {
    return this.overwritten;
  }

  /** The error an attached source ended with, if one did. */
  get error(): unknown {
    return this.failure;
  }

  /** Keep `item`; when full, it replaces the oldest. */
  record(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.oldest] = item;
    this.oldest = (this.oldest + 1) % this.capacity;
    this.overwritten += 1;
  }

  /**
   * Record every value of `source$` until the returned subscription is unsubscribed
   * or the source ends. If the source errors, the probe keeps what it has and holds
   * the error in `error` (a recorder does not crash the run it records).
   */
  attach(source$: Observable<T>): Subscription {
    return source$.subscribe({
      next: (item) => this.record(item),
      error: (err: unknown) => {
        this.failure = err;
      },
    });
  }

  /** The items held, oldest first (a copy). */
  toArray(): T[] {
    return [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
  }

  /** The most recently recorded item, or undefined when empty. */
  latest(): T | undefined {
    const n = this.items.length;
    return n === 0 ? undefined : this.items[(this.oldest + n - 1) % n];
  }

  /** Forget all items, the dropped count and any error (attached sources keep feeding it). */
  clear(): void {
    this.items = [];
    this.oldest = 0;
    this.overwritten = 0;
    this.failure = undefined;
  }
}

/** What {@link probeActivity} records: how many snapshots, of which areas and kinds, how often. */
export interface ProbeActivityOptions {
  /** Snapshots to keep (the most recent ones). */
  capacity: number;
  /** Areas to record; omit for all. */
  areas?: readonly string[];
  /** Kinds to record; omit for all. */
  kinds?: readonly ActivityKind[];
  /** Record only ticks where tick % every === 0 (default 1: every tick). */
  every?: number;
}

/**
 * Attach a probe to a hierarchy's activity stream, recording the chosen areas and
 * kinds every `every` ticks. Options are checked before subscribing.
 */
export function probeActivity(
  activity$: Observable<ActivitySnapshot>,
  options: ProbeActivityOptions,
): { probe: Probe<ActivitySnapshot>; subscription: Subscription } {
  const probe = new Probe<ActivitySnapshot>(options.capacity);
  const selected$ = activity$.pipe(
    selectSnapshots({ areas: options.areas, kinds: options.kinds }),
    sampleEveryNthTick(options.every ?? 1),
  );
  return { probe, subscription: probe.attach(selected$) };
}
