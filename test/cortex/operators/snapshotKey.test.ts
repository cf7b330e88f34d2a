import { describe, expect, it } from 'vitest';
import { snapshotKey } from '../../../src/cortex/operators/snapshotKey.ts';
import { snapshot } from './fixtures.ts';

describe('snapshotKey', () => {
  it('names a snapshot stream by area and kind', () => {
    expect(snapshotKey(snapshot('v1', 'predictionError', 7))).toBe('v1/predictionError');
    expect(snapshotKey({ area: 'top', kind: 'state' })).toBe('top/state');
  });
});
