/**
 * Which signals one tick sends along which lanes, and when, by mode (pure):
 * - train, recognize: a recognition sweep up the feedforward lanes, then the
 *   prediction back down the feedback lanes (the classifier sweeps up at once);
 * - generate: a dream down the feedback lanes only;
 * - settle: predictions down, then their errors up (one predictive-coding iteration).
 * Lesioned feedback lanes carry nothing.
 */
import type { SessionMode } from '../../src/server/wire.ts';
import type { Lane } from './diagramLayout.ts';

export interface PulsePlan {
  lane: Lane;
  /** Milliseconds after the sweep starts. */
  delay: number;
  /** 0..1: how strong the signal is (sets the pulse's size). */
  strength: number;
}

export const LEG_MS = 520;

export function planSweep(
  lanes: readonly Lane[],
  mode: SessionMode,
  feedbackLesioned: boolean,
  errorStrength: (lane: Lane) => number,
): PulsePlan[] {
  const generative = lanes.filter((lane) => lane.model === 'generative');
  const levels = Math.max(0, ...generative.map((lane) => lane.level + 1));
  const plans: PulsePlan[] = [];
  const up = (kind: Lane['kind'], start: number, strength: (lane: Lane) => number): void => {
    for (const lane of generative.filter((l) => l.kind === kind)) {
      plans.push({ lane, delay: start + lane.level * LEG_MS, strength: strength(lane) });
    }
  };
  const down = (start: number): void => {
    if (feedbackLesioned) return;
    for (const lane of generative.filter((l) => l.kind === 'feedback')) {
      plans.push({ lane, delay: start + (levels - 1 - lane.level) * LEG_MS, strength: 1 });
    }
  };
  const full = (): number => 1;
  switch (mode) {
    case 'train':
    case 'recognize':
      up('feedforward', 0, full);
      down(levels * LEG_MS);
      for (const lane of lanes.filter((l) => l.model === 'classifier')) {
        plans.push({ lane, delay: lane.level * LEG_MS * 0.6, strength: 1 });
      }
      break;
    case 'generate':
      down(0);
      break;
    case 'settle':
      down(0);
      up('error', feedbackLesioned ? 0 : levels * LEG_MS, errorStrength);
      break;
  }
  return plans;
}

/** How long a sweep lasts, so the next one waits for it. */
export function sweepDuration(plans: readonly PulsePlan[]): number {
  return Math.max(0, ...plans.map((p) => p.delay + LEG_MS));
}
