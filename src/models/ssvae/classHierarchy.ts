/**
 * The ssvae's class area as a cortex description (M2 of Kingma et al. 2014, stacked on M1):
 * its data area `z1` (the lower pcvae's z1 samples), a categorical area `y` (the class,
 * uniform prior) and a stochastic Gaussian area `z2` (the style, N(0, I) prior). `y` and `z2`
 * predict `z1` through a deterministic relu area `yz2` that joins them (one network on the
 * pair, so class and style interact, as in M2); `z1` recognizes `y`, and `z1` and `y`, joined
 * in the relu area `yz1`, recognize `z2`.
 */
import type { HierarchySpecInput } from '../../cortex/index.ts';

import type { ClassAreaKind, ClassAreaSizes } from './classAreaModel.ts';

/** The names of the class hierarchy's areas: its data `z1`, the class `y`, the style `z2`. */
export const classAreaNames = {
  below: 'z1',
  label: 'y',
  style: 'z2',
  /** y and z1 joined: the hidden layer of q(z2 | z1, y). */
  recognitionJoint: 'yz1',
  /** y and z2 joined: the hidden layer of p(z1 | y, z2), a deterministic area. */
  generativeJoint: 'yz2',
} as const;

/**
 * Which change of the class area a checkpoint of its training must have been made with: the
 * class area built from cortex areas (issue 12). Class-stage checkpoints from before it (the
 * class area's own dense layers) hold other weights and are refused by their config.
 */
export const CLASS_AREA_FORM =
  'cortex areas y (categorical) and z2 (stochastic) predict z1 and its precision through a deterministic joint area';

/**
 * What a class-stage checkpoint's config and an experiment's cell record of the class area:
 * nothing for the dense one (as every run before the cortex class area wrote them, so those
 * are still resumed and reused), {@link CLASS_AREA_FORM} for the cortex one.
 */
export function classAreaForm(kind: ClassAreaKind): { classArea?: string } {
  return kind === 'cortex' ? { classArea: CLASS_AREA_FORM } : {};
}

/**
 * The class hierarchy: z1 (Gaussian, its precision predicted per unit and image with its mean:
 * p(z1 | y, z2) = N(μ, 1/π), both from yz2), y (categorical), z2 (stochastic) and two joint relu areas of
 * `hidden` units. Recognition: z1->y through a relu hidden layer (the classifier), z1->yz1
 * and y->yz1 (their drives sum before the relu: one layer on the joined pair), yz1->z2.
 * Predictions: y->yz2 and z2->yz2 into the deterministic yz2, then yz2->z1. Written as dense
 * layers this is M2's three networks; the joint areas are what lets class and style interact.
 */
export function classHierarchySpec(sizes: ClassAreaSizes, seed: number): HierarchySpecInput {
  const { below, label, style, recognitionJoint, generativeJoint } = classAreaNames;
  const direct: number[] = [];
  return {
    areas: [
      { name: below, size: sizes.below, precision: 'predicted' },
      { name: label, size: sizes.classes, likelihood: 'categorical' },
      // Only a step of recognition: no pathway predicts it and it has no prior of its own.
      { name: recognitionJoint, size: sizes.hidden, activation: 'relu', prior: 'none' },
      { name: generativeJoint, size: sizes.hidden, activation: 'relu', deterministic: true },
      { name: style, size: sizes.style, stochastic: true },
    ],
    pathways: [
      { from: below, to: label, kind: 'feedforward', hidden: [sizes.hidden] },
      { from: below, to: recognitionJoint, kind: 'feedforward', hidden: direct },
      { from: label, to: recognitionJoint, kind: 'feedforward', hidden: direct },
      { from: recognitionJoint, to: style, kind: 'feedforward', hidden: direct },
      { from: label, to: generativeJoint, kind: 'feedback', hidden: direct },
      { from: style, to: generativeJoint, kind: 'feedback', hidden: direct },
      { from: generativeJoint, to: below, kind: 'feedback', hidden: direct },
    ],
    seed,
  };
}
