/**
 * Settle mode: one predictive-coding iteration per tick on the current input,
 * continuing from where the last tick left the areas. A run starts with a
 * recognition sweep when the input, occlusion or lesion changes; after
 * `settleIterations` iterations it is held on screen, then the next test image
 * comes.
 */
import type { ClassifierView, GenerativeView } from '../../sessionModels.ts';
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';

/** Ticks a finished settle run stays on screen before the next test image. */
export const SETTLE_HOLD_TICKS = 20;

interface SettleRun {
  key: string;
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

  /** Forget the run (a mode change): the next settle tick starts afresh. */
  reset(): void {
    this.run = undefined;
  }

  /** One settle tick. */
  tick(context: ModeContext): FrameParts {
    const { spec, models, inputs } = context;
    const key = settleKey(context);
    let run = this.run;
    if (run?.key === key && run.iteration >= spec.settleIterations) {
      if (run.held < SETTLE_HOLD_TICKS) {
        run.held += 1;
        return show(run);
      }
      if (inputs.source === 'dataset') inputs.advance();
      run = undefined;
    }
    const fresh = run?.key !== settleKey(context);
    if (run === undefined || fresh) {
      const input = inputs.seen();
      run = {
        key: settleKey(context),
        input,
        classifier: models.classify(input),
        iteration: 0,
        shown: { latents: [], latentErrors: [], prediction: new Float32Array(0), freeEnergy: 0 },
        held: 0,
      };
      this.run = run;
    }
    const [step] = models.settle(run.input, 1, spec.settleStep, fresh ? 'recognition' : 'current');
    run.iteration += 1;
    run.shown = step!;
    return show(run);
  }
}

/** What a settle run depends on: when it changes, the run starts again. */
function settleKey({ inputs, controls }: ModeContext): string {
  return `${inputs.current.serial}|${JSON.stringify(inputs.occlusion)}|${controls.feedbackLesioned}`;
}

function show(run: SettleRun): FrameParts {
  return { input: run.input, classifier: run.classifier, ...run.shown, iteration: run.iteration };
}
