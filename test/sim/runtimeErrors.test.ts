/**
 * The sim's own argument errors are NeocortexErrors with a code, like the cortex's: a probe of
 * no capacity, a runner at no speed, a projection of one dimension, curves averaged over zero
 * steps, a projection given too few values.
 */
import { describe, expect, it } from 'vitest';
import { isNeocortexError, type ErrorCode } from '../../src/errors.ts';
import { Probe } from '../../src/sim/probe.ts';
import { LatentProjection } from '../../src/sim/session/latentProjection.ts';
import { TickRunner } from '../../src/sim/session/tickRunner.ts';
import { CurveAccumulator } from '../../src/sim/session/training/curves.ts';

/** The message of the error `run` throws, checked to be of the family with `code`. */
function failure(run: () => unknown, code: ErrorCode): string {
  try {
    run();
  } catch (error) {
    expect(isNeocortexError(error, code), `${String(error)} has code ${code}`).toBe(true);
    return (error as Error).message;
  }
  throw new Error('nothing was thrown');
}

describe('sim argument errors', () => {
  it('have codes and say what they got', () => {
    expect(failure(() => new Probe(0), 'OPTION_INVALID')).toBe(
      'Probe: capacity must be a positive integer, got 0',
    );
    expect(
      failure(() => new TickRunner(() => {}, { speed: -1, playing: false }), 'OPTION_INVALID'),
    ).toBe('speed must be a positive number of ticks per second, got -1');
    failure(() => new LatentProjection(1, 0), 'OPTION_INVALID');
    failure(() => new CurveAccumulator(0), 'OPTION_INVALID');
    const projection = new LatentProjection(3, 0);
    expect(failure(() => projection.project(new Float32Array(2)), 'SHAPE_MISMATCH')).toBe(
      'LatentProjection: need 3 values, got 2',
    );
    failure(() => projection.observe([1]), 'SHAPE_MISMATCH');
  });
});
