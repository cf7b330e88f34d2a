/**
 * The input picker under the sensory images: a button per class ("show a 3": the next test
 * image of it; the data set's own class names), the previous and the next test image, and the
 * "Stay on this input" switch, which holds the input in every mode (train mode keeps showing
 * it while it trains, settle mode does not move on, generate mode holds its dream). Shown to
 * the page with the token only; it mirrors the session's state.
 */
import type { SessionState, Topology } from '../../src/server/wire.ts';
import type { Control } from './controlSender.ts';
import './inputPicker.css';

/** The input picker, as the page drives it. */
export interface InputPicker {
  /** The data set's classes: one button each. */
  setTopology(topology: Topology): void;
  update(state: SessionState): void;
  setEnabled(enabled: boolean): void;
}

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Fill `root` (the empty #input-picker group). `teacher`: this page has the token (viewers do
 * not see the picker).
 */
export function createInputPicker(
  root: HTMLElement,
  teacher: boolean,
  send: (control: Control) => void,
): InputPicker {
  root.hidden = !teacher;
  const label = document.createElement('span');
  label.className = 'muted';
  label.textContent = 'Show:';
  const classes = document.createElement('span');
  classes.className = 'picker-classes';
  const previous = button('◀ Previous', 'Show the previous test image', () =>
    send({ action: 'previous-input' }),
  );
  const next = button('Next ▶', 'Show the next test image', () => send({ action: 'next-input' }));
  const stay = document.createElement('label');
  stay.className = 'switch';
  stay.title = 'Stay on this input in every mode: nothing moves on to another image by itself';
  const stayBox = document.createElement('input');
  stayBox.type = 'checkbox';
  stayBox.id = 'hold-input';
  stayBox.setAttribute('role', 'switch');
  stayBox.addEventListener('change', () => send({ action: 'hold-input', held: stayBox.checked }));
  const track = document.createElement('span');
  track.className = 'track';
  const stayText = document.createElement('span');
  stayText.textContent = 'Stay on this input';
  stay.append(stayBox, track, stayText);
  root.append(label, classes, previous, next, stay);
  let enabled = false;
  let classButtons: HTMLButtonElement[] = [];

  const setEnabled = (on: boolean): void => {
    enabled = on && teacher;
    for (const b of [...classButtons, previous, next]) b.disabled = !enabled;
    stayBox.disabled = !enabled;
  };

  return {
    setTopology(topology) {
      classButtons = topology.classifier.classes.map((name, label) => {
        const b = button(name, `Show a test image of ${name}`, () =>
          send({ action: 'show-class', label }),
        );
        b.dataset.class = String(label);
        return b;
      });
      classes.replaceChildren(...classButtons);
      setEnabled(enabled);
    },
    update(state) {
      stayBox.checked = state.inputHeld;
    },
    setEnabled,
  };
}
