/**
 * Put a session in the state a lesson's step asks for, through the session's own
 * controls (setMode, lesionFeedback, setClamp, showClass, ...), changing only what
 * differs. What the session cannot do (a panel for a model it lacks, a unit its top
 * area does not have, a class its data set does not have) is skipped and said in a
 * note, in plain words, for the page to show: a lesson never stops on it.
 */
import { ControlError } from '../session/controls.ts';
import type { Session } from '../session/session.ts';
import type { LessonPanel } from './schema.ts';
import type { LessonInputPick, LessonSettings } from './settings.ts';

/** What applying a step did not do, and the panels that show. */
export interface AppliedStep {
  notes: string[];
  panels: LessonPanel[];
}

/** The class index `wanted` names (an index, or a name in any case), or undefined. */
function classIndex(wanted: number | string, classNames: readonly string[]): number | undefined {
  if (typeof wanted === 'number') return wanted < classNames.length ? wanted : undefined;
  const index = classNames.findIndex((name) => name.toLowerCase() === wanted.toLowerCase());
  return index < 0 ? undefined : index;
}

/** Show the input a step picks; a pick this session cannot make is a note. */
function pickInput(session: Session, pick: LessonInputPick, notes: string[]): void {
  if (pick === null) return;
  if (pick === 'next') return session.nextInput();
  try {
    if ('testImage' in pick) return session.showTestImage(pick.testImage);
    const index = classIndex(pick.class, session.classNames);
    if (index === undefined) {
      notes.push(
        `This data set has no class ${JSON.stringify(pick.class)} (its classes: ` +
          `${session.classNames.join(', ')}), so the input stays as it was.`,
      );
      return;
    }
    session.showClass(index);
  } catch (error) {
    if (!(error instanceof ControlError)) throw error;
    notes.push(`The input stays as it was: ${error.message}.`);
  }
}

/** The clamp vector of the session's top area: the listed units held, the rest free. */
function clampValues(session: Session, clamps: Map<number, number>, notes: string[]) {
  const size = session.topology.latentSize;
  const values = new Array<number | null>(size).fill(null);
  for (const [unit, value] of clamps) {
    if (unit < size) values[unit] = value;
    else {
      notes.push(
        `The top area of this model has ${size} units (0 to ${size - 1}): unit ${unit} is left free.`,
      );
    }
  }
  return values;
}

/** Whether either of the session's models learns locally (the local-learning panel's subject). */
function learnsLocally(session: Session): boolean {
  const { generative, classifier } = session.topology;
  return generative.learning === 'local' || classifier.learning === 'local';
}

/**
 * Apply `settings`, the step's input `pick` and its `panels` to `session`. Returns the notes
 * (what could not be done) and the panels the page shows (those the session can fill).
 */
export function applyLessonStep(
  session: Session,
  settings: LessonSettings,
  pick: LessonInputPick,
  panels: readonly LessonPanel[],
): AppliedStep {
  const notes: string[] = [];
  const state = session.state;
  if (state.mode !== settings.mode) session.setMode(settings.mode);
  if (state.feedbackLesioned !== settings.lesion) session.lesionFeedback(settings.lesion);
  if (JSON.stringify(state.occlusion) !== JSON.stringify(settings.occlusion)) {
    session.setOcclusion(settings.occlusion);
  }
  const clamp = clampValues(session, settings.clamps, notes);
  if (JSON.stringify(state.clamp) !== JSON.stringify(clamp)) session.setClamp(clamp);
  pickInput(session, pick, notes);
  if (state.inputHeld !== settings.inputHeld) session.holdInput(settings.inputHeld);
  if (state.speed !== settings.speed) session.setSpeed(settings.speed);
  if (state.settleSpeed !== settings.settleSpeed) session.setSettleSpeed(settings.settleSpeed);
  if (state.settleAutoAdvance !== settings.settleAutoAdvance) {
    session.setSettleAutoAdvance(settings.settleAutoAdvance);
  }
  if (state.playing !== settings.playing) {
    if (settings.playing) session.play();
    else session.pause();
  }
  // Paused, the page would still show the last frame: one tick shows the step (not in train
  // mode, where a tick is a training step).
  if (!settings.playing && settings.mode !== 'train') session.step();
  let shown = [...panels];
  if (shown.includes('local') && !learnsLocally(session)) {
    shown = shown.filter((p) => p !== 'local');
    notes.push(
      'This session has no model that learns locally, so the local-learning panel cannot show: ' +
        'start the server with `neocortex serve --model pcn` (or pcn,pcgen) to see it.',
    );
  }
  return { notes, panels: shown };
}
