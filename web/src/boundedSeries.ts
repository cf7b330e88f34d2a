/**
 * The newest `capacity` items of a stream, in key order, without duplicates: the
 * page's memory for curve and latent points stays flat however long it runs.
 */
export class BoundedSeries<T> {
  private readonly values: T[] = [];

  constructor(
    readonly capacity: number,
    private readonly key: (item: T) => number,
  ) {}

  /** Append items newer than the newest held (older or repeated keys are ignored). */
  add(items: readonly T[]): boolean {
    let added = false;
    for (const item of items) {
      const last = this.values.at(-1);
      if (last !== undefined && this.key(item) <= this.key(last)) continue;
      this.values.push(item);
      added = true;
    }
    const excess = this.values.length - this.capacity;
    if (excess > 0) this.values.splice(0, excess);
    return added;
  }

  get items(): readonly T[] {
    return this.values;
  }

  get length(): number {
    return this.values.length;
  }

  clear(): void {
    this.values.length = 0;
  }
}
