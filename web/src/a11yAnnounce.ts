/**
 * The page's one polite live region (#announcer, role="status"): it speaks meaningful changes
 * only (the mode, a lesson step, the lesion, an error), never a tick. Repeating the same text
 * within a moment is dropped, so a state echoed by every viewer's update is read once.
 */

let last = '';
let lastAt = 0;

/** Say `text` to screen readers through #announcer (dropped if it was just said). */
export function announce(text: string, now = Date.now()): void {
  const region = document.getElementById('announcer');
  if (region === null || text === '') return;
  if (text === last && now - lastAt < 2000) return;
  last = text;
  lastAt = now;
  region.textContent = text;
}

/**
 * Announce what changed between two session states that a listener needs to hear: the mode
 * and the feedback lesion (the first state sets the baseline, unannounced).
 */
export function stateChange(
  previous: { mode: string; feedbackLesioned: boolean } | null,
  next: { mode: string; feedbackLesioned: boolean },
): string | null {
  if (previous === null) return null;
  const parts: string[] = [];
  if (previous.mode !== next.mode) parts.push(`Mode: ${next.mode}.`);
  if (previous.feedbackLesioned !== next.feedbackLesioned) {
    parts.push(next.feedbackLesioned ? 'Feedback lesioned.' : 'Feedback restored.');
  }
  return parts.length === 0 ? null : parts.join(' ');
}
