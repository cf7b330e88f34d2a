/**
 * Keyboard shortcuts for the toolbar, and a "?" dialog listing them. A shortcut clicks the
 * control it stands for (so a disabled control stays off, and the page's own handlers run);
 * none fires while typing in a field, with Ctrl, Alt or Meta held, or (for Space) when a
 * control has the focus, where Space already presses that control.
 */

/** One shortcut: the keys (KeyboardEvent.key), what they do, and the control they press. */
export interface Shortcut {
  keys: readonly string[];
  /** The keys as the help dialog shows them. */
  label: string;
  description: string;
  /** Selector of the control pressed. */
  target: string;
}

/** The page's shortcuts (the presenter's P, T and F are its own). */
export const shortcuts: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', description: 'Play or pause', target: '#play' },
  { keys: ['s'], label: 'S', description: 'Step one tick', target: '#step' },
  { keys: ['1'], label: '1', description: 'Train mode', target: '#modes [data-mode="train"]' },
  {
    keys: ['2'],
    label: '2',
    description: 'Recognize mode',
    target: '#modes [data-mode="recognize"]',
  },
  {
    keys: ['3'],
    label: '3',
    description: 'Generate mode',
    target: '#modes [data-mode="generate"]',
  },
  { keys: ['4'], label: '4', description: 'Settle mode', target: '#modes [data-mode="settle"]' },
  { keys: ['n'], label: 'N', description: 'Next test image', target: '#next-input' },
  { keys: ['l'], label: 'L', description: 'Lesion feedback on or off', target: '#lesion' },
  { keys: ['d'], label: 'D', description: 'Load a sample digit to draw', target: '#draw-sample' },
  { keys: ['m'], label: 'M', description: 'Reduce motion on or off', target: '#reduce-motion' },
  { keys: ['?'], label: '?', description: 'This list of shortcuts', target: '#shortcuts-open' },
];

/** Keys other parts of the page handle themselves (presenter.ts, lessonBar.ts), listed in the dialog too. */
export const otherKeys: readonly { label: string; description: string }[] = [
  { label: 'P', description: 'Presenter mode on or off' },
  { label: 'T', description: 'Dark or light theme (presenter mode)' },
  { label: 'F', description: 'Full screen on or off' },
  { label: 'Page Down', description: 'Next lesson step (the teacher; a clicker sends it)' },
  { label: 'Page Up', description: 'Previous lesson step' },
];

/** Whether `target` takes typed text (a shortcut letter must not fire there). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'range', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

/** Whether Space already presses `target` (a button, a switch, a radio). */
function spaceActivates(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLAnchorElement ||
    (target instanceof HTMLElement && target.getAttribute('role') === 'radio')
  );
}

/** The shortcut a key press stands for, or null (pure: what the handler decides). */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>,
): Shortcut | null {
  if (event.ctrlKey || event.altKey || event.metaKey || typingIn(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === ' ' && spaceActivates(event.target)) return null;
  return shortcuts.find((s) => s.keys.includes(key)) ?? null;
}

/**
 * Listen for the shortcuts on `root`, and make the "Keyboard shortcuts" button (in
 * `buttonContainer`) and its dialog (in `dialogContainer`).
 */
export function installKeyboardShortcuts(
  root: Document,
  buttonContainer: HTMLElement,
  dialogContainer: HTMLElement,
): void {
  const open = root.createElement('button');
  open.type = 'button';
  open.id = 'shortcuts-open';
  open.textContent = 'Keys ?';
  open.title = 'Keyboard shortcuts (?)';
  open.setAttribute('aria-label', 'Keyboard shortcuts');
  open.setAttribute('aria-haspopup', 'dialog');
  open.setAttribute('aria-keyshortcuts', 'Shift+?');
  buttonContainer.append(open);

  const dialog = root.createElement('dialog');
  dialog.id = 'shortcuts-dialog';
  dialog.className = 'shortcuts-dialog';
  dialog.setAttribute('aria-labelledby', 'shortcuts-title');
  const title = root.createElement('h2');
  title.id = 'shortcuts-title';
  title.textContent = 'Keyboard shortcuts';
  const list = root.createElement('dl');
  list.className = 'shortcut-list';
  for (const shortcut of [...shortcuts, ...otherKeys]) {
    const term = root.createElement('dt');
    const kbd = root.createElement('kbd');
    kbd.textContent = shortcut.label;
    term.append(kbd);
    const description = root.createElement('dd');
    description.textContent = shortcut.description;
    list.append(term, description);
  }
  const more = root.createElement('p');
  more.textContent =
    'In the mode group, the arrow keys, Home and End move between modes. On a clamp slider, ' +
    'the arrow keys move it and Delete frees the unit. Shortcuts do not fire while you type.';
  const close = root.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  dialog.append(title, list, more, close);
  dialogContainer.append(dialog);
  open.addEventListener('click', () => {
    if (!dialog.open) dialog.showModal();
  });

  root.addEventListener('keydown', (event) => {
    if (dialog.open) return; // the dialog has the keyboard (Escape closes it)
    const shortcut = shortcutFor(event);
    if (shortcut === null) return;
    const control = root.querySelector<HTMLElement>(shortcut.target);
    if (control === null || (control as HTMLButtonElement).disabled) return;
    event.preventDefault();
    control.click();
    if (control.getAttribute('role') === 'radio') control.focus();
  });
}
