/**
 * The lesson desk: the lessons a server offers and the one running, held by the server
 * so every viewer sees the same step. The teacher (the holder of the control token)
 * starts a lesson and moves Next and Back through `control` messages; each move puts
 * the session in the step's state through its own controls (src/sim/lessons) and
 * publishes a {@link LessonUpdate} on `update$`, which the socket side sends to every
 * viewer as the `lesson` event (and to each new viewer right after `hello`).
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import {
  applyLessonStep,
  lessonBaseline,
  lessonInputPick,
  lessonPanels,
  lessonSettings,
  type Lesson,
  type LessonSettings,
  type LessonStepView,
  type LessonSummary,
  type LessonUpdate,
  type LoadedLesson,
} from '../sim/lessons/index.ts';
import { ControlError, type Session } from '../sim/session/index.ts';

interface Running {
  lesson: Lesson;
  index: number;
  /** The session's settings when the lesson started: what steps that set nothing keep. */
  baseline: LessonSettings;
  view: LessonStepView;
}

/** The lessons on offer and the step the running one is at; see the file comment. */
export class LessonDesk {
  private readonly lessons: Map<string, LoadedLesson>;
  private readonly summaries: LessonSummary[];
  private readonly updates: BehaviorSubject<LessonUpdate>;
  private running: Running | null = null;
  /** Every change: the lesson started, stopped, or moved a step. */
  readonly update$: Observable<LessonUpdate>;

  /**
   * @param session - the session the steps are applied to
   * @param lessons - the lessons on offer (ids differ: loadLessons checks it)
   */
  constructor(
    private readonly session: Session,
    lessons: readonly LoadedLesson[],
  ) {
    this.lessons = new Map(lessons.map((l) => [l.lesson.id, l]));
    this.summaries = lessons.map(({ lesson, source }) => ({
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      steps: lesson.steps.length,
      source,
    }));
    this.updates = new BehaviorSubject(this.snapshot());
    this.update$ = this.updates.asObservable();
  }

  /** The lessons on offer and the current step (null when none runs). */
  get current(): LessonUpdate {
    return this.updates.value;
  }

  /**
   * Start the lesson `id` at its first step (from the session as it is now), or stop the
   * running one (null: the session stays as the last step left it). An unknown id is
   * refused with a ControlError naming the ids there are.
   */
  choose(id: string | null): void {
    if (id === null) {
      this.running = null;
      this.publish();
      return;
    }
    const loaded = this.lessons.get(id);
    if (loaded === undefined) {
      const ids = [...this.lessons.keys()];
      throw new ControlError(
        `lesson: no lesson "${id}" here (${ids.length === 0 ? 'none is loaded' : `there are ${ids.join(', ')}`})`,
      );
    }
    const baseline = lessonBaseline(this.session.state);
    this.show(loaded.lesson, 0, baseline);
  }

  /** The next step; refused (ControlError) with no lesson running or at its last step. */
  next(): void {
    const running = this.require('next');
    if (running.index + 1 >= running.lesson.steps.length) {
      throw new ControlError(
        `lesson next: already at the last step (${running.index + 1} of ${running.lesson.steps.length})`,
      );
    }
    this.show(running.lesson, running.index + 1, running.baseline);
  }

  /** The step before; refused (ControlError) with no lesson running or at its first step. */
  back(): void {
    const running = this.require('back');
    if (running.index === 0) {
      throw new ControlError(
        `lesson back: already at the first step (1 of ${running.lesson.steps.length})`,
      );
    }
    this.show(running.lesson, running.index - 1, running.baseline);
  }

  /** Stop publishing. */
  dispose(): void {
    this.updates.complete();
  }

  private require(what: string): Running {
    if (this.running === null) {
      throw new ControlError(`lesson ${what}: no lesson is running (choose one first)`);
    }
    return this.running;
  }

  private show(lesson: Lesson, index: number, baseline: LessonSettings): void {
    const step = lesson.steps[index]!;
    const applied = applyLessonStep(
      this.session,
      lessonSettings(lesson, index, baseline),
      lessonInputPick(lesson, index),
      lessonPanels(lesson, index),
    );
    const view: LessonStepView = {
      lesson: lesson.id,
      title: lesson.title,
      index,
      count: lesson.steps.length,
      ...(step.title !== undefined ? { stepTitle: step.title } : {}),
      caption: step.caption,
      ...(step.question !== undefined ? { question: step.question } : {}),
      panels: applied.panels,
      notes: applied.notes,
    };
    this.running = { lesson, index, baseline, view };
    this.publish();
  }

  private snapshot(): LessonUpdate {
    return { lessons: this.summaries, current: this.running?.view ?? null };
  }

  private publish(): void {
    this.updates.next(this.snapshot());
  }
}
