/**
 * What a lesson's step k means for the session: the settings of the steps up to k,
 * each later step overriding what an earlier one set, over a baseline taken when the
 * lesson started. So Back and Next land on the same session whichever way a step is
 * reached (a lesion set in step 2 is gone again in step 1). The input is the one
 * exception: a step's own pick (a class, a test image, the next one) is an action done
 * when the step is shown, while staying on the input is a setting like the others.
 */
import type { Occlusion, SessionMode, SessionState } from '../session/vocabulary.ts';
import {
  LESSON_PANELS,
  OCCLUSION_PRESETS,
  type Lesson,
  type LessonInput,
  type LessonPanel,
} from './schema.ts';

/** The session's settings a lesson step leaves it in. */
export interface LessonSettings {
  mode: SessionMode;
  playing: boolean;
  speed: number;
  settleSpeed: number;
  settleAutoAdvance: boolean;
  lesion: boolean;
  /** Held top-area units: unit index to value (every other unit free). */
  clamps: Map<number, number>;
  occlusion: Occlusion | null;
  inputHeld: boolean;
}

/** A step's own pick of input, done when the step is shown (none: the input stays as it is). */
export type LessonInputPick = Exclude<LessonInput, 'stay' | 'release'> | null;

/** Where a lesson starts from: the session's pace and mode as they were, nothing lesioned, hidden, clamped or held. */
export function lessonBaseline(state: SessionState): LessonSettings {
  return {
    mode: state.mode,
    playing: state.playing,
    speed: state.speed,
    settleSpeed: state.settleSpeed,
    settleAutoAdvance: state.settleAutoAdvance,
    lesion: false,
    clamps: new Map(),
    occlusion: null,
    inputHeld: false,
  };
}

/** A step's occlusion as a rectangle (a preset's name looked up). */
function rectangle(occlusion: Occlusion | keyof typeof OCCLUSION_PRESETS | null): Occlusion | null {
  if (occlusion === null) return null;
  return typeof occlusion === 'string' ? { ...OCCLUSION_PRESETS[occlusion] } : { ...occlusion };
}

/** The settings at step `index` of `lesson` (0-based, in range), over `baseline`. */
export function lessonSettings(
  lesson: Lesson,
  index: number,
  baseline: LessonSettings,
): LessonSettings {
  const out: LessonSettings = { ...baseline, clamps: new Map(baseline.clamps) };
  for (const step of lesson.steps.slice(0, index + 1)) {
    if (step.mode !== undefined) out.mode = step.mode;
    if (step.playing !== undefined) out.playing = step.playing;
    if (step.speed !== undefined) out.speed = step.speed;
    if (step.settleSpeed !== undefined) out.settleSpeed = step.settleSpeed;
    if (step.settleAutoAdvance !== undefined) out.settleAutoAdvance = step.settleAutoAdvance;
    if (step.lesion !== undefined) out.lesion = step.lesion;
    if (step.clamps !== undefined) out.clamps = new Map(step.clamps.map((c) => [c.unit, c.value]));
    if (step.occlusion !== undefined) out.occlusion = rectangle(step.occlusion);
    if (step.input === 'release') out.inputHeld = false;
    else if (step.input !== undefined && step.input !== 'next') out.inputHeld = true;
  }
  return out;
}

/** The input step `index` picks when shown, or null when it picks none. */
export function lessonInputPick(lesson: Lesson, index: number): LessonInputPick {
  const input = lesson.steps[index]?.input;
  return input === undefined || input === 'stay' || input === 'release' ? null : input;
}

/** The panels step `index` shows: its own list, else the lesson's, else all; in the page's order. */
export function lessonPanels(lesson: Lesson, index: number): LessonPanel[] {
  const listed = lesson.steps[index]?.panels ?? lesson.panels;
  return listed === undefined
    ? [...LESSON_PANELS]
    : LESSON_PANELS.filter((p) => listed.includes(p));
}
