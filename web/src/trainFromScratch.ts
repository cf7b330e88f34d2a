/**
 * "Train from scratch" (the teacher's page only): a button in the toolbar that asks first, in
 * a modal dialog, since it throws the trained models away; confirmed, it sends the
 * `train-from-scratch` control. On every page it also watches `state.trainingRun`: when the
 * run changes, the page clears its curves and latent points (`onNewRun`) and says so to screen
 * readers, since the new run's curve starts again at step 0.
 */
import type { SessionState } from '../../src/server/wire.ts';
import { announce } from './a11yAnnounce.ts';
import type { Control } from './controlSender.ts';
import './trainFromScratch.css';

/** The control as the page drives it. */
export interface TrainFromScratchControl {
  /** Follow the session's state (the training run). */
  update(state: SessionState): void;
  setEnabled(enabled: boolean): void;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

/** The confirmation dialog: what is lost, and the two choices (keeping is the default). */
function makeDialog(onConfirm: () => void): HTMLDialogElement {
  const dialog = document.createElement('dialog');
  dialog.id = 'train-from-scratch-dialog';
  dialog.className = 'shortcuts-dialog';
  dialog.setAttribute('aria-labelledby', 'train-from-scratch-title');
  dialog.setAttribute('aria-describedby', 'train-from-scratch-text');
  const title = document.createElement('h2');
  title.id = 'train-from-scratch-title';
  title.textContent = 'Train from scratch?';
  const text = document.createElement('p');
  text.id = 'train-from-scratch-text';
  text.textContent =
    'Both models get fresh random weights and start learning again from the first step: ' +
    'what they have learned and the training curves are thrown away, for every viewer. ' +
    'There is no undo: a server restart loads its trained weights again.';
  const keep = document.createElement('button');
  keep.type = 'button';
  keep.textContent = 'Keep the trained model';
  keep.autofocus = true;
  keep.addEventListener('click', () => dialog.close());
  const confirm = document.createElement('button');
  confirm.type = 'button';
  confirm.id = 'train-from-scratch-confirm';
  confirm.className = 'primary';
  confirm.textContent = 'Train from scratch';
  confirm.addEventListener('click', () => {
    dialog.close();
    onConfirm();
  });
  const buttons = document.createElement('div');
  buttons.className = 'dialog-buttons';
  buttons.append(keep, confirm);
  dialog.append(title, text, buttons);
  return dialog;
}

/**
 * Wire #train-from-scratch (hidden for viewers) and its dialog; `onNewRun` is called when
 * the session's training run changes after the first state this page saw.
 */
export function createTrainFromScratch(
  controllable: boolean,
  send: (control: Control) => void,
  onNewRun: () => void,
): TrainFromScratchControl {
  const button = byId<HTMLButtonElement>('train-from-scratch');
  button.hidden = !controllable;
  button.title = 'Throw the trained models away and train both from random weights (asks first)';
  button.setAttribute('aria-haspopup', 'dialog');
  const dialog = makeDialog(() => send({ action: 'train-from-scratch' }));
  document.body.append(dialog);
  button.addEventListener('click', () => {
    if (!dialog.open) dialog.showModal();
  });
  let run: number | null = null;
  return {
    update(state) {
      if (run !== null && state.trainingRun !== run) {
        onNewRun();
        announce(`Training restarted from scratch (run ${state.trainingRun}).`);
      }
      run = state.trainingRun;
    },
    setEnabled(enabled) {
      button.disabled = !enabled;
    },
  };
}
