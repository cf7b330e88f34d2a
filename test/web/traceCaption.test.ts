import { describe, expect, it } from 'vitest';
import { settleTraceCaption, settleTraceStatus } from '../../web/src/traceCaption.ts';

describe('the settle trace caption', () => {
  const run = { iterations: 30, autoAdvance: false, drawn: false };

  it('claims only what the settle keeps: the curve never rises', () => {
    expect(settleTraceCaption).toMatch(/never rises from one iteration to the next/);
    expect(settleTraceCaption).not.toMatch(/always falls|keeps falling/);
  });

  it('says where the run is, then what comes after it', () => {
    expect(settleTraceStatus({ ...run, iteration: 0 })).toBe('Settling: iteration 0 of 30.');
    expect(settleTraceStatus({ ...run, iteration: 29 })).toBe('Settling: iteration 29 of 30.');
    expect(settleTraceStatus({ ...run, iteration: 30 })).toBe(
      'Settled in 30 iterations; it stays on this input until “Next test image”.',
    );
    expect(settleTraceStatus({ ...run, iteration: 30, autoAdvance: true })).toMatch(
      /auto-advance brings the next test image/,
    );
    // A drawing stays even with auto-advance on (the session holds it).
    expect(settleTraceStatus({ ...run, iteration: 30, autoAdvance: true, drawn: true })).toMatch(
      /your drawing stays/,
    );
  });
});
