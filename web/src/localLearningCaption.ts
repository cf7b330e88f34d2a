/**
 * The words of the local-learning panel: what one local step of a predictive-coding network
 * is, in plain words for students, and a note when the panel shows an older step.
 */
import type { LocalLearningTrace, SessionMode } from '../../src/server/wire.ts';

/** The models that may learn locally in a session. */
export type LocalModel = LocalLearningTrace['model'];

/** What the local-learning charts show for `models`, each settling for T iterations. */
export function localLearningCaption(models: readonly LocalModel[]): string {
  const pcn = models.includes('pcn');
  const pcgen = models.includes('pcgen');
  const clamped =
    pcn && pcgen
      ? 'The image (the sensory area) is clamped: held fixed; for the pcn its correct label ' +
        'too, while the pcgen’s other areas start at rest.'
      : pcn
        ? 'The image (the sensory area) and its correct label are clamped: held fixed.'
        : 'The image (the sensory area) is clamped: held fixed. The other areas start at rest.';
  return (
    `Local learning, one batch at a time. ${clamped} The free areas then settle for T ` +
    'iterations: each moves to reduce the prediction errors around it, so the total energy ' +
    '(the wide grey line) falls, even where one area takes on more error to relieve another. ' +
    'Then each pathway changes its weights using only the activity of the area it comes from ' +
    'and the prediction error of the area it predicts. No error is sent back through the ' +
    'network: this is not backprop. The dashed last step is the energy after that weight update.'
  );
}

/** What each model's chart is titled. */
export const localModelTitles: Record<LocalModel, string> = {
  pcn: 'pcn (the classifier): image, hidden areas, label',
  pcgen: 'pcgen (the generative network): sensory and latent areas',
};

/** A note above the charts when they are not live (another mode), or empty. */
export function localLearningNote(mode: SessionMode | null, step: number | null): string {
  if (step === null) return 'Waiting for the first training step (press Play in Train mode).';
  if (mode === 'train' || mode === null) return '';
  return (
    `No learning in this mode: this is the last training step (step ${step}). ` +
    'Switch to Train to watch local learning live.'
  );
}
