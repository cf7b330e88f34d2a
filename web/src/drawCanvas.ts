/**
 * A canvas to draw a digit on with mouse, pen or finger, or (from the keyboard) a sample digit
 * loaded onto it. While drawing (when "feed while drawing" is on), on "Feed it in" and on
 * loading a sample, the drawing goes to the session as a 28x28 input. "Clear" wipes the canvas
 * and, when the session shows a drawing, goes back to the test set (no "(drawn)" input is left).
 * Generate mode has no input: there the pad is off, saying why.
 */
import type { SessionMode, SessionState } from '../../src/server/wire.ts';
import { applyAvailability, unavailableReason } from './a11yModes.ts';
import { sampleDigits } from './a11ySampleDigits.ts';
import type { Control } from './controlSender.ts';
import { digitPixels } from './digitPixels.ts';

const PEN_WIDTH = 18;
const FEED_EVERY_MS = 100;

export interface DrawPad {
  setEnabled(enabled: boolean): void;
  /** Follow the session: its mode (the pad is off in generate) and its input's source. */
  setState(state: Pick<SessionState, 'mode' | 'inputSource'>): void;
}

export function createDrawPad(
  canvas: HTMLCanvasElement,
  feed: HTMLButtonElement,
  clear: HTMLButtonElement,
  auto: HTMLInputElement,
  send: (control: Control) => void,
): DrawPad {
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  let enabled = true;
  let mode: SessionMode = 'train';
  let drawnShown = false;
  let nextSample = 0;
  const sample = document.createElement('button');
  sample.type = 'button';
  sample.id = 'draw-sample';
  sample.textContent = 'Load a sample digit';
  sample.title = 'Put a sample digit on the canvas and feed it in (no mouse needed)';
  clear.insertAdjacentElement('afterend', sample);
  const reason = document.createElement('p');
  reason.className = 'reason';
  reason.id = 'draw-reason';
  reason.hidden = true;
  canvas.parentElement!.insertAdjacentElement('afterend', reason);
  canvas.setAttribute('role', 'img');
  const describe = (text: string): void => canvas.setAttribute('aria-label', text);
  describe('Drawing canvas: empty. Draw with a pointer, or load a sample digit.');
  const refresh = (): void => {
    const why = unavailableReason('draw', mode);
    applyAvailability([feed, clear, sample, auto], reason, why, enabled);
    canvas.classList.toggle('disabled', !enabled || why !== null);
  };
  let drawing = false;
  let last: [number, number] | null = null;
  let lastFeed = 0;

  const wipe = (): void => {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
  };
  wipe();

  const sendDrawing = (): void => {
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const ink = new Float32Array(canvas.width * canvas.height);
    for (let i = 0; i < ink.length; i++) ink[i] = 1 - data[i * 4]! / 255;
    const pixels = digitPixels(ink, canvas.width, canvas.height);
    if (pixels.some((v) => v > 0)) {
      // Three decimals keep the message small (the server reads at most 16 KB).
      send({ action: 'input', pixels: Array.from(pixels, (v) => Math.round(v * 1000) / 1000) });
    }
  };

  const point = (event: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * canvas.width,
      ((event.clientY - box.top) / box.height) * canvas.height,
    ];
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (!enabled || unavailableReason('draw', mode) !== null) return;
    describe('Drawing canvas: your drawing.');
    drawing = true;
    last = point(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing || last === null) return;
    const next = point(event);
    context.strokeStyle = '#000';
    context.lineWidth = PEN_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(last[0], last[1]);
    context.lineTo(next[0], next[1]);
    context.stroke();
    last = next;
    if (auto.checked && event.timeStamp - lastFeed > FEED_EVERY_MS) {
      lastFeed = event.timeStamp;
      sendDrawing();
    }
  });
  const end = (): void => {
    if (!drawing) return;
    drawing = false;
    last = null;
    if (auto.checked) sendDrawing();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  feed.addEventListener('click', sendDrawing);
  clear.addEventListener('click', () => {
    wipe();
    describe('Drawing canvas: empty. Draw with a pointer, or load a sample digit.');
    // The session would keep showing the drawing as "(drawn)": go back to the test set.
    if (drawnShown) send({ action: 'next-input' });
  });
  sample.addEventListener('click', () => {
    const digit = sampleDigits[nextSample % sampleDigits.length]!;
    nextSample += 1;
    wipe();
    context.strokeStyle = '#000';
    context.lineWidth = PEN_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of digit.strokes) {
      context.beginPath();
      stroke.forEach(([x, y], k) => {
        const px = x * canvas.width;
        const py = y * canvas.height;
        if (k === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      });
      context.stroke();
    }
    describe(`Drawing canvas: a sample ${digit.digit}.`);
    sendDrawing();
  });
  refresh();

  return {
    setEnabled(value) {
      enabled = value;
      refresh();
    },
    setState(state) {
      mode = state.mode;
      drawnShown = state.inputSource === 'drawn';
      refresh();
    },
  };
}
