/**
 * What every watcher of the page gets, with or without the token: a clean watch layout for
 * viewers (`data-role="viewer"` on <html>: viewer.css hides the controls instead of showing
 * them disabled, and a small "watching" chip replaces the view-only banner), a Freeze switch
 * that stops drawing new frames on this screen only (the simulation goes on; unfreezing jumps
 * to the live frame), and "Save picture" (the sensory images as a PNG).
 */
import { composePicture, downloadCanvas } from './viewerPicture.ts';
import './viewer.css';

/** The page's side of the viewer tools. */
export interface ViewerTools {
  /** True while this screen's view is frozen: draw no new frame. */
  readonly frozen: boolean;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

/**
 * Set the page's role, and wire Freeze and Save picture. `onUnfreeze` is called when the
 * view goes live again (redraw everything); `tick` gives the tick shown, for the file name.
 */
export function setupViewer(
  controllable: boolean,
  onUnfreeze: () => void,
  tick: () => number | null,
): ViewerTools {
  const root = document.documentElement;
  root.dataset.role = controllable ? 'control' : 'viewer';
  const watching = byId<HTMLElement>('watching');
  watching.hidden = controllable;
  watching.title =
    'You are watching: the teacher drives. (The address with ?token=… that the server printed controls it.)';
  byId<HTMLElement>('readonly-note').hidden = true;

  let frozen = false;
  const freeze = byId<HTMLButtonElement>('freeze');
  const setFrozen = (next: boolean): void => {
    frozen = next;
    freeze.setAttribute('aria-pressed', String(frozen));
    freeze.textContent = frozen ? 'Frozen: go live' : 'Freeze';
    root.dataset.frozen = String(frozen);
    if (!frozen) onUnfreeze();
  };
  freeze.addEventListener('click', () => setFrozen(!frozen));

  const save = byId<HTMLButtonElement>('save-picture');
  save.addEventListener('click', () => {
    const shown = tick();
    const picture = composePicture(
      [
        { canvas: byId<HTMLCanvasElement>('input-image'), label: 'Input' },
        { canvas: byId<HTMLCanvasElement>('prediction-image'), label: 'Prediction' },
        { canvas: byId<HTMLCanvasElement>('error-image'), label: 'Prediction error' },
      ],
      `neocortex-sim · ${byId<HTMLElement>('mode-indicator').textContent ?? ''}` +
        (shown === null ? '' : ` · tick ${shown}`),
    );
    void downloadCanvas(picture, `neocortex-${shown === null ? 'picture' : `tick-${shown}`}.png`);
  });

  return {
    get frozen() {
      return frozen;
    },
  };
}
