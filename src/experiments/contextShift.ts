/**
 * The duck on the sofa, built from real data: each image is composited onto a
 * background texture whose kind is correlated with its class. With probability
 * `correlation` an image of class k lies on texture k (its own context),
 * otherwise on a texture of another class, drawn uniformly. Test sets:
 * in-context (the training rule), out-of-context (always another class's
 * texture, never the own one) and unseen (textures no training image had).
 * The object stays visible: pixel = max(object, intensity · texture).
 */
import type { ImageSet } from '../data/index.ts';
import { createRng, type Rng } from '../random/rng.ts';
import { CONTEXT_TEXTURES, renderTexture, UNSEEN_TEXTURES } from './textures.ts';

/**
 * Which textures a set's images lie on: `in-context` (the training rule: the
 * own class's texture with probability `correlation`, else another class's),
 * `out-of-context` (always another class's) or `unseen` (a texture no training
 * image had).
 */
export type ContextRule = 'in-context' | 'out-of-context' | 'unseen';

/** How {@link compositeOnTextures} places images on textures. */
export interface CompositeOptions {
  /** Probability that an image lies on its own class's texture (rule 'in-context'). */
  correlation: number;
  /** Which textures the images lie on. */
  rule: ContextRule;
  /** Seed of the texture choices and phases. */
  seed: number;
  /** Brightness of the texture under the object; default 0.4. */
  intensity?: number;
}

/** Images composited onto textures, with the texture each one got. */
export interface CompositeSet {
  /** The composited images (same labels and order as the base set). */
  set: ImageSet;
  /** The texture index of each image. */
  textures: Uint8Array;
}

function pickTexture(label: number, classes: number, options: CompositeOptions, rng: Rng): number {
  if (options.rule === 'unseen') return UNSEEN_TEXTURES[rng.int(UNSEEN_TEXTURES.length)]!;
  if (options.rule === 'in-context' && rng.uniform() < options.correlation) return label;
  // Another class's texture, uniformly: skip the own one.
  const other = rng.int(classes - 1);
  return other >= label ? other + 1 : other;
}

/**
 * Put every image of `base` on a background texture chosen by `options.rule`:
 * pixel = max(object, intensity · texture). The set must have square images and
 * at most {@link CONTEXT_TEXTURES} classes, and `correlation` must be in [0, 1].
 */
export function compositeOnTextures(base: ImageSet, options: CompositeOptions): CompositeSet {
  const classes = base.classNames.length;
  if (classes > CONTEXT_TEXTURES) {
    throw new Error(`context shift: ${classes} classes but only ${CONTEXT_TEXTURES} textures`);
  }
  if (!(options.correlation >= 0 && options.correlation <= 1)) {
    throw new RangeError(`correlation must be in [0, 1], got ${options.correlation}`);
  }
  if (base.height !== base.width) throw new Error('context shift: square images only');
  const intensity = options.intensity ?? 0.4;
  const rng = createRng(options.seed);
  const size = base.height;
  const pixels = size * size;
  const images = new Float32Array(base.count * pixels);
  const textures = new Uint8Array(base.count);
  const background = new Float32Array(pixels);
  for (let i = 0; i < base.count; i++) {
    const texture = pickTexture(base.labels[i]!, classes, options, rng);
    textures[i] = texture;
    renderTexture(texture, size, rng, background);
    for (let p = 0; p < pixels; p++) {
      images[i * pixels + p] = Math.max(base.images[i * pixels + p]!, intensity * background[p]!);
    }
  }
  return {
    set: { ...base, name: `${base.name} on textures (${options.rule})`, images },
    textures,
  };
}

/** Fraction of images that lie on their own class's texture. */
export function ownContextFraction(set: ImageSet, textures: Uint8Array): number {
  let own = 0;
  for (let i = 0; i < set.count; i++) if (textures[i] === set.labels[i]) own++;
  return set.count > 0 ? own / set.count : Number.NaN;
}
