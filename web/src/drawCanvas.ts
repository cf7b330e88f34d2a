/**
 * A canvas to draw a digit on with mouse, pen or finger. While drawing (when
 * "feed while drawing" is on) and on "Feed it in", the drawing goes to the
 * session as a 28x28 input.
 */
import type { Control } from './controlSender.ts';
import { digitPixels } from './digitPixels.ts';

const PEN_WIDTH = 18;
const FEED_EVERY_MS = 100;

export interface DrawPad {
  setEnabled(enabled: boolean): void;
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
    if (!enabled) return;
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
  clear.addEventListener('click', wipe);

  return {
    setEnabled(value) {
      enabled = value;
      canvas.classList.toggle('disabled', !value);
      feed.disabled = !value;
      clear.disabled = !value;
      auto.disabled = !value;
    },
  };
}
