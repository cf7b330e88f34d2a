/**
 * Time: the clock that drives ticks, probes that record activity into bounded
 * buffers, and live sessions (one running simulation with its controls).
 *
 * @module sim
 */
export { Probe, probeActivity } from './probe.ts';
export type { ProbeActivityOptions } from './probe.ts';
export * from './session/index.ts';
export {
  BUILT_IN_LESSONS_DIR,
  Lesson,
  LessonStep,
  loadLessonCatalogue,
  loadLessons,
  type LessonStepView,
  type LessonSummary,
  type LessonUpdate,
  type LoadedLesson,
} from './lessons/index.ts';
export type { SessionHistory } from './session/sessionHistory.ts';
export { SessionSpec, sessionSpecSchema } from './session/sessionSpec.ts';
export type { SessionSpecInput } from './session/sessionSpec.ts';
export type { SessionGenerative, SessionGenerativeInput } from './session/sessionGenerative.ts';
export type { SessionClassifier, SessionClassifierInput } from './session/sessionClassifier.ts';
