/**
 * A synthetic data set with known generative factors: the letters A-E drawn
 * with random slant, size, stroke width and position. Because every factor is
 * recorded per image, it serves to ask what a model's latent code captures.
 */
import { createRng, permutation } from '../random/rng.ts';
import type { Rng } from '../random/rng.ts';
import { LETTER_CLASS_NAMES } from './letterGlyphs.ts';
import { renderLetterInto } from './letterRender.ts';
import type { LetterStyle } from './letterRender.ts';
import type { DatasetSplit, ImageSet } from './types.ts';
import { NeocortexError } from '../errors.ts';

export { LETTER_CLASS_NAMES } from './letterGlyphs.ts';

/** Per-image factors of a generated set, index i describing image i. */
export interface LetterFactors {
  /** Class index, 0 = A .. 4 = E (same as the labels). */
  letter: Uint8Array;
  slant: Float32Array;
  scale: Float32Array;
  strokeWidth: Float32Array;
  shiftX: Float32Array;
  shiftY: Float32Array;
}

/** The letter factors drawn from a continuous range. */
export type ContinuousFactor = Exclude<keyof LetterFactors, 'letter'>;

/** The ranges the continuous factors are drawn from, uniformly. */
export const LETTER_FACTOR_RANGES: Readonly<
  Record<ContinuousFactor, { min: number; max: number; unit: string }>
> = {
  slant: { min: -0.35, max: 0.35, unit: 'shear: x offset per letter height (> 0 leans right)' },
  scale: { min: 0.7, max: 1.1, unit: 'times the standard letter height (0.56 of the side)' },
  strokeWidth: { min: 1.2, max: 3.0, unit: 'pixels of a 28-pixel image' },
  shiftX: { min: -3, max: 3, unit: 'pixels of a 28-pixel image (> 0 = right)' },
  shiftY: { min: -3, max: 3, unit: 'pixels of a 28-pixel image (> 0 = down)' },
};

const CONTINUOUS: ContinuousFactor[] = ['slant', 'scale', 'strokeWidth', 'shiftX', 'shiftY'];

/** Options of {@link generateLetters}. */
export interface GenerateLettersOptions {
  count: number;
  seed: number;
  /** Image side in pixels; default 28. */
  size?: number;
}

/** Labels with each class count/classes times (±1), in random order. */
function balancedLabels(count: number, classes: number, rng: Rng): Uint8Array {
  const order = permutation(count, rng);
  const labels = new Uint8Array(count);
  order.forEach((target, i) => {
    labels[target] = i % classes;
  });
  return labels;
}

function drawFactor(name: ContinuousFactor, rng: Rng): number {
  const { min, max } = LETTER_FACTOR_RANGES[name];
  return min + (max - min) * rng.uniform();
}

function drawStyle(rng: Rng): LetterStyle {
  return {
    slant: drawFactor('slant', rng),
    scale: drawFactor('scale', rng),
    strokeWidth: drawFactor('strokeWidth', rng),
    shiftX: drawFactor('shiftX', rng),
    shiftY: drawFactor('shiftY', rng),
  };
}

/** `count` letter images with balanced classes and their recorded factors. */
export function generateLetters(options: GenerateLettersOptions): {
  set: ImageSet;
  factors: LetterFactors;
} {
  const { count, seed } = options;
  const size = options.size ?? 28;
  if (!Number.isInteger(count) || count < 0) {
    throw new NeocortexError('OPTION_INVALID', `count must be an integer >= 0, got ${count}`);
  }
  if (!Number.isInteger(size) || size < 8) {
    throw new NeocortexError('OPTION_INVALID', `size must be an integer >= 8, got ${size}`);
  }
  const rng = createRng(seed);
  const letter = balancedLabels(count, LETTER_CLASS_NAMES.length, rng.fork('labels'));
  const factorRng = rng.fork('factors');
  const factors: LetterFactors = {
    letter,
    slant: new Float32Array(count),
    scale: new Float32Array(count),
    strokeWidth: new Float32Array(count),
    shiftX: new Float32Array(count),
    shiftY: new Float32Array(count),
  };
  const pixels = size * size;
  const images = new Float32Array(count * pixels);
  letter.forEach((label, i) => {
    const style = drawStyle(factorRng);
    for (const name of CONTINUOUS) factors[name][i] = style[name];
    renderLetterInto(images, i * pixels, label, style, size);
  });
  const set: ImageSet = {
    name: 'letters',
    images,
    labels: letter.slice(),
    count,
    height: size,
    width: size,
    classNames: [...LETTER_CLASS_NAMES],
  };
  return { set, factors };
}

/** Options of {@link loadLetters}. */
export interface LoadLettersOptions {
  seed?: number;
  /** Default 10,000. */
  trainCount?: number;
  /** Default 2,000. */
  testCount?: number;
}

/** Train and test letter sets drawn from independent streams of one seed. */
export function loadLetters(options: LoadLettersOptions = {}): DatasetSplit {
  const seed = options.seed ?? 0;
  const trainSeed = createRng(seed).fork('train').uint32();
  const testSeed = createRng(seed).fork('test').uint32();
  return {
    name: 'letters',
    train: generateLetters({ count: options.trainCount ?? 10_000, seed: trainSeed }).set,
    test: generateLetters({ count: options.testCount ?? 2_000, seed: testSeed }).set,
    source: `synthetic letters A-E (seed ${seed})`,
  };
}
