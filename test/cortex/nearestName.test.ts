import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestName } from '../../src/cortex/nearestName.ts';

describe('edit distance', () => {
  it('counts inserts, deletes, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('latent', 'latent')).toBe(0);
    expect(editDistance('latnet', 'latent')).toBe(1); // n and e swapped
    expect(editDistance('relu6', 'relu')).toBe(1); // one deleted
    expect(editDistance('gian', 'gain')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
  });
});

describe('the nearest name', () => {
  const fields = ['latent', 'hidden', 'size', 'name'];

  it('finds the field a typo meant, ignoring case', () => {
    expect(nearestName('latnet', fields)).toBe('latent');
    expect(nearestName('Hidden', fields)).toBe('hidden');
    expect(nearestName('sise', fields)).toBe('size');
  });

  it('suggests nothing for a name far from every candidate, or the name itself', () => {
    expect(nearestName('colour', fields)).toBeUndefined();
    expect(
      nearestName(
        'x',
        ['y', 'z'].map((s) => s.repeat(3)),
      ),
    ).toBeUndefined();
    expect(nearestName('size', ['size'])).toBeUndefined();
  });

  it('prefers the nearest, then the first listed', () => {
    expect(nearestName('areasizes', ['areasize12', 'areasize'])).toBe('areasize');
    expect(nearestName('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('writes the suggestion for a message', () => {
    expect(didYouMean('latnet', fields)).toBe(' (did you mean "latent"?)');
    expect(didYouMean('colour', fields)).toBe('');
  });
});
