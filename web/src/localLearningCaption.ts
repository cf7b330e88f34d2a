/**
 * The words of the local-learning panel: what one local step of a predictive-coding network
 * is, in plain words for students, and a note when the panel shows an older step. What each
 * model holds fixed during its step is its kind's sentence (its captions' `localLearning`).
 */
import type { ModelTopology, SessionMode } from '../../src/server/wire.ts';

/** A model that learns locally, as the panel names it: its kind's chart title and clamp sentence. */
export interface LocalModelWords {
  /** Its kind's name, to tell two models' sentences apart. */
  kind: string;
  title: string;
  clamped: string;
}

/** The panel's words for `model`, or undefined when it does not learn locally. */
export function localWordsOf(model: ModelTopology): LocalModelWords | undefined {
  const words = model.captions.localLearning;
  if (model.learning !== 'local' || words === undefined) return undefined;
  return { kind: model.kind, ...words };
}

/** What the local-learning charts show for `models`, each settling for T iterations. */
export function localLearningCaption(models: readonly LocalModelWords[]): string {
  const clamped =
    models.length === 1
      ? models[0]!.clamped
      : models.map((m) => `${m.kind}: ${m.clamped}`).join(' ');
  return (
    `Local learning, one batch at a time. ${clamped} The free areas then settle for T ` +
    'iterations: each moves to reduce the prediction errors around it, so the total energy ' +
    '(the wide grey line) falls, even where one area takes on more error to relieve another. ' +
    'Then each pathway changes its weights using only the activity of the area it comes from ' +
    'and the prediction error of the area it predicts. No error is sent back through the ' +
    'network: this is not backprop. The dashed last step is the energy after that weight update.'
  );
}

/** A note above the charts when they are not live (another mode), or empty. */
export function localLearningNote(mode: SessionMode | null, step: number | null): string {
  if (step === null) return 'Waiting for the first training step (press Play in Train mode).';
  if (mode === 'train' || mode === null) return '';
  return (
    `No learning in this mode: this is the last training step (step ${step}). ` +
    'Switch to Train to watch local learning live.'
  );
}
