/**
 * Generate mode: a dream. A top state drawn from the prior N(0, I), clamped
 * units held, generated down the feedback pathways through every area.
 */
import type { Rng } from '../../../random/rng.ts';
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';

/** One dream from a fresh top state (`rng` draws the free units). */
export function generateTick(context: ModeContext, rng: Rng): FrameParts {
  const { models, controls } = context;
  const top = new Float32Array(models.topSize);
  for (let i = 0; i < top.length; i++) top[i] = controls.clamp[i] ?? rng.normal();
  const view = models.generate(top);
  let energy = 0;
  for (const v of top) energy += 0.5 * v * v;
  return { ...view, freeEnergy: energy, label: -1 };
}
