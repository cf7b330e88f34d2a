/**
 * The ssvae's class area as a cortex description (M2 of Kingma et al. 2014, stacked on M1):
 * its data area `z1` (the lower pcvae's z1 samples), a categorical area `y` (the class,
 * uniform prior) and a stochastic Gaussian area `z2` (the style, N(0, I) prior). Both `y`
 * and `z2` predict `z1` through feedback pathways whose drives sum; `z1` recognizes `y`,
 * and `z1` and `y` together recognize `z2` (feedforward pathways, drives summed).
 */
import type { HierarchySpecInput } from '../../cortex/index.ts';

import type { ClassAreaKind, ClassAreaSizes } from './classAreaModel.ts';

/** The names of the class hierarchy's areas: its data `z1`, the class `y`, the style `z2`. */
export const classAreaNames = { below: 'z1', label: 'y', style: 'z2' } as const;

/**
 * Which change of the class area a checkpoint of its training must have been made with: the
 * class area built from cortex areas (issue 12). Class-stage checkpoints from before it (the
 * class area's own dense layers) hold other weights and are refused by their config.
 */
export const CLASS_AREA_FORM = 'cortex areas y (categorical) and z2 (stochastic) predict z1';

/**
 * What a class-stage checkpoint's config and an experiment's cell record of the class area:
 * nothing for the dense one (as every run before the cortex class area wrote them, so those
 * are still resumed and reused), {@link CLASS_AREA_FORM} for the cortex one.
 */
export function classAreaForm(kind: ClassAreaKind): { classArea?: string } {
  return kind === 'cortex' ? { classArea: CLASS_AREA_FORM } : {};
}

/**
 * The class hierarchy: z1 (Gaussian, a learned precision per unit: p(z1 | y, z2) =
 * N(prediction, 1/precision)), y (categorical) and z2 (stochastic), with the pathways
 * z1->y, z1->z2 and y->z2 (recognition) and y->z1, z2->z1 (predictions). The maps from z1
 * and from z2 have one relu hidden layer of `hidden` units; the maps from y have none (on a
 * one-hot class a hidden layer adds nothing: any map is a table of one vector per class).
 */
export function classHierarchySpec(sizes: ClassAreaSizes, seed: number): HierarchySpecInput {
  const { below, label, style } = classAreaNames;
  const hidden = [sizes.hidden];
  return {
    areas: [
      { name: below, size: sizes.below, learnPrecision: true },
      { name: label, size: sizes.classes, likelihood: 'categorical' },
      { name: style, size: sizes.style, stochastic: true },
    ],
    pathways: [
      { from: below, to: label, kind: 'feedforward', hidden },
      { from: below, to: style, kind: 'feedforward', hidden },
      { from: label, to: style, kind: 'feedforward', hidden: [] },
      { from: label, to: below, kind: 'feedback', hidden: [] },
      { from: style, to: below, kind: 'feedback', hidden },
    ],
    seed,
  };
}
