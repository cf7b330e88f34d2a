/**
 * The live session's vocabulary: its modes, its controls' settings, the
 * topology of its models and the frame one tick makes. These are the sim
 * layer's names; the wire protocol (src/server/protocol.ts and wire.ts) adds
 * only how they travel (versions, `hello`, the control message schema, the
 * decoder of binary fields).
 */
import { z } from 'zod';
import type { LiveCaptions, LiveSlot } from '../../models/live.ts';

export type { LiveCaptions, LiveSlot };

/** What a session is doing each tick. */
export const SessionMode = z.enum(['train', 'recognize', 'generate', 'settle']);
/** What a session is doing each tick: `train`, `recognize`, `generate` or `settle`. */
export type SessionMode = z.infer<typeof SessionMode>;

/** A rectangle of the input image, in pixels, hidden from the model. */
export const Occlusion = z
  .object({
    x: z.number().int().min(0).max(27),
    y: z.number().int().min(0).max(27),
    width: z.number().int().min(1).max(28),
    height: z.number().int().min(1).max(28),
  })
  .strict();
/** A rectangle of the input image, in pixels, hidden from the model. */
export type Occlusion = z.infer<typeof Occlusion>;

/**
 * What an area is: the `sensory` area (the input, a picture), a `stochastic`
 * area (a latent with a posterior mean and variance), or a `deterministic` one
 * (a hidden or class area of the feedforward classifier).
 */
export type AreaKind = 'sensory' | 'stochastic' | 'deterministic';

/** One area of a model's diagram. */
export interface AreaTopology {
  /** The area's name (the user's, from the model spec). */
  name: string;
  kind: AreaKind;
  /** Number of units in the area. */
  size: number;
  /** Number of values a frame carries for it (after down-sampling). */
  displaySize: number;
  /** Image shape when the area is a picture (the sensory area: [28, 28]). */
  shape?: [number, number];
}

/**
 * One pathway of a model's diagram: signals flow from `from` to `to`, up (`feedforward`),
 * down (`feedback`) or sideways between areas of one level (`lateral`).
 */
export interface PathwayTopology {
  from: string;
  to: string;
  kind: 'feedforward' | 'feedback' | 'lateral';
}

/**
 * One model of a session as the page draws it: its diagram, its kind's name (shown, never
 * compared), how it learns and the captions its kind gives the page.
 */
export interface ModelTopology {
  /** Its areas, bottom (sensory) to top, as its spec built them. */
  areas: AreaTopology[];
  pathways: PathwayTopology[];
  /** Its kind's name, e.g. `pcvae` (for people: the page draws what the rest says). */
  kind: string;
  /** How it learns: `backprop`, or `local` (each pathway from its own two areas). */
  learning: 'local' | 'backprop';
  /** What the page says about it: titles, headings, captions, curve names. */
  captions: LiveCaptions;
}

/** The two models of a session, as diagrams. Sent once, in `hello`. */
export interface Topology {
  /** The generative model (recognize, generate, settle). */
  generative: ModelTopology;
  /** The classifier, with the data set's class names. */
  classifier: ModelTopology & { classes: string[] };
  /** Size of the top generative area (one clamp slider per unit). */
  latentSize: number;
  /** Input image shape [height, width]. */
  imageShape: [number, number];
}

/** The controls' current settings. Broadcast as `state` whenever one changes. */
export interface SessionState {
  playing: boolean;
  mode: SessionMode;
  /** Ticks per second the session aims for (it runs slower if the model is slower). */
  speed: number;
  /** Feedback pathways of the generative model are lesioned. */
  feedbackLesioned: boolean;
  /** One entry per top-area unit: the clamped value, or null when free. */
  clamp: (number | null)[];
  occlusion: Occlusion | null;
  /** Where the current input came from. */
  inputSource: 'dataset' | 'drawn';
  /**
   * Settle mode: after a run's last iteration, move to the next test image by
   * itself (after a short hold); off, the run's final state stays until `next-input`.
   */
  settleAutoAdvance: boolean;
  /** Predictive-coding iterations of one settle run (the session spec's `settleIterations`). */
  settleIterations: number;
  /** Settle iterations per second: settle mode's pace, apart from `speed` (0.5..120). */
  settleSpeed: number;
  /** Stay on this input: no mode moves on to another input (or dream) by itself. */
  inputHeld: boolean;
  tick: number;
  epoch: number;
  /**
   * The training run: 0 for the one the session started with (from trained weights or from
   * scratch), one more each time training restarts from scratch (`train-from-scratch`). A
   * viewer clears its curves and latent points when it changes.
   */
  trainingRun: number;
}

