import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/backend/select.ts';
import { parseHierarchySpec, SpecError } from '../src/cortex/spec.ts';
import { DataError } from '../src/data/types.ts';
import { errorCodes, isNeocortexError, NeocortexError } from '../src/errors.ts';
import { CheckpointError } from '../src/models/checkpoint.ts';
import { NonFiniteLossError } from '../src/models/epochLoop.ts';

describe('the error family', () => {
  it('gives every library error a stable code and its own class name', () => {
    const cases: [Error, string, string][] = [
      [new SpecError('x'), 'SPEC_INVALID', 'SpecError'],
      [new BackendError('x'), 'BACKEND_UNAVAILABLE', 'BackendError'],
      [new DataError('f.idx', 'truncated'), 'DATA_INVALID', 'DataError'],
      [new CheckpointError('c.bin', 'bad checksum'), 'CHECKPOINT_INVALID', 'CheckpointError'],
      [new NonFiniteLossError('NaN at batch 3'), 'NON_FINITE_LOSS', 'NonFiniteLossError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(NeocortexError);
      expect(isNeocortexError(error, code as never)).toBe(true);
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: ${error.message}`);
    }
    expect(isNeocortexError(new Error('plain'))).toBe(false);
    expect(isNeocortexError(new SpecError('x'), 'DATA_INVALID')).toBe(false);
  });

  it('has one stable code per kind of problem, the runtime ones among them', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    for (const code of errorCodes) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    expect(errorCodes).toEqual(
      expect.arrayContaining([
        'SHAPE_MISMATCH',
        'UNKNOWN_NAME',
        'CALL_ORDER',
        'DISPOSED',
        'NOT_SUPPORTED',
        'OPTION_INVALID',
      ]),
    );
  });

  it('is what a bad spec throws, so callers catch by code', () => {
    let caught: unknown;
    try {
      parseHierarchySpec({ areas: [], pathways: [] });
    } catch (error) {
      caught = error;
    }
    expect(isNeocortexError(caught, 'SPEC_INVALID')).toBe(true);
  });
});
