/**
 * The sensory level as three pictures: the input as the model sees it, the
 * top-down prediction of it, and the prediction error (red: ink the prediction
 * missed, blue: ink it predicted that is not there).
 */
import type { Frame, Occlusion, Topology } from '../../src/server/wire.ts';
import { errorSummary, imageSummary, labelImage } from './chartSummary.ts';
import { divergingColor, inkColor } from './colors.ts';
import { filledIn, hidden } from './fillIn.ts';
import { colorTable, paintCells } from './pixels.ts';

const ink = colorTable(inkColor);
const diverging = colorTable(divergingColor);

export interface SensoryImages {
  input: HTMLCanvasElement;
  prediction: HTMLCanvasElement;
  error: HTMLCanvasElement;
  inputNote: HTMLElement;
  errorNote: HTMLElement;
  inputLabel: HTMLElement;
}

function blank(canvas: HTMLCanvasElement, width: number, height: number): void {
  paintCells(canvas, width, height, ink, () => 0);
}

function showNote(note: HTMLElement, text: string | null): void {
  note.hidden = text === null;
  if (text !== null && note.textContent !== text) note.textContent = text;
}

/**
 * Paint the input, the prediction and the error. Under an occluder, in settle mode (where
 * the hidden pixels get precision 0), the input shows the prediction's fill-in and the error is blank: those pixels are
 * unknown to the model, not white.
 */
export function paintSensoryImages(
  images: SensoryImages,
  frame: Frame,
  topology: Topology,
  drawn: boolean,
  occlusion: Occlusion | null = null,
): void {
  const [height, width] = topology.imageShape;
  const size = width * height;
  const { prediction } = frame;
  const hiding = frame.mode === 'settle' && prediction.length === size ? occlusion : null;
  const input = hiding === null ? frame.input : filledIn(frame.input, prediction, hiding, width);
  const predictionError = frame.predictionError;
  if (input.length === size) paintCells(images.input, width, height, ink, (i) => input[i]!);
  else blank(images.input, width, height);
  if (prediction.length === size) {
    paintCells(images.prediction, width, height, ink, (i) => prediction[i]!);
  } else blank(images.prediction, width, height);
  if (predictionError.length === size) {
    paintCells(images.error, width, height, diverging, (i) =>
      hidden(hiding, width, i) ? 127.5 : 127.5 + predictionError[i]!,
    );
  } else blank(images.error, width, height);

  const dreaming = frame.mode === 'generate';
  showNote(images.inputNote, dreaming ? 'no input: the model is dreaming' : null);
  showNote(images.errorNote, dreaming ? 'nothing to compare with' : null);
  const label =
    frame.label >= 0 ? `(a ${topology.classifier.classes[frame.label] ?? frame.label})` : '';
  const source = dreaming ? '' : drawn ? '(drawn)' : label;
  // Under the picture, not over it: the note must not hide the fill-in it describes.
  const text = hiding === null ? source : `${source} · hidden part filled in by the prediction`;
  if (images.inputLabel.textContent !== text) images.inputLabel.textContent = text;
  // Text alternatives: what each picture shows, in words.
  labelImage(
    images.input,
    dreaming ? 'Input: none, the model is dreaming.' : imageSummary('Input', input, text),
  );
  labelImage(images.prediction, imageSummary('Prediction from the top down', prediction));
  labelImage(
    images.error,
    dreaming ? 'Prediction error: nothing to compare with.' : errorSummary(predictionError),
  );
}
