/**
 * The lesson bar under the room bar: the teacher (with the token) chooses a lesson, starts
 * and stops it, and moves Back and Next (the buttons, or PageUp and PageDown, which a
 * presentation clicker sends); every viewer sees the same step: the lesson's title, "Step k of
 * n", the step's title, its caption, its question for the class, and a note for anything this
 * session cannot show. The panels the step does not name are hidden (lessonPanels.ts), and
 * each new step is said once in the page's live region.
 */
import type { LessonStepView, LessonUpdate } from '../../src/server/wire.ts';
import { announce } from './a11yAnnounce.ts';
import type { Control } from './controlSender.ts';
import { showLessonPanels } from './lessonPanels.ts';
import './lesson.css';

/** The lesson bar, as the page drives it. */
export interface LessonBar {
  /** A `lesson` event: the lessons on offer and the running step. */
  update(update: LessonUpdate): void;
  /** Whether this page may drive lessons (it has the token, and is connected). */
  setEnabled(enabled: boolean): void;
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

/** A key press meant for a field (typing or choosing), not a shortcut. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target === null) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** What the live region says of a step. */
function spoken(step: LessonStepView): string {
  const title = step.stepTitle === undefined ? '' : ` ${step.stepTitle}.`;
  return `Lesson ${step.title}, step ${step.index + 1} of ${step.count}.${title} ${step.caption}`;
}

/**
 * Fill `root` (the empty #lesson-bar section) and return its driver. `teacher`: this page
 * has the control token (it gets the chooser and the buttons).
 */
export function createLessonBar(
  root: HTMLElement,
  teacher: boolean,
  send: (control: Control) => void,
): LessonBar {
  const head = make('div', { className: 'lesson-head' });
  const heading = make('h2', { id: 'lesson-heading', textContent: 'Lessons' });
  const progress = make('span', { id: 'lesson-progress', className: 'lesson-progress' });
  const chooser = make('div', { className: 'lesson-chooser' });
  const choiceLabel = make('label', { htmlFor: 'lesson-choice', textContent: 'Lesson' });
  const choice = make('select', { id: 'lesson-choice' });
  const start = make('button', { id: 'lesson-start', type: 'button', className: 'primary' });
  chooser.append(choiceLabel, choice, start);
  head.append(heading, progress);
  if (teacher) head.append(chooser);
  const summary = make('p', { id: 'lesson-summary', className: 'lesson-summary' });
  const stepTitle = make('h3', { id: 'lesson-step-title', className: 'lesson-step-title' });
  const caption = make('p', { id: 'lesson-caption', className: 'lesson-caption' });
  const question = make('p', { id: 'lesson-question', className: 'lesson-question' });
  const notes = make('ul', { id: 'lesson-notes', className: 'lesson-notes' });
  const nav = make('div', { className: 'lesson-nav' });
  nav.setAttribute('role', 'group');
  nav.setAttribute('aria-label', 'Lesson steps');
  const back = make('button', { id: 'lesson-back', type: 'button', textContent: '◀ Back' });
  const next = make('button', {
    id: 'lesson-next',
    type: 'button',
    className: 'primary',
    textContent: 'Next ▶',
  });
  back.setAttribute('aria-keyshortcuts', 'PageUp');
  next.setAttribute('aria-keyshortcuts', 'PageDown');
  back.title = 'The step before (PageUp)';
  next.title = 'The next step (PageDown)';
  nav.append(back, next);
  const body = make('div', { className: 'lesson-body' });
  body.append(stepTitle, caption, question, notes);
  root.append(head, summary, body);
  if (teacher) root.append(nav);

  let current: LessonUpdate = { lessons: [], current: null };
  let enabled = false;
  let spokenKey = '';

  const running = (): LessonStepView | null => current.current;
  /** The teacher's pick in the chooser: the running lesson when one starts, else theirs. */
  let pick = '';
  let runningId: string | null = null;
  const chosen = (): string => choice.value;

  const render = (): void => {
    const { lessons } = current;
    const step = running();
    // Viewers see the bar only while a lesson runs; the teacher whenever there are lessons.
    root.hidden = lessons.length === 0 || (!teacher && step === null);
    root.dataset.running = String(step !== null);
    heading.textContent = step === null ? 'Lessons' : step.title;
    progress.textContent = step === null ? '' : `Step ${step.index + 1} of ${step.count}`;
    progress.hidden = step === null;
    // The chooser: the running lesson once it starts, then whatever the teacher picks.
    if ((step?.lesson ?? null) !== runningId) {
      runningId = step?.lesson ?? null;
      if (runningId !== null) pick = runningId;
    }
    const keep = pick;
    choice.replaceChildren(
      make('option', { value: '', textContent: 'Choose a lesson…' }),
      ...lessons.map((l) =>
        make('option', {
          value: l.id,
          textContent: `${l.title} (${l.steps} steps${l.source === 'teacher' ? ', yours' : ''})`,
        }),
      ),
    );
    choice.value = lessons.some((l) => l.id === keep) ? keep : '';
    const isRunning = step !== null && choice.value === step.lesson;
    start.textContent = isRunning ? 'Stop lesson' : step === null ? 'Start' : 'Start this one';
    start.dataset.action = isRunning ? 'stop' : 'start';
    const picked = lessons.find((l) => l.id === choice.value);
    summary.textContent = step === null && picked !== undefined ? picked.summary : '';
    summary.hidden = summary.textContent === '';
    body.hidden = step === null;
    nav.hidden = step === null;
    stepTitle.textContent = step?.stepTitle ?? '';
    stepTitle.hidden = stepTitle.textContent === '';
    caption.textContent = step?.caption ?? '';
    question.replaceChildren();
    if (step?.question !== undefined) {
      question.append(make('strong', { textContent: 'Ask the class: ' }), step.question);
    }
    question.hidden = step?.question === undefined;
    notes.replaceChildren(...(step?.notes ?? []).map((n) => make('li', { textContent: n })));
    notes.hidden = (step?.notes.length ?? 0) === 0;
    setButtons();
    showLessonPanels(document, step === null ? null : step.panels);
    // Charts size themselves to their boxes: let them measure the new layout.
    window.dispatchEvent(new Event('resize'));
    const key = step === null ? '' : `${step.lesson}:${step.index}`;
    if (key !== spokenKey) {
      spokenKey = key;
      if (step !== null) announce(spoken(step));
    }
  };

  const setButtons = (): void => {
    const step = running();
    choice.disabled = !enabled;
    start.disabled = !enabled || (start.dataset.action === 'start' && chosen() === '');
    back.disabled = !enabled || step === null || step.index === 0;
    next.disabled = !enabled || step === null || step.index + 1 >= step.count;
  };

  choice.addEventListener('change', () => {
    pick = choice.value;
    render();
  });
  start.addEventListener('click', () => {
    if (start.dataset.action === 'stop') send({ action: 'lesson', lesson: null });
    else if (chosen() !== '') send({ action: 'lesson', lesson: chosen() });
  });
  back.addEventListener('click', () => send({ action: 'lesson-back' }));
  next.addEventListener('click', () => send({ action: 'lesson-next' }));
  if (teacher) {
    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || typing(event) || event.altKey || event.ctrlKey) return;
      const button = event.key === 'PageDown' ? next : event.key === 'PageUp' ? back : undefined;
      if (button === undefined || button.disabled || button.offsetParent === null) return;
      event.preventDefault();
      button.click();
    });
  }

  render();
  return {
    update(next) {
      current = next;
      render();
    },
    setEnabled(on) {
      enabled = on && teacher;
      setButtons();
    },
  };
}
