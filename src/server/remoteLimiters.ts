/**
 * The rate limits of viewers connected elsewhere (a relay's, whose controls come through
 * Redis): one token bucket per remote connection, as a socket here has its own, forgotten
 * after a while unused so a stream of new connections cannot grow the map without bound.
 */
import { TokenBucket } from './rateLimit.ts';

/** How long an unused remote connection's bucket is kept. */
const IDLE_MS = 60_000;
/** Remote connections remembered at most (the oldest is dropped past it). */
const MAX_CONNECTIONS = 10_000;

/** One token bucket per remote connection, with the live server's rate. */
export class RemoteLimiters {
  private readonly buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();

  /** @param rate - control messages per second per connection and the burst allowed */
  constructor(private readonly rate: { perSecond: number; burst: number }) {}

  /** The bucket of `connection` (made on first use). */
  of(connection: string): TokenBucket {
    const now = performance.now();
    let entry = this.buckets.get(connection);
    if (entry === undefined) {
      this.forget(now);
      entry = { bucket: new TokenBucket(this.rate.perSecond, this.rate.burst), usedAt: now };
    }
    // Re-inserted: the map stays in order of last use, the least recent first.
    this.buckets.delete(connection);
    entry.usedAt = now;
    this.buckets.set(connection, entry);
    return entry.bucket;
  }

  /** Remote connections remembered now. */
  get size(): number {
    return this.buckets.size;
  }

  private forget(now: number): void {
    for (const [connection, entry] of this.buckets) {
      if (now - entry.usedAt < IDLE_MS && this.buckets.size < MAX_CONNECTIONS) break;
      this.buckets.delete(connection);
    }
  }
}
