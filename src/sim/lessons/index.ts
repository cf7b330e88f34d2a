/** Guided lessons: the schema, reading a folder of them, and applying a step to a session. */
export * from './schema.ts';
export * from './vocabulary.ts';
export * from './settings.ts';
export { applyLessonStep, type AppliedStep } from './apply.ts';
export {
  BUILT_IN_LESSONS_DIR,
  checkLessonText,
  loadLessonCatalogue,
  loadLessons,
  type LoadedLesson,
} from './load.ts';
