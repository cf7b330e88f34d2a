/**
 * Train mode's display: the training step itself happens before the tick
 * (SessionTraining.beforeTick); the tick shows a test image recognised, a new
 * one every `displayEvery` ticks (unless the input is held: it stays while training
 * goes on), each new one also feeding the latent view.
 */
import type { FrameParts } from '../frame.ts';
import type { ModeContext } from './context.ts';
import { recognizeTick } from './recognize.ts';

/** Counts train ticks to know when the displayed image changes. */
export class TrainDisplay {
  private ticks = 0;

  /** One train tick's display. */
  tick(context: ModeContext): FrameParts {
    let changed = this.ticks === 0;
    if (this.ticks > 0 && this.ticks % context.spec.displayEvery === 0) {
      changed = context.inputs.source === 'dataset' && !context.controls.inputHeld;
      if (changed) context.inputs.advance();
    }
    this.ticks += 1;
    return recognizeTick(context, changed);
  }
}
