/**
 * Every error a user of a hierarchy can meet is a NeocortexError with a code: an input of the
 * wrong shape, a name the hierarchy does not have (with the nearest one), a call before the one
 * it needs, an operation the hierarchy cannot do, a bad option, a use after dispose. And
 * `settle(x)` needs no options.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, settleDefaults, type Hierarchy } from '../../src/cortex/index.ts';
import { isNeocortexError, type ErrorCode } from '../../src/errors.ts';
import { binaryInput, smallSpec } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const built: Hierarchy[] = [];
afterEach(() => {
  while (built.length > 0) built.pop()!.dispose();
});

function hierarchy(): Hierarchy {
  const h = buildHierarchy(smallSpec());
  built.push(h);
  return h;
}

/** The error `run` throws, checked to be of the family with `code`; its message. */
function failure(run: () => unknown, code: ErrorCode): string {
  try {
    run();
  } catch (error) {
    expect(isNeocortexError(error, code), `${String(error)} has code ${code}`).toBe(true);
    return (error as Error).message;
  }
  throw new Error('nothing was thrown');
}

describe('settle without options', () => {
  it('runs the documented defaults: 20 iterations of step 0.1 from a recognition sweep', () => {
    expect(settleDefaults).toEqual({ iterations: 20, stepSize: 0.1 });
    const x = binaryInput(2, 6, 1);
    const plain = hierarchy().settle(x);
    const explicit = hierarchy().settle(x, { iterations: 20, stepSize: 0.1 });
    expect(plain.freeEnergy).toHaveLength(20);
    expect(plain.freeEnergy).toEqual(explicit.freeEnergy);
    // A settle descends: the free energy at the end is below the recognition's.
    expect(plain.freeEnergy.at(-1)!).toBeLessThan(plain.freeEnergy[0]!);
    x.dispose();
  });

  it('refuses options out of range with OPTION_INVALID', () => {
    const h = hierarchy();
    expect(failure(() => h.settle([[0, 1, 0, 1, 0, 1]], { iterations: 0 }), 'OPTION_INVALID')).toBe(
      'settle: iterations must be a positive whole number, got 0',
    );
    failure(() => h.settle([[0, 1, 0, 1, 0, 1]], { stepSize: -1 }), 'OPTION_INVALID');
    failure(() => h.setGain('top', 'middle', Number.NaN), 'OPTION_INVALID');
  });
});

describe('runtime errors have codes', () => {
  it('an input of the wrong shape is SHAPE_MISMATCH, naming the shape expected', () => {
    const h = hierarchy();
    const wrong = tf.zeros([2, 10]) as tf.Tensor2D;
    expect(failure(() => h.recognize(wrong), 'SHAPE_MISMATCH')).toBe(
      'input: expected shape [batch, 6], got [2, 10]',
    );
    wrong.dispose();
    expect(failure(() => h.settle([1, 2, 3, 4]), 'SHAPE_MISMATCH')).toBe(
      'input: 4 values is not a whole number of rows of 6',
    );
    expect(failure(() => h.recognize([[1, 2, 3, 4, 5, 6], [1]]), 'SHAPE_MISMATCH')).toBe(
      'input: every row needs 6 values; row 1 has 1',
    );
    failure(() => h.recognize(undefined as never), 'SHAPE_MISMATCH');
    failure(() => h.clamp('top', [1, 2]), 'SHAPE_MISMATCH');
    failure(() => h.occlude([1, 0, 1]), 'SHAPE_MISMATCH');
  });

  it('an unknown area or pathway is UNKNOWN_NAME, with the names and the nearest one', () => {
    const h = hierarchy();
    expect(failure(() => h.clamp('tpo', [1, 2, 3]), 'UNKNOWN_NAME')).toBe(
      'no area "tpo" (did you mean "top"?); areas: sensory, middle, top',
    );
    expect(failure(() => h.readState('v1'), 'UNKNOWN_NAME')).toBe(
      'no area "v1"; areas: sensory, middle, top',
    );
    expect(failure(() => h.lesion('top', 'midle'), 'UNKNOWN_NAME')).toMatch(
      /^no pathway top->midle \(did you mean "top->middle"\?\); pathways: /,
    );
    failure(() => h.restore('sensory', 'top'), 'UNKNOWN_NAME');
  });

  it('a call before the one it needs is CALL_ORDER', () => {
    const h = hierarchy();
    const optimizer = tf.train.sgd(0.1);
    failure(() => h.learn({ optimizer }), 'CALL_ORDER');
    failure(() => h.freeEnergy(), 'CALL_ORDER');
    failure(() => h.readState('top'), 'CALL_ORDER');
    failure(() => h.settle([[0, 1, 0, 1, 0, 1]], { continueFrom: 'current' }), 'CALL_ORDER');
    optimizer.dispose();
  });

  it('an operation the hierarchy cannot do is NOT_SUPPORTED', () => {
    const areas = [
      { name: 'image', size: 4, prior: 'none' as const },
      { name: 'label', size: 2 },
    ];
    const up = buildHierarchy({
      areas,
      pathways: [{ from: 'image', to: 'label', kind: 'feedforward' }],
      predictions: 'up',
    });
    built.push(up);
    expect(failure(() => up.generate(), 'NOT_SUPPORTED')).toMatch(/predicts upward/);
  });

  it('any use after dispose is DISPOSED, and a second dispose does nothing', () => {
    const h = buildHierarchy(smallSpec());
    h.dispose();
    h.dispose();
    const message = failure(() => h.recognize([[0, 1, 0, 1, 0, 1]]), 'DISPOSED');
    expect(message).toBe(
      'input: this hierarchy was disposed (its weights are freed); build a new one',
    );
    failure(() => h.settle([[0, 1, 0, 1, 0, 1]]), 'DISPOSED');
    failure(() => h.generate(), 'DISPOSED');
    failure(() => h.clamp('top', [1, 2, 3]), 'DISPOSED');
    failure(() => h.lesion('top', 'middle'), 'DISPOSED');
  });
});
