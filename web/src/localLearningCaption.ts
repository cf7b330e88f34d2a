/**
 * The words of the local-learning panel: what one local step of a predictive-coding network
 * is, in plain words for students, and a note when the panel shows an older step.
 */
import type { LocalLearningTrace, SessionMode } from '../../src/server/wire.ts';

/** What the local-learning chart shows for a model, with T settle iterations. */
export function localLearningCaption(
  model: LocalLearningTrace['model'],
  iterations: number,
): string {
  const clamped =
    model === 'pcn'
      ? 'The image (the sensory area) and its correct label are clamped: held fixed.'
      : 'The image (the sensory area) is clamped: held fixed. The other areas start at rest.';
  return (
    `Local learning, one batch at a time. ${clamped} The free areas then settle for ` +
    `${iterations} iterations: each moves to reduce the prediction errors around it, so the ` +
    'total energy (the wide grey line) falls, even where one area takes on more error to relieve another. ' +
    'Then each pathway changes its weights using only the activity of the area it comes from ' +
    'and the prediction error of the area it predicts. No error is sent back through the ' +
    'network: this is not backprop. The dashed last step is the energy after that weight update.'
  );
}

/** A note above the chart when it is not live (another mode), or empty. */
export function localLearningNote(mode: SessionMode | null, step: number | null): string {
  if (step === null) return 'Waiting for the first training step (press Play in Train mode).';
  if (mode === 'train' || mode === null) return '';
  return (
    `No learning in this mode: this is the last training step (step ${step}). ` +
    'Switch to Train to watch local learning live.'
  );
}
