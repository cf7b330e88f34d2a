/**
 * `startServer`'s own options are checked when it starts, each refused with a NeocortexError
 * (`OPTION_INVALID`) naming the values: a frame rate out of range, and a control rate a token
 * bucket cannot keep (before, that one was a plain Error thrown when the first viewer connected).
 */
import { describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { TokenBucket } from '../../src/server/rateLimit.ts';
import { startServer } from '../../src/server/server.ts';

/** What `startServer(options)` is refused with (it must be refused before making a session). */
async function refusal(options: Parameters<typeof startServer>[0]): Promise<Error> {
  const error: unknown = await startServer({ port: 0, logger: false, ...options }).then(
    async (server) => {
      await server.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
  return error as Error;
}

describe('startServer options', () => {
  it('refuses a control rate a token bucket cannot keep, naming it', async () => {
    expect((await refusal({ controlRate: { perSecond: 0, burst: 40 } })).message).toBe(
      'controlRate: need perSecond > 0 and burst >= 1, got perSecond 0, burst 40',
    );
    expect((await refusal({ controlRate: { perSecond: 5, burst: 0.5 } })).message).toMatch(
      /burst 0\.5$/,
    );
  });

  it('refuses a frame rate out of range', async () => {
    expect((await refusal({ frameRate: 0 })).message).toBe('frameRate must be in (0, 240], got 0');
  });

  it('a token bucket refuses the same rates itself', () => {
    expect(() => new TokenBucket(Number.NaN, 2)).toThrow(/need perSecond > 0/);
    expect(new TokenBucket(1, 1, () => 0).take()).toBe(true);
  });
});
