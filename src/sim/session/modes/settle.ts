/**
 * Settle mode: one predictive-coding iteration per tick on the current input,
 * continuing from where the last tick left the areas. A run starts with a
 * recognition sweep when the input, occlusion or lesion changes (occluded pixels
 * are settled as unknown: precision 0, so the prediction fills them in), or when the
 * display models get new weights during the run (a worker's last copy may come
 * after training stopped; iterations on other weights could show the free energy
 * rising). After `settleIterations` iterations the run's last state is held on
 * screen (no more computation): until the user moves on (`nextInput`), or, with
 * auto-advance on, for SETTLE_HOLD_TICKS ticks before the next test image comes
 * (a drawn input, or any input while "stay on this input" is on, stays held).
 */
import type { ClassifierView, GenerativeView } from '../sessionModels.ts';
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';

/** Ticks a finished settle run stays on screen before auto-advance shows the next test image. */
export const SETTLE_HOLD_TICKS = 20;

interface SettleRun {
  /** The run's number (from 1): frames of one run share it. */
  number: number;
  key: string;
  /** The models' weight version the run settles with. */
  weights: number;
  input: Float32Array;
  classifier: ClassifierView;
  /** Iterations done so far (the last one shown). */
  iteration: number;
  /** What the last iteration showed. */
  shown: GenerativeView & { freeEnergy: number };
  /** Ticks spent holding the last iteration. */
  held: number;
}

/** The settle run in progress, if any. */
export class SettleRunner {
  private run: SettleRun | undefined;
  /** Runs started so far. */
  private runs = 0;

  /** Forget the run (a mode change): the next settle tick starts afresh. */
  reset(): void {
    this.run = undefined;
  }

  /**
   * One settle tick: the next iteration of the current input's run, or, once the
   * run has done its iterations, its last iteration again (held, not recomputed).
   */
  tick(context: ModeContext): FrameParts {
    const { spec, models, inputs, controls } = context;
    let run = this.run;
    if (run?.key === settleKey(context) && run.iteration >= spec.settleIterations) {
      // A finished run is shown as it was computed, whatever weights came since.
      run.weights = context.weightVersion();
      run.held += 1;
      // Held until the user moves on, or, with auto-advance, for the hold period. A
      // drawn input has no next one: it stays held.
      const advance =
        controls.settleAutoAdvance &&
        !controls.inputHeld &&
        inputs.source === 'dataset' &&
        run.held > SETTLE_HOLD_TICKS;
      if (!advance) return show(run);
      inputs.advance();
      run = undefined;
    }
    const key = settleKey(context);
    const weights = context.weightVersion();
    const fresh = run?.key !== key || run.weights !== weights;
    if (run === undefined || fresh) {
      const input = inputs.seen();
      this.runs += 1;
      run = {
        number: this.runs,
        key,
        weights,
        input,
        classifier: models.classify(input),
        iteration: 0,
        shown: { latents: [], latentErrors: [], prediction: new Float32Array(0), freeEnergy: 0 },
        held: 0,
      };
      this.run = run;
    }
    // Occluded pixels are unknown to settling, not blank: the prediction fills them in.
    const [step] = models.settle(
      run.input,
      1,
      spec.settleStep,
      fresh ? 'recognition' : 'current',
      inputs.known(),
    );
    run.iteration += 1;
    run.shown = step!;
    return show(run);
  }
}

/** What a settle run's input depends on: when it changes, the run starts again. */
function settleKey({ inputs, controls }: ModeContext): string {
  return `${inputs.current.serial}|${JSON.stringify(inputs.occlusion)}|${controls.feedbackLesioned}`;
}

function show(run: SettleRun): FrameParts {
  return {
    input: run.input,
    classifier: run.classifier,
    ...run.shown,
    iteration: run.iteration,
    settleRun: run.number,
  };
}
