/**
 * Which controls do something in which mode, and why the others are off: the page disables a
 * control that does nothing in the current mode and says why (its title and a described-by
 * note), from what each mode of the session does (src/sim/session/modes):
 * - train and recognize show a test image recognised and predicted back, clamped top units held;
 * - generate has no input at all: a top state from the prior (clamped units held) is generated down;
 * - settle iterates predictive coding on one input; the clamps take no part in it.
 */
import type { SessionMode } from '../../src/server/wire.ts';

/** The page's controls whose use depends on the mode. */
export type ModalControl = 'next-input' | 'occlusion' | 'draw' | 'clamp' | 'auto-advance';

const reasons: Record<ModalControl, Partial<Record<SessionMode, string>>> = {
  'next-input': {
    generate: 'Generate mode has no input: the model dreams from the prior.',
  },
  occlusion: {
    generate: 'Generate mode has no input to hide: the model dreams from the prior.',
  },
  draw: {
    generate: 'Generate mode has no input: a drawing would not be seen. Use Recognize or Settle.',
  },
  clamp: {
    settle:
      'Settle mode lets every area settle freely on the input: clamps take no part. Use Generate, Recognize or Train.',
  },
  'auto-advance': {
    train: 'Auto-advance only matters in Settle mode.',
    recognize: 'Auto-advance only matters in Settle mode.',
    generate: 'Auto-advance only matters in Settle mode.',
  },
};

/** Why `control` does nothing in `mode`, or null when it works there. */
export function unavailableReason(control: ModalControl, mode: SessionMode): string | null {
  return reasons[control][mode] ?? null;
}

/**
 * Disable `elements` when `reason` is not null, and say why: the reason goes into `note` (a
 * visible note the elements are described by) and each element's title; null enables them again
 * (when `enabled`, i.e. the page may drive the session) and hides the note.
 */
export function applyAvailability(
  elements: readonly (HTMLButtonElement | HTMLInputElement)[],
  note: HTMLElement,
  reason: string | null,
  enabled: boolean,
): void {
  note.textContent = reason ?? '';
  note.hidden = reason === null;
  for (const element of elements) {
    element.disabled = !enabled || reason !== null;
    if (reason === null) {
      element.removeAttribute('aria-describedby');
      if (element.dataset.title !== undefined) element.title = element.dataset.title;
    } else {
      if (element.dataset.title === undefined) element.dataset.title = element.title;
      element.title = reason;
      element.setAttribute('aria-describedby', note.id);
    }
  }
}
