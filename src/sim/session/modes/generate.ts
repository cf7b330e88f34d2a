/**
 * Generate mode: a dream. A top state drawn from the prior N(0, I), clamped
 * units held, generated down the feedback pathways through every area. While the
 * input is held ("stay on this input") the dream is held too: the same top state
 * (clamps still applied), generated again each tick.
 */
import type { Rng } from '../../../random/rng.ts';
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';

/** One dream from a fresh top state (`rng` draws the free units). */
export function generateTick(context: ModeContext, rng: Rng): FrameParts {
  return new DreamSource().tick(context, rng);
}

/** Dreams tick by tick, keeping the last top state for when the dream is held. */
export class DreamSource {
  private last: Float32Array | undefined;

  /** The next dream: a fresh top state, or, held, the last one again (clamped units applied). */
  tick(context: ModeContext, rng: Rng): FrameParts {
    const { models, controls } = context;
    const held = controls.inputHeld && this.last?.length === models.topSize ? this.last : undefined;
    const top = new Float32Array(models.topSize);
    for (let i = 0; i < top.length; i++) top[i] = controls.clamp[i] ?? held?.[i] ?? rng.normal();
    this.last = top;
    const view = models.generate(top);
    let energy = 0;
    for (const v of top) energy += 0.5 * v * v;
    return { ...view, freeEnergy: energy, label: -1 };
  }
}
