import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { knownPixels, occlude } from '../../src/sim/session/occlusion.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec } from '../../src/sim/session/sessionSpec.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('occlusion in the live session: unknown, not blank', () => {
  it('settling does not see what lies under the occluder; without the mask it does', () => {
    const models = new SessionModels(SessionSpec.parse(tinySpec()), 784, 5);
    const image = tinyData().test.images.subarray(0, 784);
    const occlusion = { x: 0, y: 0, width: 14, height: 28 };
    const known = knownPixels(28, 28, occlusion);
    expect(known.reduce((a, b) => a + b, 0)).toBe(28 * 14);
    const blank = occlude(image, 28, 28, occlusion);
    const other = blank.slice();
    for (let i = 0; i < 784; i++) if (known[i] === 0) other[i] = 1;
    // The first iteration starts from a recognition sweep of the same (blank) guess, so the
    // traces may differ only through what the settle counts: with the mask, nothing hidden.
    const trace = (input: Float32Array, mask?: Float32Array) => {
      models.settle(blank, 1, 0.05, 'recognition', mask);
      return models.settle(input, 5, 0.05, 'current', mask).map((s) => s.freeEnergy);
    };
    expect(trace(other, known)).toEqual(trace(blank, known));
    expect(trace(other)).not.toEqual(trace(blank));
    models.dispose();
  });
});
