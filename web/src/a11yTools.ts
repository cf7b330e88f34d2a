/**
 * The page's accessibility tools, for controllers and viewers alike: a "Reduce motion" switch
 * and the keyboard shortcuts' button and dialog, in a group of the toolbar (before the mode's
 * caption), and the announcements of state changes.
 */
import type { SessionState } from '../../src/server/wire.ts';
import { announce, stateChange } from './a11yAnnounce.ts';
import { installKeyboardShortcuts } from './keyboardShortcuts.ts';
import { createMotionSetting, type MotionSetting } from './motion.ts';

/** Make the tools; `onMotion` hears every change of the reduced-motion setting. */
export function installA11yTools(
  root: Document,
  onMotion: (reduced: boolean) => void,
): MotionSetting {
  const group = root.createElement('div');
  group.className = 'a11y-tools';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Accessibility');
  const toolbar = root.getElementById('toolbar') ?? root.body;
  const caption = root.getElementById('mode-caption');
  if (caption !== null && caption.parentElement === toolbar) toolbar.insertBefore(group, caption);
  else toolbar.append(group);
  const motion = createMotionSetting(group, onMotion);
  installKeyboardShortcuts(root, group, toolbar);
  return motion;
}

let previous: Pick<SessionState, 'mode' | 'feedbackLesioned'> | null = null;

/** Announce the mode or lesion when a new state changes them. */
export function announceState(next: SessionState): void {
  const text = stateChange(previous, next);
  previous = { mode: next.mode, feedbackLesioned: next.feedbackLesioned };
  if (text !== null) announce(text);
}
