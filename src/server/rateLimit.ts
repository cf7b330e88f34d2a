import { NeocortexError } from '../errors.ts';

/**
 * Refuse a rate a token bucket cannot keep (`startServer`'s `controlRate`): a NeocortexError
 * (`OPTION_INVALID`) naming the values, so a bad option fails when the server starts, not when
 * the first viewer connects.
 */
export function checkRate(perSecond: number, burst: number): void {
  if (!(perSecond > 0) || !(burst >= 1)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `controlRate: need perSecond > 0 and burst >= 1, got perSecond ${perSecond}, burst ${burst}`,
    );
  }
}

/** A token bucket: `perSecond` refill up to `burst`; each message takes one token. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    checkRate(perSecond, burst);
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
