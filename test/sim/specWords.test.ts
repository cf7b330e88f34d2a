/**
 * A session spec speaks the same words as every other spec: what each field expects and what
 * it got, the choices, and the field an unknown one was meant to be.
 */
import { describe, expect, it } from 'vitest';
import { sessionSpecProblems } from './sessionFixture.ts';

/** Phrases of zod's own messages, which no problem may contain. */
const zodWords =
  /Too small|Too big|Invalid (input|option|discriminator|string)|Unrecognized key|received/;

describe('a session spec with mistakes', () => {
  it('is refused one line a problem, in the project words', () => {
    const problems = sessionSpecProblems({
      classifier: { kind: 'pcx' },
      batchSize: 0,
      speed: 500,
      training: 'thread',
      playng: false,
      seed: '7',
    });
    const at = (path: string) => problems.find((p) => p.startsWith(`${path}: `));
    expect(problems).toHaveLength(6);
    expect(at('speed')).toBe('speed: expected a number from 0.5 to 120, got 500');
    expect(at('training')).toBe('training: "thread" is not one of inline, worker');
    expect(at('playng')).toBe('playng: unknown field (did you mean "playing"?)');
    // Bounds of their own: the words say the range and what was given.
    expect(at('batchSize')).toMatch(
      /^batchSize: expected a whole number (from|of at least) 1.*, got 0$/,
    );
    expect(at('seed')).toMatch(
      /^seed: expected a whole number (from|of at least) 0.*, got the string "7"$/,
    );
    expect(at('classifier.kind')).toMatch(/"pcx"/);
    expect(problems.filter((p) => zodWords.test(p))).toEqual([]);
  });
});
