/**
 * What happens in one tick, written down (leabra's Cycle, Nengo's operator
 * order). The hierarchy runs exactly these phases in this order and announces
 * each on `phase$`; tests check the order.
 *
 * recognize: sweepUp, record
 *   sweepUp  each area from the sensory area up sends its state on feedforward$;
 *            the area above turns what arrives into its new state.
 * generate:  sweepDown, record
 *   sweepDown each area from the top down sends its prediction drive on feedback$;
 *            the area below forms its prediction and takes it as its state.
 * settle (one predictive-coding iteration): predict, compare, propagateErrors, update, record
 *   predict          every area with a generative map sends G(state) down on feedback$.
 *   compare          every area forms its prediction μ = act(prior bias + drive) and its
 *                    prediction error ε = state − μ; the free energy is summed here.
 *   propagateErrors  every area sends its (precision-weighted) error up on feedforward$.
 *   update           every free area takes one gradient step on the free energy, all at
 *                    once from the same old states (order of areas cannot matter).
 *   record           activity snapshots (copies) go to activity$, a summary to tick$.
 * infer (variational inference, for the predictive-coding VAE): sweepUp, predict, compare, record
 *   sweepUp  as in recognize, but a stochastic area's state is a reparameterised sample
 *            of its posterior q (mean + σ·ε), and the sample is what it sends up.
 *   predict, compare  as in settle: the samples predict the areas below.
 *   The tick's energy is the negative ELBO: −log p(x | prediction) at the sensory area
 *   plus, for each stochastic area, KL(q ‖ p(· | prediction from above)).
 * learn (local learning, after a settle): predict, compare, updateWeights, record
 *   predict, compare  as in settle, at the settled states (each pathway keeps the
 *                    presynaptic activity it carried).
 *   updateWeights    every predictive pathway's weights move by −xᵀe/batch (its own
 *                    presynaptic activity and its target's error, nothing else), every
 *                    area's prediction bias and learnable precision by its own errors.
 */
import type { TickMode } from './activity.ts';

/** The phases of one tick of each mode, in the order they run. */
export const tickPhases = {
  recognize: ['sweepUp', 'record'],
  generate: ['sweepDown', 'record'],
  settle: ['predict', 'compare', 'propagateErrors', 'update', 'record'],
  infer: ['sweepUp', 'predict', 'compare', 'record'],
  learn: ['predict', 'compare', 'updateWeights', 'record'],
} as const satisfies Record<TickMode, readonly string[]>;

/** The name of one phase of a tick (see {@link tickPhases}). */
export type PhaseName = (typeof tickPhases)[TickMode][number];

/** Announced on `Hierarchy.phase$` as each phase of a tick starts. */
export interface PhaseEvent {
  tick: number;
  mode: TickMode;
  iteration: number;
  phase: PhaseName;
}
