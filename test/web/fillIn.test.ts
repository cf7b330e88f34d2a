import { describe, expect, it } from 'vitest';
import { filledIn, hidden } from '../../web/src/fillIn.ts';

describe('the page fills the hidden part in from the prediction', () => {
  const occlusion = { x: 1, y: 0, width: 2, height: 1 };

  it('knows which pixels the occluder hides', () => {
    // A 3x2 image: the occluder covers (1,0) and (2,0).
    expect([0, 1, 2, 3, 4, 5].map((i) => hidden(occlusion, 3, i))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(hidden(null, 3, 1)).toBe(false);
  });

  it('shows seen pixels as they are and hidden ones from the prediction', () => {
    const input = [10, 0, 0, 40, 50, 60];
    const prediction = [1, 2, 3, 4, 5, 6];
    expect(Array.from(filledIn(input, prediction, occlusion, 3))).toEqual([10, 2, 3, 40, 50, 60]);
    expect(Array.from(filledIn(input, prediction, null, 3))).toEqual(input);
  });
});
