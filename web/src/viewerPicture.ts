/**
 * "Save picture": the sensory images (input, prediction, prediction error) side by side, each
 * 28x28 canvas scaled up without smoothing, with its name under it, as a PNG file the browser
 * downloads. Made from the canvases the page shows, so it is what this screen shows (a frozen
 * view saves the frozen picture).
 */
import { downloadBlob } from './download.ts';

/** One image of the picture: the page's canvas and the name written under it. */
export interface PictureImage {
  canvas: HTMLCanvasElement;
  label: string;
}

/** Pixels per image pixel, the gap between images and the caption band, in picture pixels. */
const SCALE = 10;
const GAP = 16;
const CAPTION = 40;

/** The picture's size for `count` images of `side` x `side` pixels. */
export function pictureSize(count: number, side = 28): { width: number; height: number } {
  const image = side * SCALE;
  return { width: count * image + (count + 1) * GAP, height: image + 2 * GAP + CAPTION };
}

/** Draw the images side by side on a new canvas (white, each with its label). */
export function composePicture(images: readonly PictureImage[], title: string): HTMLCanvasElement {
  const side = images[0]?.canvas.width ?? 28;
  const { width, height } = pictureSize(images.length, side);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height + CAPTION;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;
  context.fillStyle = '#1d2330';
  context.font = '600 22px system-ui, sans-serif';
  context.textAlign = 'left';
  context.fillText(title, GAP, GAP + 22);
  context.textAlign = 'center';
  images.forEach((image, i) => {
    const x = GAP + i * (side * SCALE + GAP);
    const y = CAPTION + GAP;
    context.drawImage(image.canvas, x, y, side * SCALE, side * SCALE);
    context.strokeStyle = '#9aa3b3';
    context.strokeRect(x - 0.5, y - 0.5, side * SCALE + 1, side * SCALE + 1);
    context.fillText(image.label, x + (side * SCALE) / 2, y + side * SCALE + 30);
  });
  return canvas;
}

/** Save `canvas` as `fileName` (a PNG) through a temporary download link. */
export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) return reject(new Error('the picture could not be made'));
      downloadBlob(blob, fileName);
      resolve();
    }, 'image/png');
  });
}