/** One point of the live training curves. */
export interface CurvePoint {
  /** Training step (batches seen). */
  step: number;
  epoch: number;
  /** Mean -ELBO of the last batches (nats per image) and its two parts. */
  negElbo: number;
  reconstruction: number;
  kl: number;
  /** Classifier accuracy on the last batches (0..1). */
  accuracy: number;
}

/** One point of the 2-D latent view: a projection of the top area's mean for an input. */
export interface LatentPoint {
  /** Stable id, unique in the session and increasing with time, for keyed joins. */
  id: number;
  x: number;
  y: number;
  /** The input's label, or -1 when unknown (a drawn input). */
  label: number;
}

/** One area's energies during a local-learning step (mean per image, nats). */
export interface LocalLearningArea {
  /** The area's name, as in the topology. */
  name: string;
  /** Its prediction-error energy at each settle iteration, 1..T. */
  settle: number[];
  /** Its energy at the settled states after the weight update. */
  afterUpdate: number;
}

/**
 * The latest local-learning step of a model trained live by a local rule (its topology's
 * `learning` is `local`): its areas' energies over the T settle iterations of one batch, then
 * after the weight update. One step, T + 1 values per area.
 */
export interface LocalLearningTrace {
  /** Which of the session's models took the step: its slot. */
  model: LiveSlot;
  /** The training step (batches seen) it was the step of. */
  step: number;
  /** Every area of the model, bottom to top, in topology order. */
  areas: LocalLearningArea[];
}

/** One area's activity in a frame. */
export interface AreaFrame {
  name: string;
  /**
   * State (posterior mean for stochastic areas), down-sampled to displaySize values.
   * Empty when the model did not run this tick (the classifier in generate mode).
   */
  state: Float32Array;
  /**
   * Root-mean-square prediction error: at the sensory area, input − prediction;
   * at a stochastic area, its state against the prediction from the area above
   * (the top area: against its prior mean 0); 0 for the classifier, which has
   * no feedback and so no prediction errors.
   */
  errorRms: number;
}

/** One tick of activity, as copies (no tensor): what the session emits on `frame$`. */
export interface Frame {
  /** The session tick this frame shows. */
  tick: number;
  /** Wall-clock time (ms since epoch) when the tick finished, for latency. */
  time: number;
  mode: SessionMode;
  /** Settle iteration within the current input (0 outside settle mode). */
  iteration: number;
  /**
   * Settle mode: the number of the settle run the iteration belongs to, from 1; a new input,
   * occlusion, lesion or weights start a new run (its iterations count from 1 again). 0
   * outside settle mode.
   */
  settleRun: number;
  /** Label of the input shown, -1 when unknown (drawn or dreamed). */
  label: number;
  /** The input as the model sees it (after occlusion), 0..255, row-major. Empty in generate mode. */
  input: Uint8Array;
  /** The top-down prediction of the sensory area (reconstruction or dream), 0..255. */
  prediction: Uint8Array;
  /** Prediction error input - prediction, scaled to -127..127. Empty in generate mode. */
  predictionError: Int8Array;
  /** Generative model areas, every area of the hierarchy, same order as the topology. */
  generative: AreaFrame[];
  /** Classifier areas, same order as the topology. */
  classifier: AreaFrame[];
  /** Classifier class probabilities on the same input (empty in generate mode). */
  classProbabilities: Float32Array;
  /**
   * Free energy (nats) at this tick: in train and recognize modes the -ELBO of the
   * input (one posterior sample); in settle mode the predictive-coding free energy
   * being descended; in generate mode the prior energy ½‖top‖² of the dream's top state.
   */
  freeEnergy: number;
  /** New points for the latent view since the previous frame this client got. */
  latentPoints: LatentPoint[];
  /** New training-curve points since the previous frame this client got. */
  curvePoints: CurvePoint[];
  /**
   * The latest local-learning step of each predictive-coding model the session trains
   * locally (empty when none does, or before its first step). Bounded: one step per model.
   */
  localLearning: LocalLearningTrace[];
}
