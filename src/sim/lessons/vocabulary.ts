/**
 * What the page is told about lessons (the wire re-exports these types): the lessons
 * a server offers and the step a lesson is at, the same for every viewer.
 */
import type { LessonPanel } from './schema.ts';

export type { LessonPanel };

/** One lesson the server offers. */
export interface LessonSummary {
  id: string;
  title: string;
  summary: string;
  /** Its number of steps. */
  steps: number;
  /** Shipped with the package, or loaded from the teacher's folder (`serve --lessons DIR`). */
  source: 'built-in' | 'teacher';
}

/** The step a lesson is at, as every viewer sees it. */
export interface LessonStepView {
  /** The lesson's id and title. */
  lesson: string;
  title: string;
  /** The step's position, from 0, and the lesson's number of steps. */
  index: number;
  count: number;
  /** The step's own title, if it has one. */
  stepTitle?: string;
  /** What to look at and why. */
  caption: string;
  /** A question for the class. */
  question?: string;
  /** The panels that show (the others are hidden), in the page's order. */
  panels: LessonPanel[];
  /**
   * What this session could not do of the step, in plain words (a panel for a model it
   * lacks, a class its data set does not have); empty when it did everything.
   */
  notes: string[];
}

/** The `lesson` event: the lessons on offer and the current step (null: no lesson running). */
export interface LessonUpdate {
  lessons: LessonSummary[];
  current: LessonStepView | null;
}
