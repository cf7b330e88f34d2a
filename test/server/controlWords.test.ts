/**
 * A malformed control message is refused in the project's words (the same as every spec's):
 * what each field expects and what it got, the nearest action to a typo, each problem at its
 * path, and only a few problems however many values are wrong. Nothing reaches the session.
 */
import { describe, expect, it } from 'vitest';
import { handleControl } from '../../src/server/control.ts';
import { TokenBucket } from '../../src/server/rateLimit.ts';
import type { Session } from '../../src/sim/session/index.ts';

const token = 'secret';

/** The acknowledgement of `message`, sent with the right token to a session it must not reach. */
function ack(message: Record<string, unknown>) {
  const session = new Proxy({} as Session, {
    get: () => {
      throw new Error('a refused message reached the session');
    },
  });
  return handleControl(
    { session, token, limiter: new TokenBucket(1000, 1000) },
    { token, ...message },
  );
}

describe('control refusals in the project’s words', () => {
  it('names the field, what it expects and what it got', () => {
    expect(ack({ action: 'settle-auto-advance', enabled: 'false' })).toEqual({
      ok: false,
      error: 'invalid control message: enabled: expected true or false, got the string "false"',
    });
    expect(ack({ action: 'speed', ticksPerSecond: 500 })).toEqual({
      ok: false,
      error: 'invalid control message: ticksPerSecond: expected a number from 0.5 to 120, got 500',
    });
    expect(ack({ action: 'clamp', values: [0, null, 9] })).toEqual({
      ok: false,
      error: 'invalid control message: values[2]: expected a number from -4 to 4, got 9',
    });
  });

  it('suggests the action a typo meant, and names a field no action has', () => {
    const typo = ack({ action: 'pasue' });
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.error).toMatch(
      /^invalid control message: action: "pasue" is not an action \(did you mean "pause"\?\); choose one of play, pause, /,
    );
    const extra = ack({ action: 'pause', hold: 5 });
    expect(!extra.ok && extra.error).toMatch(/^invalid control message: hold: unknown field/);
  });

  it('names at most three problems, then how many more', () => {
    const pixels = Array.from({ length: 784 }, () => 2);
    const refused = ack({ action: 'input', pixels });
    expect(refused.ok).toBe(false);
    const error = refused.ok ? '' : refused.error;
    expect(error.split('; ')).toHaveLength(3);
    expect(error).toMatch(
      /^invalid control message: pixels\[0\]: expected a number from 0 to 1, got 2; /,
    );
    expect(error).toMatch(/ \(and 781 more\)$/);
  });
});
