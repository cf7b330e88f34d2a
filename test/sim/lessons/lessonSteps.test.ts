/**
 * Applying lesson steps to a real session: each step puts the session in the state it says,
 * Back lands where Next did (settings fold over the steps), what the session cannot do
 * becomes a note, and every built-in lesson runs on the default session spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  applyLessonStep,
  Lesson,
  lessonBaseline,
  lessonInputPick,
  lessonPanels,
  lessonSettings,
  loadLessonCatalogue,
  type LessonInputFile,
} from '../../../src/sim/lessons/index.ts';
import { createSession, Session } from '../../../src/sim/session/index.ts';
import { parseSessionSpec } from '../../../src/sim/session/parsedSessionSpec.ts';
import { tinyData, tinySpec } from '../sessionFixture.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const sessions: Session[] = [];
afterAll(async () => {
  for (const s of sessions) await s.dispose();
});
function tinySession(): Session {
  const s = new Session(parseSessionSpec(tinySpec({ mode: 'train' })), tinyData());
  sessions.push(s);
  return s;
}

const written: LessonInputFile = {
  id: 'test',
  title: 'Test',
  summary: 'Every kind of setting.',
  steps: [
    { caption: 'one', mode: 'recognize', input: { class: 2 }, speed: 12, panels: ['sensory'] },
    {
      caption: 'two',
      lesion: true,
      occlusion: 'bottom',
      clamps: [
        { unit: 1, value: 2 },
        { unit: 9, value: 1 },
      ],
      settleSpeed: 3,
      panels: ['sensory', 'local', 'diagram'],
    },
    { caption: 'three', mode: 'settle', input: { testImage: 5 }, playing: false },
    { caption: 'four', input: 'release', occlusion: null, clamps: [] },
  ],
};
const lesson = Lesson.parse(written);

/** Step `index` of `lesson` applied to `s` from `baseline`; the notes and panels. */
function go(s: Session, index: number, baseline = lessonBaseline(s.state)) {
  return applyLessonStep(
    s,
    lessonSettings(lesson, index, baseline),
    lessonInputPick(lesson, index),
    lessonPanels(lesson, index),
  );
}

describe('lesson steps on a session', () => {
  it('each step sets what it says, through the session’s controls', () => {
    const s = tinySession();
    const baseline = lessonBaseline(s.state);
    const one = go(s, 0, baseline);
    expect(one).toEqual({ notes: [], panels: ['sensory'] });
    expect(s.state).toMatchObject({ mode: 'recognize', speed: 12, inputHeld: true });
    expect(tinyData().test.labels[s.testImage!]).toBe(2);

    // The tiny model's top area has 4 units and learns by backprop: two notes, its panels shown.
    const two = go(s, 1, baseline);
    expect(two.panels).toEqual(['diagram', 'sensory']);
    expect(two.notes).toHaveLength(2);
    expect(two.notes[0]).toBe(
      'The top area of this model has 4 units (0 to 3): unit 9 is left free.',
    );
    expect(two.notes[1]).toMatch(
      /^This session has no model that learns locally, so the local-learning panel cannot show/,
    );
    expect(s.state).toMatchObject({
      mode: 'recognize',
      feedbackLesioned: true,
      occlusion: { x: 0, y: 14, width: 28, height: 14 },
      clamp: [null, 2, null, null],
      settleSpeed: 3,
      speed: 12,
    });

    const tick = s.state.tick;
    go(s, 2, baseline);
    expect(s.state).toMatchObject({ mode: 'settle', playing: false });
    expect(s.testImage).toBe(5);
    // Paused on a step: one tick shows it.
    expect(s.state.tick).toBe(tick + 1);
    expect(s.latestFrame!.iteration).toBe(1);

    go(s, 3, baseline);
    expect(s.state).toMatchObject({
      inputHeld: false,
      occlusion: null,
      clamp: [null, null, null, null],
    });
    expect(s.state.feedbackLesioned).toBe(true);
  });

  it('Back lands where Next did: a setting made in a later step is undone', () => {
    const s = tinySession();
    const baseline = lessonBaseline(s.state);
    go(s, 0, baseline);
    const first = s.state;
    go(s, 1, baseline);
    expect(s.state.feedbackLesioned).toBe(true);
    go(s, 0, baseline);
    const again = s.state;
    for (const key of [
      'mode',
      'feedbackLesioned',
      'occlusion',
      'clamp',
      'settleSpeed',
      'speed',
      'inputHeld',
    ] as const) {
      expect(again[key], key).toEqual(first[key]);
    }
    // The baseline: the session's pace as the lesson found it.
    expect(lessonSettings(lesson, 0, baseline).settleSpeed).toBe(baseline.settleSpeed);
  });

  it('a class the data set does not have is a note; the input stays', () => {
    const s = tinySession();
    const named = Lesson.parse({
      ...written,
      steps: [{ caption: 'x', input: { class: 'seven' } }],
    });
    const before = s.testImage;
    const applied = applyLessonStep(
      s,
      lessonSettings(named, 0, lessonBaseline(s.state)),
      lessonInputPick(named, 0),
      lessonPanels(named, 0),
    );
    expect(applied.notes[0]).toMatch(/^This data set has no class "seven" \(its classes: /);
    expect(s.testImage).toBe(before);
  });

  it('every built-in lesson runs from start to end on the default session spec', async () => {
    const session = await createSession({ playing: false, training: 'inline' });
    sessions.push(session);
    expect(session.topology.classifier.classes).toHaveLength(10);
    for (const { lesson: builtIn } of await loadLessonCatalogue()) {
      const baseline = lessonBaseline(session.state);
      builtIn.steps.forEach((step, index) => {
        const applied = applyLessonStep(
          session,
          lessonSettings(builtIn, index, baseline),
          lessonInputPick(builtIn, index),
          lessonPanels(builtIn, index),
        );
        const where = `${builtIn.id} step ${index + 1}`;
        // The default session has no local learner: the one thing it cannot show.
        const expected = (step.panels ?? []).includes('local') ? 1 : 0;
        expect(applied.notes, where).toHaveLength(expected);
        if (step.mode !== undefined) expect(session.state.mode, where).toBe(step.mode);
        if (step.lesion !== undefined)
          expect(session.state.feedbackLesioned, where).toBe(step.lesion);
        if (typeof step.input === 'object' && 'class' in step.input) {
          expect(session.tick().label, where).toBe(step.input.class);
        }
        session.pause();
        session.tick();
      });
    }
  }, 120_000);
});
