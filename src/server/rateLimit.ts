/** A token bucket: `perSecond` refill up to `burst`; each message takes one token. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new Error(`TokenBucket: need perSecond > 0 and burst >= 1`);
    }
    this.tokens = burst;
    this.last = now();
  }

  /** Take a token if one is left; false means the message is over the limit. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
