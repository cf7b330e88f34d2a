/**
 * Which panels a lesson step shows: every `section.panel` (`#panel-<name>`) not in the step's
 * list gets the `hidden` attribute, and <body> says the list in `data-lesson-panels` (for the
 * presenter layout). A panel hidden for its own reason (the local-learning panel of a session
 * without a local learner) is left as it is; a panel the lesson hid comes back when the step
 * or the lesson no longer hides it.
 */
import type { LessonPanel } from '../../src/server/wire.ts';

/** Show only `panels` (a running lesson's step), or every panel again (null: no lesson). */
export function showLessonPanels(doc: Document, panels: readonly LessonPanel[] | null): void {
  for (const section of doc.querySelectorAll<HTMLElement>('main section.panel[id^="panel-"]')) {
    const name = section.id.slice('panel-'.length) as LessonPanel;
    const hide = panels !== null && !panels.includes(name);
    if (hide && !section.hidden) {
      section.hidden = true;
      section.dataset.lessonHidden = 'true';
    } else if (!hide && section.dataset.lessonHidden === 'true') {
      section.hidden = false;
      delete section.dataset.lessonHidden;
    }
  }
  if (panels === null) delete doc.body.dataset.lessonPanels;
  else doc.body.dataset.lessonPanels = panels.join(' ');
}
